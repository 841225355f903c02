"""Logger, tracer and metrics shared by every function (one metrics namespace)."""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics, Tracer

NAMESPACE = "Courtside"

# The service name comes from POWERTOOLS_SERVICE_NAME, which the stack sets per function.
logger = Logger()
tracer = Tracer()
metrics = Metrics(namespace=NAMESPACE)

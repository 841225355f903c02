"""Logger, tracer and metrics shared by every function (one namespace, one service name)."""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics, Tracer

NAMESPACE = "Courtside"

logger = Logger(service="courtside")
tracer = Tracer(service="courtside")
metrics = Metrics(namespace=NAMESPACE, service="courtside")

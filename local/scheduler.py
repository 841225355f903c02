"""The local stand-in for the EventBridge schedule: results processing on a timer.

`make run` starts a daemon thread that runs `courtside.domain.results.run_results` once
at start-up (games that finished while the server was down) and then every
`COURTSIDE_RESULTS_INTERVAL` seconds (default 60). A failed run is logged and the
timer keeps going, as the next scheduled Lambda invocation would.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any

DEFAULT_INTERVAL_SECONDS = 60.0
ENV_INTERVAL = "COURTSIDE_RESULTS_INTERVAL"


def interval_from_environ(environ: dict[str, str] | None = None) -> float:
    """Seconds between runs: `COURTSIDE_RESULTS_INTERVAL`, else 60; must be positive."""
    env = os.environ if environ is None else environ
    raw = env.get(ENV_INTERVAL)
    if not raw:
        return DEFAULT_INTERVAL_SECONDS
    try:
        seconds = float(raw)
    except ValueError as exc:
        raise ValueError(f"{ENV_INTERVAL} must be a number of seconds, not {raw!r}") from exc
    if seconds <= 0:
        raise ValueError(f"{ENV_INTERVAL} must be positive, not {raw!r}")
    return seconds


def _run_scheduled() -> Any:
    from courtside.domain.results import run_results
    from courtside.observability import metrics

    try:
        return run_results(trigger="schedule")
    finally:
        # What the results Lambda's `log_metrics` does after each invocation.
        metrics.flush_metrics()


class ResultsScheduler:
    """Calls `run` now and then every `interval_seconds` on a daemon thread until stopped."""

    def __init__(self, interval_seconds: float, run: Callable[[], Any] = _run_scheduled) -> None:
        self.interval_seconds = interval_seconds
        self.run = run
        self.runs = 0
        self.failures = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="results-scheduler", daemon=True)

    def start(self) -> ResultsScheduler:
        self._thread.start()
        return self

    def stop(self, timeout: float | None = 10.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def run_once(self) -> Any:
        """One scheduled run; an error is logged and swallowed so the timer survives."""
        from courtside.observability import logger

        try:
            report = self.run()
        except Exception:  # noqa: BLE001 - a failed run must not stop the schedule
            self.failures += 1
            logger.exception("scheduled results run failed")
            return None
        self.runs += 1
        return report

    def _loop(self) -> None:
        self.run_once()
        while not self._stop.wait(self.interval_seconds):
            self.run_once()

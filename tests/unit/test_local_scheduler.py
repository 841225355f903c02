"""The local results schedule: interval from the environment, runs on a timer, survives errors."""

from __future__ import annotations

import threading

import pytest

from local.scheduler import DEFAULT_INTERVAL_SECONDS, ResultsScheduler, interval_from_environ


def test_interval_defaults_to_a_minute_and_reads_the_environment():
    assert interval_from_environ({}) == DEFAULT_INTERVAL_SECONDS == 60.0
    assert interval_from_environ({"COURTSIDE_RESULTS_INTERVAL": "2.5"}) == 2.5


@pytest.mark.parametrize("raw", ["0", "-1", "soon"])
def test_a_bad_interval_is_refused(raw):
    with pytest.raises(ValueError, match="COURTSIDE_RESULTS_INTERVAL"):
        interval_from_environ({"COURTSIDE_RESULTS_INTERVAL": raw})


def test_the_scheduler_runs_at_start_and_again_after_a_failure():
    calls = []
    third = threading.Event()

    def run():
        calls.append(len(calls))
        if len(calls) == 2:
            raise RuntimeError("database went away")
        if len(calls) >= 3:
            third.set()
        return len(calls)

    scheduler = ResultsScheduler(0.01, run=run).start()
    assert third.wait(5)
    scheduler.stop()

    assert calls[:3] == [0, 1, 2]
    assert scheduler.failures == 1
    assert scheduler.runs >= 2


def test_run_once_returns_the_report():
    scheduler = ResultsScheduler(60, run=lambda: "report")

    assert scheduler.run_once() == "report"
    assert scheduler.runs == 1

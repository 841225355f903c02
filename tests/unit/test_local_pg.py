"""The embedded Postgres helper forgets handles of processes that died."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from local import pg


def test_dead_handles_are_dropped_and_live_ones_kept(tmp_path):
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(finished.stdout)
    handles = tmp_path / ".handle_pids.json"
    handles.write_text(json.dumps([dead_pid, os.getpid()]))

    pg._forget_dead_handles(tmp_path)

    assert json.loads(handles.read_text()) == [os.getpid()]


def test_a_missing_handle_file_is_left_alone(tmp_path):
    pg._forget_dead_handles(tmp_path)

    assert not (tmp_path / ".handle_pids.json").exists()

"""Output to a closed pipe (`warrantwise batch big.jsonl | head`) ends quietly: no traceback,
no "Exception ignored" at exit, and exit code 1 (not every answer was written; docs/exit-codes.md).

Real processes and real pipes: CliRunner has no pipe to close.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

from cli.exit_codes import ExitCode

from .conftest import ROOT

WARRANTWISE = [sys.executable, "-c", "from cli.app import main; main()"]
RECORD = {"jurisdiction": "pg-county", "date": "2019-08-01", "ncic_text": "ICE DETAINER", "held_minutes": 5}


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """Far more output than a pipe holds (about 6 KB of answer per record)."""
    path = tmp_path_factory.mktemp("pipe") / "big.jsonl"
    path.write_text("".join(json.dumps({"id": f"r{i}", **RECORD}) + "\n" for i in range(3000)), encoding="utf-8")
    return path


def into_closed_pipe(args: list[str], lines_read: int, stdin=subprocess.DEVNULL) -> tuple[int, str]:
    """Run warrantwise, read `lines_read` lines of its output, close the pipe; its exit code and stderr.

    A run that does not end soon after is a failure, and it is killed with every process it
    started, so a hang never outlives the test.
    """
    proc = subprocess.Popen(WARRANTWISE + args, cwd=ROOT, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={"PATH": "/usr/bin:/bin", "COLUMNS": "100", "PYTHONPATH": str(ROOT)},
                            start_new_session=True)
    for _ in range(lines_read):
        proc.stdout.readline()
    proc.stdout.close()
    try:
        code = proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        pytest.fail("still running 60 s after its output pipe closed")
    finally:
        stderr = proc.stderr.read().decode("utf-8", "replace")
        proc.stderr.close()
    return code, stderr


@pytest.mark.parametrize("fmt", [["--format", "jsonl"], ["--format", "csv"], ["--format", "table"], ["--workers", "2"]],
                         ids=["jsonl", "csv", "table", "two workers"])
def test_batch_into_head_ends_quietly(big, fmt):
    code, stderr = into_closed_pipe(["batch", str(big), *fmt], lines_read=1)
    assert stderr == ""
    assert code == ExitCode.RECORD_ERRORS


def test_batch_from_stdin_into_a_pipe_closed_before_any_read(big):
    with open(big, "rb") as source:
        code, stderr = into_closed_pipe(["batch", "-"], lines_read=0, stdin=source)
    assert stderr == ""
    assert code == ExitCode.RECORD_ERRORS


@pytest.mark.parametrize("args", [["warrant", "OUTSTANDING ADMINISTRATIVE WARRANT OF REMOVAL"], ["rules", "show", "pg-county"],
                                  ["check", "-j", "pg-county", "--warrant", "unknown", "--json"]],
                         ids=["warrant", "rules show", "check"])
def test_other_commands_into_a_closed_pipe_end_quietly(args):
    code, stderr = into_closed_pipe(args, lines_read=0)  # closed before the process has even started up
    assert stderr == ""
    assert code == ExitCode.RECORD_ERRORS

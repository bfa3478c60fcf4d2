"""Every exit code of docs/exit-codes.md, each produced by the real command line, and the
document and cli/exit_codes.py naming the same codes."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app
from cli.exit_codes import ExitCode
from rules.packs import PACK_DIR

from .conftest import ROOT

runner = CliRunner()
DOC = ROOT / "docs" / "exit-codes.md"
BAD_PACK = 'id = "bad"\nname = "Bad"\nversion = "1"\nreviewed = 2026-01-01\nprevails = ["department-policy"]\nrules = []\nsurplus = 1\n'


def batch_with_a_bad_record(tmp: Path) -> list[str]:
    path = tmp / "stops.jsonl"
    path.write_text(json.dumps({"jurisdiction": "pg-county"}) + "\n" + json.dumps({"jurisdiction": "atlantis"}) + "\n")
    return ["batch", str(path)]


def a_bad_pack(tmp: Path) -> Path:
    path = tmp / "bad.toml"
    path.write_text(BAD_PACK)
    return path


def a_damaged_store(tmp: Path) -> list[str]:
    (tmp / "holds.sqlite3").write_bytes(b"this is not a database, it is a note" * 200)
    return ["hold", "list"]


# (code, the case, the command line given a scratch folder)
CASES = [
    (ExitCode.OK, "a decision", lambda tmp: ["check", "-j", "pg-county", "--warrant", "unknown", "--json"]),
    (ExitCode.OK, "the shipped packs are valid", lambda tmp: ["rules", "validate", str(PACK_DIR)]),
    (ExitCode.RECORD_ERRORS, "a batch record that cannot be decided", batch_with_a_bad_record),
    (ExitCode.TESTS_FAILED, "a pack test run in which no test ran", lambda tmp: ["rules", "test", "pg-county", "--name", "no such test"]),
    (ExitCode.PACK_PROBLEMS, "a pack file with a problem", lambda tmp: ["rules", "validate", str(a_bad_pack(tmp))]),
    (ExitCode.USAGE, "an unknown option", lambda tmp: ["check", "--colour", "red"]),
    (ExitCode.USAGE, "a bad value, named", lambda tmp: ["check", "-j", "pg-county", "--role", "bystander"]),
    (ExitCode.USAGE, "an unknown jurisdiction", lambda tmp: ["check", "-j", "atlantis"]),
    (ExitCode.USAGE, "an unreadable file", lambda tmp: ["batch", str(tmp / "missing.jsonl")]),
    (ExitCode.USAGE, "a pack file that does not load", lambda tmp: ["check", "--pack", str(a_bad_pack(tmp)), "-j", "bad"]),
    (ExitCode.USAGE, "a hold that does not exist", lambda tmp: ["hold", "status", "99-999"]),
    (ExitCode.STORE_FAULT, "a damaged hold store", a_damaged_store),
]


@pytest.mark.parametrize("code, case, args", CASES, ids=[c[1] for c in CASES])
def test_each_exit_code(tmp_path, monkeypatch, code, case, args):
    monkeypatch.setenv("WARRANTWISE_HOME", str(tmp_path))
    result = runner.invoke(app, args(tmp_path))
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if code != ExitCode.OK:
        assert result.stderr.strip() or result.stdout.strip(), "a failure always says why"


@pytest.mark.skipif(not Path("/proc/self/wchan").exists(), reason="needs Linux /proc to see the process wait for input")
def test_ctrl_c_exits_130_without_a_traceback():
    proc = subprocess.Popen([sys.executable, "-c", "from cli.app import main; main()", "warrant", "-"], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while "pipe_read" not in Path(f"/proc/{proc.pid}/wchan").read_text() and time.monotonic() < deadline:
        time.sleep(0.05)  # started up and waiting for the NCIC text on standard input
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    proc.stdin.close()
    assert proc.returncode == ExitCode.INTERRUPTED
    assert b"Traceback" not in err


def test_the_document_and_the_code_name_the_same_exit_codes():
    text = DOC.read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d+) \| `?([A-Z_]+|\(closed pipe\))`? \|", text, flags=re.M)
    documented = {(int(code), name) for code, name in rows if name != "(closed pipe)"}
    assert documented == {(member.value, name) for name, member in ExitCode.__members__.items()}
    tested = {code for code, _, _ in CASES} | {ExitCode.INTERRUPTED}
    assert tested == {member.value for member in ExitCode}  # each code has a test here (the closed pipe: test_broken_pipe)

"""Start-up stays fast: questionary, prompt_toolkit and rich.live load only where the wizard or a
countdown actually runs, never for help, scripted runs or the hold commands (the typer pattern:
a subprocess lists what it imported)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli.hold_store import HoldStore

ROOT = Path(__file__).resolve().parents[1]
INTERACTIVE = ("questionary", "prompt_toolkit", "rich.live")
PROBE = (
    "import atexit, sys\n"
    "atexit.register(lambda: sys.stderr.write('LOADED ' + ' '.join(sorted(m for m in sys.modules if m in {0} "
    "or m.split('.')[0] in {0})) + '\\n'))\n"
    "from cli.app import main; main()\n"
).format(repr(set(INTERACTIVE)))


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["wizard", "--help"],
        ["wizard", "--no-input", "-j", "pg-county", "--held-minutes", "5"],
        ["hold", "start", "24-001", "-j", "pg-county"],
        ["hold", "list"],
        ["hold", "status", "24-001", "--json"],
    ],
)
def test_scripted_runs_do_not_load_the_interactive_libraries(tmp_path, args):
    if args[:2] == ["hold", "status"]:
        HoldStore(tmp_path).start("24-001", "pg-county", dt.datetime.now(dt.timezone.utc))
    env = {**os.environ, "WARRANTWISE_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", PROBE, *args], env=env, cwd=ROOT, capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, timeout=60)
    assert result.returncode == 0, result.stderr
    loaded = next(line for line in result.stderr.splitlines() if line.startswith("LOADED"))
    assert loaded.split()[1:] == []

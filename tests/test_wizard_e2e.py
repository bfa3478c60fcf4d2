"""The real `warrantwise` in a pseudo-terminal, 60 columns wide: from the first question to the
decision panel and the live countdown, then the hold seen from another process. The screen is
read through pyte (a terminal emulator), so the assertions are on what an officer would see."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")
pyte = pytest.importorskip("pyte")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

ROOT = Path(__file__).resolve().parents[1]
MAIN = "from cli.app import main; main()"
COLUMNS, ROWS = 60, 40
DOWN, ENTER, ESC, BACK = "\x1b[B", "\r", "\x1b", "\x7f"


class Terminal:
    """A pseudo-terminal running warrantwise, with a pyte screen kept up to date."""

    def __init__(self, home: Path, *args: str):
        env = {**os.environ, "WARRANTWISE_HOME": str(home), "TERM": "xterm-256color", "COLUMNS": str(COLUMNS),
               "LINES": str(ROWS)}
        for var in ("NO_COLOR", "FORCE_COLOR", "_TYPER_FORCE_DISABLE_TERMINAL", "TERMINAL_WIDTH"):
            env.pop(var, None)
        self.child = pexpect.spawn(sys.executable, ["-c", MAIN, *args], cwd=str(ROOT), env=env,
                                   dimensions=(ROWS, COLUMNS), encoding="utf-8", codec_errors="replace")
        self.screen = pyte.HistoryScreen(COLUMNS, ROWS, history=5000)  # keeps what scrolls off the top
        self.stream = pyte.Stream(self.screen)

    def text(self) -> str:
        scrolled = ["".join(line[x].data for x in range(COLUMNS)) for line in self.screen.history.top]
        return "\n".join(line.rstrip() for line in scrolled + self.screen.display)

    def wait_for(self, words: str, timeout: float = 20) -> None:
        """Read output until `words` is on the screen (ignoring line wraps); fail after `timeout`."""
        end = time.monotonic() + timeout
        while " ".join(words.split()) not in " ".join(self.text().replace("│", " ").replace("┃", " ").split()):
            if time.monotonic() > end:
                raise AssertionError(f"{words!r} did not appear; the screen shows:\n{self.text()}")
            try:
                self._feed(self.child.read_nonblocking(65536, timeout=0.2))
            except pexpect.TIMEOUT:
                continue
            except pexpect.EOF:
                if time.monotonic() > end:
                    raise

    def _feed(self, output: str) -> None:
        self.stream.feed(output)
        if "\x1b[6n" in output:  # prompt_toolkit asks where the cursor is, as real terminals answer
            self.child.send(f"\x1b[{self.screen.cursor.y + 1};{self.screen.cursor.x + 1}R")

    def answer(self, question: str, keys: str) -> None:
        self.wait_for(question)
        self.child.send(keys)

    def finish(self, timeout: float = 20) -> int:
        self.child.expect(pexpect.EOF, timeout=timeout)
        self._feed(self.child.before or "")
        self.child.close()
        return self.child.exitstatus


@pytest.mark.timeout(120)
def test_warrantwise_alone_on_a_terminal_walks_to_the_decision_and_the_countdown(tmp_path):
    (tmp_path / "wizard.json").write_text(json.dumps({"jurisdiction": "pg-county"}))  # the remembered choice
    term = Terminal(tmp_path)  # no arguments: on a terminal, the wizard
    term.answer("Which policy applies", ENTER)
    term.answer("Date of the encounter", ENTER)
    term.wait_for("Custody status")
    if "The person's role" in term.text():  # asked only if the pack's rules test the role
        pytest.fail("pg-county does not test the role, so the wizard should not ask it")
    term.child.send(ENTER)  # detained
    term.answer("Is there a warrant or an NCIC hit?", ENTER)  # an NCIC hit
    term.answer("Paste the NCIC hit text", "OUTSTANDING ADMINISTRATIVE\rWARRANT OF REMOVAL" + ESC + ENTER)
    term.wait_for("I read: CIVIL ICE administrative warrant")
    term.wait_for("Deciding words:")
    term.answer("Suspected offences", ENTER)
    term.answer("When did the hold begin?", BACK + "10" + ENTER)
    term.answer("Incident or case number", "24-777" + ENTER)
    term.answer("Review: change an answer, or decide", ENTER)
    term.wait_for("warrantwise · Prince George's County Police")
    term.wait_for("PROHIBITED")
    term.wait_for("Hold 24-777 registered")
    term.wait_for("left of 60 minutes")
    term.wait_for("r release · c re-check · q quit (hold keeps running)")

    supervisor = subprocess.run([sys.executable, "-c", MAIN, "hold", "list", "--json"], capture_output=True, text=True,
                                cwd=ROOT, env={**os.environ, "WARRANTWISE_HOME": str(tmp_path)}, timeout=60)
    [hold] = json.loads(supervisor.stdout)
    assert hold["ref"] == "24-777" and hold["status"] == "running" and 49 <= hold["hold"]["remaining_minutes"] <= 50

    term.child.send("q")
    assert term.finish() == 0
    screen = term.text()
    assert "keeps running" in screen and "Traceback" not in screen


@pytest.mark.timeout(60)
def test_ctrl_c_in_a_real_terminal_exits_130_without_a_traceback(tmp_path):
    term = Terminal(tmp_path, "wizard")
    term.answer("Which policy applies", "\x03")
    assert term.finish() == 130
    assert "Cancelled — no guidance produced." in term.text() and "Traceback" not in term.text()


@pytest.mark.timeout(60)
def test_a_supervisor_watches_a_hold_and_releases_it(tmp_path):
    import datetime as dt

    from cli.hold_store import HoldStore

    HoldStore(tmp_path).start("24-900", "pg-county", dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=50))
    term = Terminal(tmp_path, "hold", "status", "24-900", "--watch")
    term.wait_for("15 minutes or less left.")
    term.wait_for("r release · q quit (hold keeps running)")
    term.child.send("r")
    assert term.finish() == 0
    assert "Released" in term.text()
    assert HoldStore(tmp_path).running() == []

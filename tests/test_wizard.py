"""The wizard driven in-process: keys through a prompt_toolkit pipe (sent up front, pipe closed,
so short input fails instead of hanging), a fake clock and scripted countdown keys."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.input.ansi_escape_sequences import REVERSE_ANSI_SEQUENCES
from prompt_toolkit.keys import Keys
from prompt_toolkit.output import DummyOutput
from rich.console import Console
from typer.testing import CliRunner

from cli import wizard
from cli.app import app
from cli.hold_store import HoldStore
from cli.i18n import UI_CATALOG
from cli.prompting import Prompter
from rules import interview
from rules.i18n import translate
from rules.registry import active_registry
from tests.test_countdown import Clock, ScriptedKeys

ROOT = Path(__file__).resolve().parents[1]
NEEDS_TERMINAL = translate(UI_CATALOG, "en", "wizard.needs_terminal")
EST = dt.timezone(dt.timedelta(hours=-5))
NOW = dt.datetime(2026, 11, 21, 14, 30, tzinfo=EST)
DOWN, UP = REVERSE_ANSI_SEQUENCES[Keys.Down], REVERSE_ANSI_SEQUENCES[Keys.Up]
ENTER, ESC, CTRL_C, BACK = "\r", REVERSE_ANSI_SEQUENCES[Keys.Escape], "\x03", REVERSE_ANSI_SEQUENCES[Keys.Backspace]
REMOVAL = "OUTSTANDING ADMINISTRATIVE WARRANT OF REMOVAL"
CRIMINAL_HIT = "MKE/EWF OFF/3531 EXL/1\nMIS/WARRANT ISSUED BY SUPERIOR COURT"


def choose(question_id: str, value: str, start: str) -> str:
    """Arrow from the highlighted choice `start` to `value`, then Enter."""
    options = [o.value for o in (_jurisdictions() if question_id == "jurisdiction" else interview.BY_ID[question_id].options)]
    moves = options.index(value) - options.index(start)
    return (DOWN * moves if moves > 0 else UP * -moves) + ENTER


def _jurisdictions():
    return [interview.Option(j, j) for j in active_registry().ids()]


def jurisdiction(value: str) -> str:
    return choose("jurisdiction", value, active_registry().ids()[0])


def replace(text: str) -> str:
    """Erase the default a text prompt starts with, type `text`, Enter."""
    return BACK * 12 + text + ENTER


def paste(text: str) -> str:
    return text + ESC + ENTER  # the multi-line prompt ends on Esc, Enter


def review_pick(answered: list[str], question_id: str) -> str:
    """On the review screen (Decide first, then the answers in question order) pick one answer."""
    order = [q.id for q in interview.QUESTIONS if q.id in answered]
    return DOWN * (order.index(question_id) + 1) + ENTER


DECIDE = ENTER  # the review screen starts on "Decide with these answers"


class Run:
    """One wizard run: what was asked, what was shown, how it ended, what the store holds."""

    def __init__(self, home: Path, monkeypatch):
        self.home, self.monkeypatch = home, monkeypatch
        self.asked: list[str] = []
        self.code = None
        self.out = ""
        ask = wizard._ask

        def spy(question, *args):
            self.asked.append(question.id)
            return ask(question, *args)

        monkeypatch.setattr(wizard, "_ask", spy)

    def __call__(self, keys: str, given: dict | None = None, countdown=("q",), width: int = 60) -> "Run":
        self.asked.clear()
        self.code = None
        clock = Clock(NOW)
        pressed = ScriptedKeys(clock, countdown)  # one script for every countdown of the run
        screen = io.StringIO()
        with create_pipe_input() as pipe:
            pipe.send_text(keys)
            pipe.close()
            env = wizard.Env(
                Prompter(input=pipe, output=DummyOutput()), lambda: Console(file=screen, width=width, color_system=None),
                clock, lambda: contextlib.nullcontext(pressed), self.home,
            )
            try:
                wizard.run(given or {}, no_input=False, env=env)
            except typer.Exit as exc:
                self.code = exc.exit_code
        self.out = " ".join(screen.getvalue().replace("┃", " ").replace("│", " ").split())
        return self

    @property
    def store(self) -> HoldStore:
        return HoldStore(self.home)


@pytest.fixture
def run(tmp_path, monkeypatch):
    return Run(tmp_path, monkeypatch)


PG_DETAINED_HIT = (
    jurisdiction("pg-county") + ENTER + ENTER + ENTER + paste(REMOVAL)  # date today, detained, an NCIC hit
    + ENTER + replace("14:05") + "24-001" + ENTER  # no offences, held since 14:05, the incident number
)


def test_the_ncic_path_reads_the_hit_at_once_decides_and_counts_down(run):
    run(PG_DETAINED_HIT + DECIDE, countdown=[None, None, "q"])
    assert run.code is None
    assert run.asked == ["jurisdiction", "date", "custody", "process", "ncic_text", "suspected_offenses", "held_since", "id"]
    preview = run.out.index("I read: CIVIL ICE administrative warrant")
    assert run.out.index("Deciding words: “ADMINISTRATIVE WARRANT OF REMOVAL”") > preview
    panel = run.out.index("warrantwise · Prince George's County Police")
    assert panel > preview and "PROHIBITED" in run.out and "Hold 24-001 · rule PG-3" in run.out
    assert "34:58 left of 60 minutes" in run.out  # the last frame, two seconds in (q pressed in the third)
    assert "NO BASIS TO HOLD" in run.out  # a civil hit is no reason to hold: said on the countdown too
    assert "keeps running: `warrantwise hold status 24-001`" in run.out
    [hold] = run.store.running()
    assert (hold.ref, hold.jurisdiction, hold.started) == ("24-001", "pg-county", NOW.replace(hour=14, minute=5))


@pytest.mark.parametrize(
    "process_keys, asked_dispatch",
    [
        (choose("process", "kind", "ncic") + choose("warrant", "criminal", "unknown"), True),
        (choose("process", "kind", "ncic") + choose("warrant", "ice-detainer", "unknown"), False),
        (ENTER + paste(CRIMINAL_HIT), True),
        (ENTER + paste(REMOVAL), False),
        (choose("process", "none", "ncic"), False),
    ],
)
def test_dispatch_is_asked_only_when_the_warrant_reads_criminal(run, process_keys, asked_dispatch):
    keys = jurisdiction("pg-county") + ENTER + choose("custody", "none", "detained") + process_keys
    run(keys + ("n" if asked_dispatch else "") + ENTER + DECIDE)
    assert run.code is None and ("dispatch_confirmed" in run.asked) is asked_dispatch
    assert "warrantwise · Prince George's County Police" in run.out


def test_not_held_asks_no_hold_questions_and_shows_no_countdown(run):
    run(jurisdiction("pg-county") + ENTER + choose("custody", "none", "detained") + choose("process", "none", "ncic")
        + ENTER + DECIDE)
    assert run.code is None
    assert "held_since" not in run.asked and "id" not in run.asked
    assert "NO WARRANT" in run.out and "left of" not in run.out and run.store.running() == []


def test_the_role_is_asked_where_the_pack_tests_it(run):
    keys = (jurisdiction("miami-dade") + ENTER + choose("role", "driver", "other") + choose("custody", "none", "detained")
            + choose("process", "none", "ncic") + ENTER + DECIDE)
    run(keys)
    assert run.asked[:3] == ["jurisdiction", "date", "role"]


def test_review_change_custody_asks_only_what_depends_on_it(run):
    answered = ["jurisdiction", "date", "custody", "process", "ncic_text", "suspected_offenses", "held_since", "id"]
    change = review_pick(answered, "custody") + choose("custody", "none", "detained")
    run(PG_DETAINED_HIT + change + DECIDE)
    assert run.code is None
    assert run.asked == answered + ["custody"]  # not held any more: no hold start, no reference to ask
    assert "left of" not in run.out and run.store.running() == []


def test_review_change_the_kind_of_process_reasks_its_dependents_only(run):
    first = (jurisdiction("pg-county") + ENTER + choose("custody", "none", "detained") + choose("process", "kind", "ncic")
             + choose("warrant", "criminal", "unknown") + "n" + ENTER)
    answered = ["jurisdiction", "date", "custody", "process", "warrant", "dispatch_confirmed", "suspected_offenses"]
    change = review_pick(answered, "process") + choose("process", "ncic", "kind") + paste(REMOVAL)  # a hit, read civil
    run(first + change + DECIDE)
    assert run.asked == answered + ["process", "ncic_text"]  # no dispatch question: the hit is not criminal
    assert "Warrant: CIVIL ICE administrative warrant" in run.out


def test_review_change_keeps_the_earlier_answer_as_the_default(run):
    answered = ["jurisdiction", "date", "custody", "process", "ncic_text", "suspected_offenses", "held_since", "id"]
    run(PG_DETAINED_HIT + review_pick(answered, "held_since") + ENTER + DECIDE)  # Enter keeps 14:05
    assert run.asked == answered + ["held_since"]
    assert run.store.running()[0].started == NOW.replace(hour=14, minute=5)


def test_answers_file_fields_are_not_asked_again(run):
    given = {"jurisdiction": "pg-county", "date": "2019-08-01", "custody": "detained", "ncic_text": REMOVAL,
             "suspected_offenses": ["gang"], "held_minutes": 10, "id": "24-002"}
    run(DECIDE, given=given, width=100)
    assert run.code is None and run.asked == []
    assert "warrantwise · Prince George's County Police (Maryland) · 2019-08-01" in run.out
    assert "50:00 left" in run.out and run.store.running()[0].ref == "24-002"


def test_given_fields_can_still_be_changed_on_review(run):
    given = {"jurisdiction": "pg-county", "custody": "none", "warrant": "criminal", "dispatch_confirmed": False,
             "suspected_offenses": []}
    answered = ["jurisdiction", "custody", "process", "warrant", "dispatch_confirmed", "suspected_offenses"]
    run(ENTER + review_pick(answered + ["date"], "dispatch_confirmed") + "y" + DECIDE, given=given)
    assert run.asked == ["date", "dispatch_confirmed"]
    assert "CRIMINAL" in run.out


def test_the_countdown_recheck_goes_back_to_review_with_new_facts(run):
    first = (jurisdiction("pg-county") + ENTER + ENTER + choose("process", "kind", "ncic")
             + choose("warrant", "criminal", "unknown") + "n" + ENTER + replace("20") + "24-003" + ENTER)
    answered = ["jurisdiction", "date", "custody", "process", "warrant", "dispatch_confirmed", "suspected_offenses",
                "held_since", "id"]
    recheck = review_pick(answered, "dispatch_confirmed") + "y" + DECIDE  # dispatch just confirmed it
    run(first + DECIDE + recheck, countdown=["c"])
    assert run.asked == answered + ["dispatch_confirmed"]
    assert run.out.count("warrantwise · Prince George's County Police") == 2
    assert "still in the hold store" in run.out  # no hold limit once confirmed: the officer is told to release it later


def test_a_recheck_that_corrects_the_hold_corrects_the_registered_one(run):
    answered = ["jurisdiction", "date", "custody", "process", "ncic_text", "suspected_offenses", "held_since", "id"]
    correct = review_pick(answered, "held_since") + replace("20") + review_pick(answered, "id") + replace("24-005")
    run(PG_DETAINED_HIT + DECIDE + correct + DECIDE, countdown=["c", "q"])
    [hold] = run.store.running()  # one hold, corrected: not a second one
    assert run.code is None
    assert (hold.ref, hold.started) == ("24-005", NOW + dt.timedelta(seconds=1) - dt.timedelta(minutes=20))
    assert "Hold 24-005 registered" in run.out


def test_r_releases_the_registered_hold(run):
    run(PG_DETAINED_HIT + DECIDE, countdown=[None, "r"])
    assert "Hold 24-001 released at 14:30 (held 25 min)" in run.out
    assert run.store.running() == [] and run.store.get("24-001").released is not None


def test_a_release_from_another_terminal_ends_the_countdown(run):
    class SupervisorReleases(ScriptedKeys):
        def next_key(self, timeout):
            HoldStore(run.home).release("24-001", NOW)
            return super().next_key(timeout)

    run.monkeypatch.setattr("tests.test_wizard.ScriptedKeys", SupervisorReleases)
    run(PG_DETAINED_HIT + DECIDE, countdown=[None])
    assert "Hold 24-001 was released from another terminal at 14:30" in run.out


def test_an_already_running_reference_is_not_fatal(run):
    run.store.start("24-001", "pg-county", NOW)
    run(PG_DETAINED_HIT + DECIDE)
    assert run.code is None and "Hold not registered: hold 24-001 is already running" in run.out
    assert "left of 60 minutes" in run.out


def test_a_bad_typed_answer_is_refused_until_corrected(run):
    keys = (jurisdiction("pg-county") + replace("21/11/2026") + BACK * 10 + "2026-11-20" + ENTER
            + ENTER + ENTER + paste(REMOVAL) + ENTER + replace("later") + BACK * 5 + "10" + ENTER + "Smith" + ENTER
            + BACK * 5 + ENTER + DECIDE)
    run(keys, width=100)
    assert run.code is None and "· 2026-11-20" in run.out
    assert "left of 60 minutes" in run.out and run.store.running() == []  # no reference given: not registered


def test_the_last_jurisdiction_is_the_next_default_and_nothing_else_is_kept(run, tmp_path):
    rest = ENTER + ENTER + choose("custody", "none", "detained") + choose("process", "none", "ncic") + ENTER + DECIDE
    run(jurisdiction("miami-dade") + rest)  # date, role, not held, no warrant, no offences
    run(ENTER + rest)  # Enter on the first question takes the remembered one
    assert run.code is None and "warrantwise · Miami-Dade County" in run.out
    assert json.loads((tmp_path / "wizard.json").read_text()) == {"jurisdiction": "miami-dade"}


@pytest.mark.parametrize(
    "keys",
    [
        CTRL_C,  # the first question
        jurisdiction("pg-county") + ENTER + ENTER + ENTER + "OUTSTANDING" + CTRL_C,  # half-way through the paste
        PG_DETAINED_HIT + CTRL_C,  # the review screen
    ],
)
def test_ctrl_c_at_any_prompt_exits_130_with_nothing_decided(run, keys, capsys):
    run(keys)
    assert run.code == 130 and "warrantwise ·" not in run.out
    assert "Cancelled — no guidance produced." in capsys.readouterr().err
    assert run.store.running() == []


def test_ctrl_c_during_the_countdown_exits_130_and_the_hold_keeps_running(run):
    class Interrupted(ScriptedKeys):
        def next_key(self, timeout):
            raise KeyboardInterrupt

    run.monkeypatch.setattr("tests.test_wizard.ScriptedKeys", Interrupted)
    run(PG_DETAINED_HIT + DECIDE)
    assert run.code == 130 and [h.ref for h in run.store.running()] == ["24-001"]


def test_input_that_ends_early_fails_instead_of_hanging(run, capsys):
    run(jurisdiction("pg-county") + ENTER)
    assert run.code == 2 and NEEDS_TERMINAL in capsys.readouterr().err


# The command line: --no-input, --answers, flags and the terminal check, through typer.

runner = CliRunner()


def cli(tmp_path, *args):
    return runner.invoke(app, ["wizard", *args], env={"WARRANTWISE_HOME": str(tmp_path)})


def test_no_input_names_the_missing_fields(tmp_path):
    result = cli(tmp_path, "--no-input", "--custody", "none")
    assert result.exit_code == 2 and "missing jurisdiction" in result.stderr


def test_no_input_decides_from_flags_over_the_answers_file(tmp_path):
    answers = tmp_path / "enc.toml"
    answers.write_text('jurisdiction = "pg-county"\ndate = 2019-08-01\ncustody = "detained"\nwarrant = "unknown"\n'
                       'held_minutes = 75\n')
    held = cli(tmp_path, "--answers", str(answers), "--no-input")
    assert held.exit_code == 0 and "HOLD LIMIT REACHED" in held.stdout
    freed = cli(tmp_path, "--answers", str(answers), "--no-input", "--custody", "none")
    assert freed.exit_code == 0 and "HOLD LIMIT" not in freed.stdout


def test_no_input_registers_the_hold_under_its_reference(tmp_path):
    result = cli(tmp_path, "--no-input", "-j", "pg-county", "--held-minutes", "5", "--id", "24-004")
    assert result.exit_code == 0 and "Hold 24-004 registered" in result.stdout
    assert [h.ref for h in HoldStore(tmp_path).running()] == ["24-004"]


@pytest.mark.parametrize(
    "args, says",
    [
        (("--no-input", "-j", "atlantis"), "unknown jurisdiction 'atlantis'"),
        (("--no-input", "-j", "pg-county", "--custody", "asleep"), "custody"),
        (("--no-input", "--answers", "missing.json"), "cannot read missing.json"),
    ],
)
def test_bad_given_answers_fail_before_any_question(tmp_path, args, says):
    result = cli(tmp_path, *args)
    assert result.exit_code == 2 and says in result.stderr


def test_without_a_terminal_the_wizard_says_what_to_use(tmp_path):
    result = cli(tmp_path, "-j", "pg-county")
    assert result.exit_code == 2
    assert result.stderr.strip() == NEEDS_TERMINAL


def test_no_terminal_in_a_real_process(tmp_path):
    env = {**os.environ, "WARRANTWISE_HOME": str(tmp_path)}
    main = "from cli.app import main; main()"
    wizard_run = subprocess.run([sys.executable, "-c", main, "wizard"], stdin=subprocess.DEVNULL, capture_output=True,
                                text=True, env=env, cwd=ROOT, timeout=60)
    assert wizard_run.returncode == 2 and wizard_run.stderr == NEEDS_TERMINAL + "\n"
    bare = subprocess.run([sys.executable, "-c", main], stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=60)
    assert "Usage" in bare.stdout + bare.stderr and "wizard" in bare.stdout + bare.stderr  # the help, not the wizard

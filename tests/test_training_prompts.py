"""The quiz and presenter driven by keystrokes, in-process, through a prompt_toolkit pipe.

All keys are sent up front and the pipe is closed, so too few keys raise EOFError instead of
hanging (anchors.md C1).
"""

from __future__ import annotations

import io
from functools import partial

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.input.ansi_escape_sequences import REVERSE_ANSI_SEQUENCES
from prompt_toolkit.keys import Keys
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from cli import presenter, training_ui
from rules.training import CHOICES, load_bank

DOWN, ENTER, CTRL_C = REVERSE_ANSI_SEQUENCES[Keys.Down], "\r", "\x03"
HIT = next(s for s in load_bank("pg-county").scenarios if s.id == "pg-2019-the-hit")  # civil, prohibited, prohibited


def pick(about: str, answer: str) -> str:
    """The keys that choose `answer` from the question's menu."""
    return DOWN * CHOICES[about].index(answer) + ENTER


def screen() -> Console:
    return Console(file=io.StringIO(), width=100, color_system=None, force_terminal=False, _environ={})


def run_quiz(keys: str, scenarios=(HIT,), now=None, clock=None):
    out = screen()
    results = []
    with create_pipe_input() as inp:
        inp.send_text(keys)
        inp.close()
        ask = partial(training_ui.ask_question, input=inp, output=DummyOutput())
        extra = {"clock": clock} if clock else {}
        for result in training_ui.quiz(list(scenarios), now=now, console=out, preset={}, ask=ask, flagged={}, **extra):
            results.append(result)
    return results, out.file.getvalue()


def test_an_officer_answers_every_question_right(now):
    ticks = iter(range(100))
    keys = pick("warrant_class", "civil") + pick("detain", "prohibited") + pick("contact_ice", "prohibited")
    results, text = run_quiz(keys, now=now, clock=lambda: next(ticks))
    assert [(r.question, r.answer, r.correct) for r in results] == [
        ("warrant_class", "civil", True), ("detain", "prohibited", True), ("contact_ice", "prohibited", True)]
    assert all(r.seconds == 1 for r in results)  # the time each question took, by the injected clock
    assert text.count("✔ Right") == 3 and "ADMINISTRATIVE WARRANT OF REMOVAL" in text and "PG-1" in text


def test_a_wrong_answer_shows_what_was_said_and_the_rule(now):
    keys = pick("warrant_class", "criminal") + pick("detain", "permitted") + pick("contact_ice", "prohibited")
    results, text = run_quiz(keys, now=now)
    assert [r.correct for r in results] == [False, False, True]
    assert "you said “Criminal”" in text and "you said “Yes, you may”" in text
    assert "State and local enforcement do not have legal grounds" in text  # PG-1's quoted words


def test_ctrl_c_stops_the_quiz_after_the_answers_already_given(now):
    results = []
    with pytest.raises(KeyboardInterrupt):
        with create_pipe_input() as inp:
            inp.send_text(pick("warrant_class", "civil") + CTRL_C)
            inp.close()
            ask = partial(training_ui.ask_question, input=inp, output=DummyOutput())
            for r in training_ui.quiz([HIT], now=now, console=screen(), preset={}, ask=ask, flagged={}):
                results.append(r)
    assert [r.question for r in results] == ["warrant_class"]


def test_too_few_keys_end_in_eof_not_a_hang(now):
    with pytest.raises(EOFError):
        run_quiz(pick("warrant_class", "civil"), now=now)


def test_a_preset_answer_is_not_asked_again(now):
    out = screen()
    with create_pipe_input() as inp:
        inp.send_text(pick("contact_ice", "permitted"))
        inp.close()
        ask = partial(training_ui.ask_question, input=inp, output=DummyOutput())
        preset = {(HIT.id, "warrant_class"): "civil", (HIT.id, "detain"): "prohibited"}
        results = list(training_ui.quiz([HIT], now=now, console=out, preset=preset, ask=ask, flagged={}))
    assert [(r.answer, r.correct) for r in results] == [("civil", True), ("prohibited", True), ("permitted", False)]
    assert results[0].seconds is None and results[2].seconds is not None


def test_a_scenario_under_review_says_so(now):
    out = screen()
    list(training_ui.quiz([HIT], now=now, console=out, preset={}, ask=None, flagged={HIT.id: "rule PG-1 was edited"}))
    assert "Review pending: rule PG-1 was edited" in out.file.getvalue()


def test_presenter_reveals_on_a_key_and_moves_on(now):
    scenarios = load_bank("dc-mpd").scenarios[:2]
    out = screen()
    with create_pipe_input() as inp:
        inp.send_text("xxx")  # reveal, next, reveal
        inp.close()
        presenter.present(scenarios, now=now, console=out, wait=partial(presenter.press_key, input=inp, output=DummyOutput()))
    text = out.file.getvalue()
    assert text.index("SCENARIO 1 / 2") < text.index("ANSWER 1 / 2") < text.index("SCENARIO 2 / 2") < text.index("ANSWER 2 / 2")


def test_presenter_waits_for_each_key(now):
    scenarios = load_bank("dc-mpd").scenarios[:2]
    out = screen()
    with pytest.raises(EOFError), create_pipe_input() as inp:
        inp.send_text("x")  # reveal only
        inp.close()
        presenter.present(scenarios, now=now, console=out, wait=partial(presenter.press_key, input=inp, output=DummyOutput()))
    text = out.file.getvalue()
    assert "ANSWER 1 / 2" in text and "SCENARIO 2 / 2" not in text

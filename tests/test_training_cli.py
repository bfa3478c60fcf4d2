"""`warrantwise train` as a trainer scripts it: answers files, results files, exit codes, re-pinning."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from cli import prompting, training_ui
from cli.app import app
from rules import training
from rules.training import answer_key, load_bank, select

runner = CliRunner()
PG = load_bank("pg-county").scenarios


def run(*args):
    return runner.invoke(app, ["train", *args])


def _key(seed: int, count: int, now) -> dict:
    """The right answers for the scenarios a seeded run picks."""
    return {s.id: {a.about: a.answer for a in answer_key(s, now=now)[1]} for s in select(list(PG), seed=seed, count=count)}


def test_a_scripted_run_with_every_answer_right_scores_full_marks(tmp_path, now):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(_key(5, 4, now)))
    out = tmp_path / "results.csv"
    result = run("-j", "pg-county", "-n", "4", "--seed", "5", "--answers", str(answers), "--no-input", "--results", str(out))
    assert result.exit_code == 0, result.output
    questions = sum(len(v) for v in _key(5, 4, now).values())
    assert f"{questions} of {questions} right (100%)" in result.stdout
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["scenario"] for r in rows][0] == next(iter(_key(5, 4, now)))
    assert len(rows) == questions and all(r["correct"] == "True" for r in rows)
    assert set(rows[0]) == {"scenario", "jurisdiction", "question", "answer", "expected", "correct", "seconds"}


def test_wrong_and_missing_answers_are_marked_and_listed(tmp_path, now):
    key = _key(11, 2, now)
    first, second = key
    wrong = {about: ("permitted" if answer != "permitted" else "prohibited") if about != "warrant_class" else "criminal"
             for about, answer in key[first].items()}
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({first: wrong}))
    out = tmp_path / "results.json"
    result = run("-j", "pg-county", "-n", "2", "--seed", "11", "--answers", str(answers), "--no-input", "--results", str(out))
    assert result.exit_code == 0, result.output
    total = len(key[first]) + len(key[second])
    assert f"0 of {total} right (0%)" in result.stdout
    assert "Not quite" in result.stdout and "no answer given" in result.stdout and "To go over at roll call" in result.stdout
    rows = json.loads(out.read_text())
    assert {r["scenario"] for r in rows if r["answer"] is None} == {second}
    assert not any(r["correct"] for r in rows)


def test_the_reveal_shows_the_verdict_the_rule_and_its_words(tmp_path):
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"pg-hour-75-minutes": {"detain": "prohibited", "release": "required"}}))
    result = run("-j", "pg-county", "-n", "100", "--seed", "1", "--answers", str(answers), "--no-input")
    text = result.stdout
    assert "✔ Right" in text and "PG-3" in text and "shall not exceed 60 minutes" in text and "REQUIRED" in text


def test_the_same_seed_runs_the_same_order(tmp_path):
    outs = []
    for name in ("one.json", "two.json"):
        path = tmp_path / name
        assert run("-n", "5", "--seed", "42", "--no-input", "--results", str(path)).exit_code == 0
        outs.append([r["scenario"] for r in json.loads(path.read_text())])
    assert outs[0] == outs[1] and len(set(outs[0])) == 5


def test_without_a_terminal_it_says_how_to_script_it():
    result = run("-n", "2")
    assert result.exit_code == 2 and "--answers FILE --no-input" in result.stderr


@pytest.mark.parametrize(
    "args, words",
    [
        (["-j", "nowhere", "--no-input"], "no scenario bank for 'nowhere'"),
        (["--present", "--results", "r.csv"], "--present shows the answers"),
        (["--answers", "missing.json", "--no-input"], "cannot read missing.json"),
        (["-n", "0"], "count"),
        (["--no-input", "--results", "no-such-dir/r.csv"], "--results: cannot write"),
    ],
)
def test_bad_options_exit_2_with_a_reason(args, words):
    result = run(*args)
    assert result.exit_code == 2 and words in result.output


def test_ctrl_c_exits_130_and_keeps_what_was_answered(tmp_path, monkeypatch):
    calls = []

    def ask(question, about):
        calls.append(about)
        if len(calls) > 1:
            raise KeyboardInterrupt
        return training.CHOICES[about][0]

    monkeypatch.setattr(prompting, "require_terminal", lambda message: None)
    monkeypatch.setattr(training_ui, "ask_question", ask)
    out = tmp_path / "partial.csv"
    result = run("-j", "pg-county", "-n", "3", "--seed", "2", "--results", str(out))
    assert result.exit_code == 130 and "Cancelled" in result.stderr
    assert len(list(csv.DictReader(out.open()))) == 1


def test_input_that_ends_early_is_an_error_not_a_hang(monkeypatch):
    def ask(question, about):
        raise EOFError

    monkeypatch.setattr(prompting, "require_terminal", lambda message: None)
    monkeypatch.setattr(training_ui, "ask_question", ask)
    result = run("-n", "1")
    assert result.exit_code == 2 and "input ended" in result.stderr


def test_presenter_mode_without_input_prints_every_screen_as_a_handout():
    result = run("-j", "dc-mpd", "-n", "2", "--seed", "4", "--present", "--no-input")
    assert result.exit_code == 0
    assert result.stdout.count("SCENARIO ") == 2 and result.stdout.count("ANSWER ") == 2


def test_repin_reports_the_edit_and_records_the_bank(tmp_path, monkeypatch, now):
    pins = training.pins(training.load_banks(), now=now)
    pins["scenarios"]["pg-hour-75-minutes"]["rules"]["PG-3"] = "0000000000000000"
    del pins["scenarios"]["pg-robbery-victim"]
    pins["scenarios"]["retired-one"] = pins["scenarios"]["pg-witness-2023"]
    target = tmp_path / "pins.json"
    target.write_text(json.dumps(pins))
    monkeypatch.setattr(training, "PIN_FILE", target)
    result = run("--pin")
    assert result.exit_code == 0, result.output
    assert "PG-3 changed: review pg-hour-75-minutes" in result.stdout
    assert "pg-robbery-victim: new: not pinned yet" in result.stdout
    assert "retired-one: no longer in the bank" in result.stdout
    assert training.drift(training.read_pins(target), training.pins(training.load_banks(), now=now)) == []
    assert "retired-one" not in training.read_pins(target)["scenarios"]

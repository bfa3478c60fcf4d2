"""Roll-call training in Spanish, reviewed by example: the scenario bank's Spanish is complete
and not stale; a quiz in Spanish scores exactly as in English (answers come from the core and
do not depend on the language); a scripted and an interactive session, and presenter mode at
80 and 200 columns, show the Spanish story, question, verdict word and rule, with the policy's
original English quote and its Spanish summary. Results files keep English names and values."""

from __future__ import annotations

import io
import json
from functools import partial

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console
from typer.testing import CliRunner

from cli import i18n, presenter, training_ui
from cli.app import app
from rules import training
from rules.i18n import LANGS
from tests.conftest import unwrapped
from tests.test_presenter import render
from tests.test_training_prompts import pick

HIT = next(s for s in training.load_bank("pg-county").scenarios if s.id == "pg-2019-the-hit")
HOUR = next(s for s in training.load_bank("pg-county").scenarios if s.id == "pg-hour-75-minutes")


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
@pytest.mark.parametrize("bank", training.bank_ids())
def test_every_scenario_and_question_has_words_and_none_is_stale(bank, lang):
    assert training.words_problems(training.load_bank(bank), lang) == []


def test_a_stale_or_missing_translation_is_named(monkeypatch):
    words = dict(training.bank_words("pg-county", "es"))
    gone = words.pop("pg-2019-the-hit")
    words["pg-retired"] = gone
    words["pg-form-i205"] = words["pg-form-i205"].model_copy(update={"questions": {"release": "¿...?", "detain": "¿...?"}})
    monkeypatch.setattr(training, "bank_words", lambda jurisdiction, lang: words)
    problems = training.words_problems(training.load_bank("pg-county"), "es")
    assert problems == [
        "i18n/es/pg-county.toml: pg-retired: no such scenario in the bank",
        "i18n/es/pg-county.toml: pg-2019-the-hit: no translation",
        "i18n/es/pg-county.toml: pg-form-i205: question warrant_class: no translation",
        "i18n/es/pg-county.toml: pg-form-i205: question detain: the scenario asks no such question",
    ]


def test_answers_and_pins_do_not_depend_on_the_language(now):
    banks = training.load_banks()
    for scenario in (s for bank in banks for s in bank.scenarios):
        pinned = training.fingerprint(scenario)
        _, english = training.answer_key(scenario, now=now)
        _, spanish = training.answer_key(training.worded(scenario, "es"), now=now, lang="es")
        assert [(a.about, a.answer, a.rules) for a in english] == [(a.about, a.answer, a.rules) for a in spanish]
        assert training.fingerprint(scenario) == pinned  # wording a scenario never touches the bank's own
    assert training.pins(banks, now=now)["scenarios"] == training.read_pins()["scenarios"]


def _scripted(tmp_path, lang: str, name: str):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"pg-2019-the-hit": {"warrant_class": "civil", "detain": "permitted"},
                                   "pg-hour-75-minutes": {"detain": "prohibited", "release": "required"}}))
    out = tmp_path / name
    result = CliRunner().invoke(app, ["--lang", lang, "train", "-j", "pg-county", "-n", "100", "--seed", "3",
                                      "--answers", str(answers), "--no-input", "--results", str(out)])
    assert result.exit_code == 0, result.output
    return plain(result.stdout), out.read_text(encoding="utf-8")


def plain(text: str) -> str:
    """The screen's words with panel borders and line wrapping undone."""
    return unwrapped(text.replace("┃", " ").replace("│", " "))


def test_a_scripted_session_in_spanish_scores_exactly_as_in_english(tmp_path):
    english, english_rows = _scripted(tmp_path, "en", "en.csv")
    spanish, spanish_rows = _scripted(tmp_path, "es", "es.csv")
    strip = [line.rsplit(",", 1)[0] for line in spanish_rows.splitlines()]  # all but the seconds column
    assert strip == [line.rsplit(",", 1)[0] for line in english_rows.splitlines()]
    assert spanish_rows.splitlines()[0] == "scenario,jurisdiction,question,answer,expected,correct,seconds"
    assert "3 of 32 right (9%)" in english and "3 de 32 correctas (9 %)" in spanish
    # The Spanish story, question, verdict word, rule, and the policy's own words with a summary.
    assert "Escenario" in spanish and "El resultado de 2019" in spanish
    assert "Una tarde de verano de 2019. Detiene un carro por una luz trasera rota" in spanish
    assert "¿Puede retener al conductor por este resultado?" in spanish
    assert "✘ No exactamente: usted dijo “Sí, puede hacerlo”" in spanish
    assert "Respuesta: PROHIBIDO No, no debe hacerlo" in spanish and "OBLIGATORIO" in spanish
    assert "PG-3" in spanish and "“shall not exceed 60 minutes”" in spanish
    assert "En resumen: no podrá pasar de 60 minutos" in spanish
    assert "Para repasar en el pase de lista:" in spanish and "Mismos escenarios, mismo orden: --seed 3" in spanish


def test_an_interactive_session_in_spanish(now):
    i18n.set_language("es")
    out = Console(file=io.StringIO(), width=100, color_system=None, _environ={})
    keys = pick("warrant_class", "civil") + pick("detain", "prohibited") + pick("contact_ice", "permitted")
    with create_pipe_input() as inp:
        inp.send_text(keys)
        inp.close()
        ask = partial(training_ui.ask_question, input=inp, output=DummyOutput())
        results = list(training_ui.quiz([HIT], now=now, console=out, preset={}, ask=ask, flagged={}))
    assert [(r.answer, r.correct) for r in results] == [("civil", True), ("prohibited", True), ("permitted", False)]
    text = plain(out.file.getvalue())
    assert "Escenario 1 de 1 · El resultado de 2019" in text
    assert "la persona: conductor/a · retenida en el lugar · retenida 5 min" in text
    assert text.count("✔ Correcto") == 2 and "✘ No exactamente" in text
    assert "Respuesta: CIVIL Civil" in text and "las palabras que deciden" in text
    assert "“The Prince George's County Police Department has not and will not enforce civil process" in text
    assert "En resumen:" in text
    assert "Puntuación" in unwrapped("\n".join(render(training_ui.score_panel(results, 7), 100)))


@pytest.mark.parametrize("width", [80, 200])
def test_presenter_mode_in_spanish(width, now):
    i18n.set_language("es")
    scenario = training.worded(HOUR, "es")
    decision, answers = training.answer_key(scenario, now=now, lang="es")
    question = render(presenter.question_screen(scenario, decision, 1, 3), width)
    answer = render(presenter.answer_screen(scenario, decision, answers, 1, 3), width)
    assert all(len(line) == width for line in question + answer), "one full-width screen, no line spilling over"
    asked, shown = unwrapped("\n".join(question)), unwrapped("\n".join(answer))
    assert "ESCENARIO 1 / 3" in asked and "SE ACABÓ LA HORA" in asked
    assert "1. ¿Puede seguir reteniendo al conductor?" in asked and "P R O H I B I D O" not in asked
    assert "RESPUESTA 1 / 3" in shown and "P R O H I B I D O" in shown and "O B L I G A T O R I O" in shown
    assert "No, no debe hacerlo" in shown and "PG-3" in shown
    assert "“shall not exceed 60 minutes”" in shown and "En resumen: no podrá pasar de 60 minutos" in shown

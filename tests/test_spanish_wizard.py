"""The wizard in Spanish, reviewed by example: what an officer reads at each step of a full run
(through a prompt_toolkit pipe), the review screen, the decision panel, the countdown and its
limit banner, the errors; and `hold list`. Choice values stay the English ids."""

from __future__ import annotations

import datetime as dt

import pytest
from typer.testing import CliRunner

from cli import i18n, wizard
from cli.app import app
from cli.countdown import Frame, countdown_view
from cli.hold_store import HoldStore
from cli.prompting import Prompter
from rules import interview
from tests.test_wizard import DECIDE, ENTER, NOW, REMOVAL, Run, choose, jurisdiction, paste, replace


class Recorder(Prompter):
    """A Prompter that keeps each question as the officer saw it: message, choice titles, instruction."""

    seen: list

    def select(self, message, choices, default=None, instruction=None):
        self.seen.append((message, [c[1] for c in choices], [c[2] for c in choices]))
        return super().select(message, choices, default=default, instruction=instruction)

    def checkbox(self, message, choices, checked=(), instruction=None):
        self.seen.append((message, [c[1] for c in choices], []))
        return super().checkbox(message, choices, checked=checked, instruction=instruction)

    def text(self, message, default="", check=None, multiline=False, instruction=None):
        self.seen.append((message, [], []))
        return super().text(message, default=default, check=check, multiline=multiline, instruction=instruction)


@pytest.fixture
def spanish(monkeypatch):
    i18n.set_language("es")  # conftest puts English back after the test
    seen: list = []
    monkeypatch.setattr(Recorder, "seen", seen, raising=False)
    monkeypatch.setattr(wizard, "Prompter", Recorder)
    return seen


@pytest.fixture
def run(tmp_path, monkeypatch, spanish):
    monkeypatch.setattr("tests.test_wizard.Prompter", Recorder)
    return Run(tmp_path, monkeypatch)


def test_a_full_run_in_spanish_reads_naturally(run, spanish):
    keys = (jurisdiction("pg-county") + ENTER + ENTER + ENTER + paste(REMOVAL)
            + ENTER + replace("14:05") + "24-001" + ENTER + DECIDE)
    run(keys, countdown=[None, None, "q"])
    assert run.code is None
    messages = [m for m, _, _ in spanish]
    assert messages == [
        "¿Qué política se aplica (su departamento)?",
        "Fecha del encuentro",
        "Situación de custodia",
        "¿Hay una orden o un resultado (hit) de NCIC?",
        "Pegue el texto del resultado de NCIC",
        "Delitos sospechados",
        "¿Cuándo empezó la retención?",
        "Número de incidente o de caso",
        "Revisión: cambie una respuesta o decida",
    ]
    _, custody, custody_helps = spanish[2]
    assert custody == ["Sin retener", "Detenida", "Arrestada", "En la cárcel"]
    assert custody_helps[1] == "Retenida en el lugar mientras usted verifica."
    _, process, process_helps = spanish[3]
    assert process == ["Un resultado (hit) de NCIC", "Una orden o solicitud de retención que puedo identificar",
                       "Ninguna de las dos"]
    assert process_helps[0] == "Tiene el texto del resultado: péguelo y warrantwise lo lee."
    assert "Narcotráfico" in spanish[5][1]
    _, review, _ = spanish[-1]
    assert review[0] == "Decidir con estas respuestas"
    assert "Custodia: Detenida" in review and "Orden o resultado: Un resultado (hit) de NCIC" in review
    assert "Delitos: ninguno" in review and "Inicio de la retención: 14:05 (hace 25 min)" in review
    out = run.out
    assert "Leo: CIVIL Orden administrativa de ICE" in out and "Palabras que deciden:" in out
    assert "PROHIBIDO" in out and "Retención 24-001 · regla PG-3" in out
    assert "quedan 34:58 de 60 minutos" in out and "r liberar · c volver a revisar · q salir" in out
    assert "Retención 24-001 registrada: un supervisor la ve con `warrantwise hold list`." in out
    assert "La retención sigue corriendo: `warrantwise hold status 24-001`" in out
    [hold] = run.store.running()
    assert hold.ref == "24-001" and hold.jurisdiction == "pg-county"  # the stored values stay the English ids


def test_spanish_confirm_is_a_select_of_si_and_no(run, spanish):
    keys = (jurisdiction("pg-county") + ENTER + choose("custody", "none", "detained")
            + choose("process", "kind", "ncic") + choose("warrant", "criminal", "unknown") + ENTER + ENTER + DECIDE)
    run(keys)
    assert run.code is None
    message, titles, _ = next(s for s in spanish if s[0].startswith("¿Despacho"))
    assert message == "¿Despacho confirmó que está vigente y es penal?" and titles == ["Sí", "No"]
    assert "Confirmado por despacho: no" in spanish[-1][1]


def test_the_limit_banner_in_spanish(spanish):
    hold = {"limit_minutes": 60, "elapsed_minutes": 75, "remaining_minutes": 0, "expired": True, "rule": "PG-3"}
    from rich.console import Console

    console = Console(width=60, record=True, color_system=None)
    console.print(countdown_view(Frame(hold, "ask-supervisor", "24-001")))
    text = " ".join(console.export_text().replace("│", " ").split())
    assert "Retención 24-001 · regla PG-3" in text and "quedan 0:00 de 60 minutos" in text
    assert ("LÍMITE DE RETENCIÓN ALCANZADO (60 min): deje en libertad ahora salvo que se haya confirmado una base "
            "penal — regla PG-3") in text


def test_spanish_typed_answers_say_what_to_type_instead():
    with pytest.raises(ValueError, match="escriba la fecha como AAAA-MM-DD"):
        interview.parse("date", "1/8/2019", NOW, "es")
    with pytest.raises(ValueError, match="parece un nombre"):
        interview.parse("id", "Smith", NOW, "es")
    assert interview.hold_start("hace 20 minutos", NOW, "es") == NOW - dt.timedelta(minutes=20)


def test_spanish_errors_missing_fields_no_terminal_and_ctrl_c(tmp_path, run, spanish):
    runner = CliRunner()
    env = {"WARRANTWISE_HOME": str(tmp_path)}
    missing = runner.invoke(app, ["--lang", "es", "wizard", "--no-input"], env=env)
    assert missing.exit_code == 2 and "falta jurisdiction" in " ".join(missing.stderr.split())
    no_terminal = runner.invoke(app, ["--lang", "es", "wizard", "-j", "pg-county"], env=env)
    assert no_terminal.exit_code == 2 and "warrantwise wizard necesita una terminal" in no_terminal.stderr
    i18n.set_language("es")
    run("\x03")
    assert run.code == 130


def test_hold_list_in_spanish(tmp_path):
    HoldStore(tmp_path).start("24-001", "pg-county", dt.datetime.now().astimezone() - dt.timedelta(minutes=70))
    HoldStore(tmp_path).start("24-002", "pg-county", dt.datetime.now().astimezone() - dt.timedelta(minutes=10))
    env = {"WARRANTWISE_HOME": str(tmp_path)}
    result = CliRunner().invoke(app, ["--lang", "es", "hold", "list"], env=env)
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    for words in ("Referencia", "Jurisdicción", "Empezó", "Retenida", "Queda", "LÍMITE ALCANZADO", "50 min"):
        assert words in text
    as_json = CliRunner().invoke(app, ["--lang", "es", "hold", "list", "--json"], env=env)
    assert '"status": "running"' in as_json.stdout and "LÍMITE" not in as_json.stdout  # JSON stays English
    empty = CliRunner().invoke(app, ["--lang", "es", "hold", "release", "24-999"], env=env)
    assert empty.exit_code == 2 and "no hay ninguna retención 24-999" in " ".join(empty.stderr.split())

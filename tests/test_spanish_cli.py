"""The scripted CLI in Spanish, reviewed by example: what an officer or a supervisor reads."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from .conftest import ROOT, unwrapped

HIT = "OUTSTANDING ADMINISTRATIVE WARRANT OF REMOVAL"
CHECK = ["check", "-j", "pg-county", "--date", "2019-08-01", "--custody", "detained", "--held-minutes", "5",
         "--ncic-text", HIT]


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("WARRANTWISE_LANG", "LANG", "LC_ALL", "LC_MESSAGES")}
    return subprocess.run([sys.executable, "-c", "from cli.app import main; main()", *args], cwd=ROOT, text=True,
                          capture_output=True, env={**clean, "COLUMNS": "200", **env}, timeout=60)


def test_check_reads_naturally_in_spanish():
    out = unwrapped(run("--lang", "es", *CHECK).stdout)
    for words in ("PROHIBIDO", "OBLIGATORIO", "Retener a la persona", "Próximos pasos", "Las reglas y sus palabras",
                  "Una orden civil (administrativa) no da base para parar, detener, registrar ni arrestar",
                  "NO HAY BASE PARA RETENER", "No es asesoramiento legal"):
        assert words in out, words
    # The policy's own words stay English, with the Spanish summary beside them.
    assert "“" in out and "En resumen: " in out
    assert "REQUIRED" not in out and "Next steps" not in out


def test_check_json_is_the_same_in_every_language():
    english = json.loads(run(*CHECK, "--json").stdout)
    for env in ({"WARRANTWISE_LANG": "es"}, {"LANG": "es_US.UTF-8"}):
        assert json.loads(run(*CHECK, "--json", **env).stdout) == english
    assert json.loads(run("--lang", "es", *CHECK, "--json").stdout)["actions"]["detain"]["verdict"] == "prohibited"


def test_the_locale_picks_spanish_when_nothing_else_does():
    assert "Próximos pasos" in run(*CHECK, LANG="es_US.UTF-8").stdout
    assert "Next steps" in run(*CHECK, LANG="es_US.UTF-8", WARRANTWISE_LANG="en").stdout


def test_warrant_in_spanish():
    out = unwrapped(run("warrant", HIT, WARRANTWISE_LANG="es").stdout)
    for words in ("Se lee como:", "CIVIL", "Orden administrativa de ICE", "Qué la hace civil", "Qué la haría penal",
                  "Pregunte a despacho o a un supervisor", "agente de inmigración"):
        assert words in out, words
    english = json.loads(run("warrant", HIT, "--json").stdout)
    assert json.loads(run("warrant", HIT, "--json", WARRANTWISE_LANG="es").stdout) == english


def test_rules_show_in_spanish():
    out = unwrapped(run("--lang", "es", "rules", "show", "pg-county", "--date", "2019-08-01").stdout)
    for words in ("Qué nivel prevalece", "vigente el 2019-08-01", "En resumen: ", "confianza"):
        assert words in out, words


def test_help_in_spanish():
    root = run("--help", WARRANTWISE_LANG="es").stdout
    assert "lo que la política migratoria de su departamento exige" in root
    assert "Decidir un encuentro" in root
    check = unwrapped(run("check", "--help", WARRANTWISE_LANG="es").stdout)
    assert "Decidir un encuentro" in check and "Minutos que la persona" in check


def test_an_unknown_language_is_a_usage_error():
    result = run("--lang", "xx", "check", "--help")
    assert result.returncode == 2 and "known: en, es" in result.stderr


EXPLAIN = ["explain", "-j", "dc-mpd", "--date", "2025-10-01", "--custody", "none", "--role", "driver", "--warrant", "none"]


def test_explain_traces_the_decision_in_spanish():
    out = unwrapped(run("--lang", "es", *EXPLAIN).stdout)
    for words in ("Traza · DC Metropolitan Police", "Reglas del paquete el 2025-10-01", "✓ vigente DC-L1",
                  "desde el 2019-10-23 hasta hoy", "del 2025-09-03 al 2026-02-22", "el caso 1 no se cumple",
                  "necesita detained o arrested o jail ✗", "Cómo se resolvió cada acción",
                  "DC-P2 caso 2 dice PROHIBIDO: superado: ley u orden ejecutiva del condado o de la ciudad prevalece sobre "
                  "política del departamento", "DC-P1 · orden de capas",
                  "ningún caso vigente trata esto: por defecto, consulte a un supervisor"):
        assert words in out, words
    assert "How each action was settled" not in out and "does not hold" not in out and "PROHIBITED" not in out
    # The trace as JSON keeps its English words: it is an interface.
    trace = json.loads(run("--lang", "es", *EXPLAIN, "--json").stdout)
    assert trace["actions"]["ask_status"]["how"] == "layer order"
    assert "prevails over department policy" in trace["actions"]["ask_status"]["candidates"][1]["why"]


def test_compare_sets_places_side_by_side_in_spanish():
    out = unwrapped(run("--lang", "es", "compare", "--custody", "none", "--role", "driver", "--warrant", "none",
                        "--in", "pg-county@2019-08-01", "--in", "dc-mpd@2025-08-20").stdout)
    for words in ("Orden", "Límite de retención", "Qué difiere, y las reglas detrás", "PROHIBIDO", "PERMITIDO",
                  "PG-5 Despacho debe confirmar la orden penal", "ninguna regla lo decide", "No es asesoramiento legal"):
        assert words in out, words
    assert "What differs" not in out and "no rule" not in out and "PERMITTED" not in out


def test_pack_authoring_speaks_spanish(tmp_path):
    made = run("--lang", "es", "rules", "new", "greenbelt", "--dir", str(tmp_path)).stdout
    assert "Se escribieron" in made and "Siguiente paso: quite los comentarios" in made
    pack = str(tmp_path / "greenbelt.toml")
    assert run("--lang", "es", "rules", "validate", pack).stdout.strip().endswith(": válido")
    tested = run("--lang", "es", "rules", "test", pack).stdout
    assert "1 prueba(s) de" in tested and "SUPERADA" in tested and "1 superadas, 0 fallidas" in tested
    diff = unwrapped(run("--lang", "es", "rules", "diff", "pg-county", "--from", "2019-08-01", "--to", "2022-06-01").stdout)
    for words in ("qué cambió para un agente del 2019-08-01 al 2022-06-01", "Entraron en vigor:",
                  "(ley estatal o del Distrito, desde el 2022-01-01 hasta hoy)", "Dejaron de estar vigentes: ninguna",
                  "Retener a la persona por esta orden o resultado: PERMITIDO -> CONSULTE A UN SUPERVISOR (PG-3 -> MD-1;"):
        assert words in diff, words
    listed = unwrapped(run("--lang", "es", "rules", "list", "--date", "2019-08-01").stdout)
    assert "Paquetes de política el 2019-08-01" in listed and "reglas vigentes" in listed


def test_the_rules_block_says_since_and_from_to():
    out = unwrapped(run("--lang", "es", *CHECK).stdout)
    assert "vigente desde el 2019-07-10 hasta hoy" in out and "al hoy" not in out
    assert "in force since 2019-07-10" in unwrapped(run(*CHECK).stdout)

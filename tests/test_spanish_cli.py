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

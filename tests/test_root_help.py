"""The root help drawn without typer (cli/root_help.py) is typer's, to the character: the
commands table, the catalogs and the root options cannot change one without the other.

typer draws it here in-process, and through the real entry point in a subprocess with the fast
path switched off; colour output is compared as a terminal shows it (each visible character
and its SGR attributes), since rich splits its escape sequences differently.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from cli import i18n, root_help
from cli.app import app

from .conftest import ROOT


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("width", [48, 60, 80, 100, 200])  # 48: the narrowest drawn here, see below
def test_the_root_help_is_the_one_typer_draws(lang, width, monkeypatch):
    monkeypatch.setitem(i18n._current, "lang", lang)
    monkeypatch.setattr("typer.rich_utils.MAX_WIDTH", width)
    monkeypatch.setattr("typer.rich_utils.FORCE_TERMINAL", False)
    typers = CliRunner().invoke(app, ["--help"], prog_name="warrantwise")
    assert typers.exit_code == 0
    assert root_help.render("warrantwise", width) + "\n" == typers.output


# main() in a fresh interpreter; "typer" makes the root help typer's. stderr says whether typer loaded.
DRIVER = r"""
import sys
import cli.root_help
if sys.argv.pop(1) == "typer":
    cli.root_help.answer = lambda argv: None
from cli.app import main
try:
    main()
finally:
    sys.stderr.write("typer" if "typer" in sys.modules else "no typer")
"""
QUIET = {"COLUMNS", "LINES", "TERMINAL_WIDTH", "_TYPER_FORCE_DISABLE_TERMINAL", "FORCE_COLOR", "NO_COLOR", "PY_COLORS",
         "TTY_COMPATIBLE", "GITHUB_ACTIONS", "TERM", "WARRANTWISE_LANG"}


def run(drawer: str, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    env = {**{k: v for k, v in os.environ.items() if k not in QUIET}, **env}
    return subprocess.run([sys.executable, "-c", DRIVER, drawer, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, encoding="utf-8", stdin=subprocess.DEVNULL, timeout=60)


def as_seen(output: str) -> list[tuple[str, frozenset[str]]]:
    """Each character with the SGR codes in force (none on spaces: no background is used)."""
    seen, codes = [], frozenset()
    for part in re.split(r"(\x1b\[[\d;]*m)", output):
        if part.startswith("\x1b["):
            codes = frozenset() if part in ("\x1b[0m", "\x1b[m") else codes | set(part[2:-1].split(";"))
        else:
            seen += [(char, frozenset() if char.isspace() else codes) for char in part]
    return seen


@pytest.mark.parametrize("args, env, styled", [
    (["--help"], {"COLUMNS": "60"}, False),
    (["--lang", "es", "--help"], {"COLUMNS": "100"}, False),
    (["--help"], {"COLUMNS": "100", "WARRANTWISE_LANG": "es"}, False),
    ([], {"COLUMNS": "80"}, False),  # no arguments and no terminal: the help, exit 2
    (["--help"], {"COLUMNS": "100", "FORCE_COLOR": "1"}, True),
    (["--lang=es", "--help"], {"TERMINAL_WIDTH": "90", "COLUMNS": "60", "TTY_COMPATIBLE": "1"}, True),
    (["--help"], {"COLUMNS": "70", "FORCE_COLOR": "1", "NO_COLOR": "1"}, True),  # bold and dim, no colours
    (["--help"], {"FORCE_COLOR": "1", "TERM": "dumb"}, False),  # plain, 80 columns
], ids=["60 columns", "--lang es", "WARRANTWISE_LANG", "no arguments", "colour", "TTY_COMPATIBLE", "NO_COLOR",
        "TERM=dumb"])
def test_the_entry_point_draws_it_without_typer_as_typer_would(args, env, styled):
    fast, typers = run("fast", args, env), run("typer", args, env)
    assert (fast.stderr, typers.stderr) == ("no typer", "typer")
    assert fast.returncode == typers.returncode == (0 if args else 2)
    assert ("\x1b[" in fast.stdout) is styled
    assert as_seen(fast.stdout) == as_seen(typers.stdout)
    if not styled:
        assert fast.stdout == typers.stdout


def test_a_terminal_too_narrow_for_its_layout_is_left_to_typer():
    """At 36 columns rich would shrink the option columns (and wrap `Usage: warrantwise ...`
    below 48): typer draws it."""
    result = run("fast", ["--help"], {"COLUMNS": "36"})
    assert result.stderr == "typer" and result.returncode == 0
    assert result.stdout == run("typer", ["--help"], {"COLUMNS": "36"}).stdout


@pytest.mark.parametrize("argv, root_help_alone", [
    ([], True), (["--help"], True), (["--lang", "es", "--help"], True), (["--lang=es", "--help"], True),
    (["--help", "--lang", "es"], True),
    (["-h"], False),  # an error, as before
    (["--lang", "es"], False), (["--help", "--lang"], False), (["--help", "--help"], False), (["--version"], False),
    (["check", "--help"], False), (["--help", "check"], False), (["--pack", "x.toml", "--help"], False),
])
def test_which_command_lines_ask_for_the_root_help_alone(argv, root_help_alone):
    assert root_help._asks_for_root_help(argv) is root_help_alone

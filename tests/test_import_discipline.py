"""Start-up discipline: what a run of `warrantwise` imports (typer's test_rich_import.py
pattern: run the CLI in a fresh interpreter and look at sys.modules), the registry's
summaries, and the import lint (ruff TID251/TID253, configured in pyproject.toml)."""

from __future__ import annotations

import importlib.util
import inspect
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from cli.app import COMMANDS, app

from .conftest import ROOT

INTERACTIVE = ("questionary", "prompt_toolkit", "rich.live")

# Runs the console entry point with the given arguments, then writes to a file sys.modules
# and which of the contract's models (rules.models) have had their schemas built.
DRIVER = r"""
import json, sys
report = sys.argv.pop(1)
sys.argv[0] = "warrantwise"
from cli.app import main
try:
    main()
except SystemExit:
    pass
models = sys.modules.get("rules.models")
built = [name for name, model in vars(models).items() if getattr(model, "__pydantic_complete__", False)] if models else []
with open(report, "w") as fh:
    json.dump({"modules": sorted(sys.modules), "built": sorted(built)}, fh)
"""


def run_cli(tmp_path, *args: str) -> dict:
    report = tmp_path / "modules.json"
    run = subprocess.run([sys.executable, "-c", DRIVER, str(report), *args], cwd=ROOT, capture_output=True,
                         stdin=subprocess.DEVNULL, timeout=60)
    assert report.is_file(), run.stderr.decode(errors="replace")
    return json.loads(report.read_text())


def modules_after(tmp_path, *args: str) -> set[str]:
    return set(run_cli(tmp_path, *args)["modules"])


def loaded(modules: set[str], *prefixes: str) -> set[str]:
    return {m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes)}


def command_modules(modules: set[str]) -> set[str]:
    return {m.removeprefix("cli.commands.") for m in modules if m.startswith("cli.commands.")}


def test_help_lists_the_commands_without_importing_any(tmp_path):
    modules = modules_after(tmp_path, "--help")
    assert command_modules(modules) == set()
    # The message catalogs' loader is the one part of the core every start needs.
    assert loaded(modules, "rules", "pydantic", *INTERACTIVE) - {"rules", "rules.i18n"} == set()


@pytest.mark.parametrize("args", [["--help"], ["--lang", "es", "--help"]], ids=["--help", "--lang es --help"])
def test_root_help_needs_neither_typer_nor_rich(tmp_path, args):
    """cli/root_help.py draws it as typer would (tests/test_root_help.py): issue 5 wants it no
    slower than a typer hello-world's, and typer and rich are most of that time."""
    modules = modules_after(tmp_path, *args)
    assert loaded(modules, "typer", "click", "rich", "pydantic", "rules.engine") == set()


CHECK_JSON = ("check", "-j", "pg-county", "--date", "2019-08-01", "--held-minutes", "5",
              "--ncic-text", "OUTSTANDING ADMINISTRATIVE WARRANT OF REMOVAL", "--json")


def test_check_json_imports_its_own_command_only(tmp_path):
    modules = modules_after(tmp_path, *CHECK_JSON)
    assert "rules.engine" in modules  # it did decide
    assert command_modules(modules) <= {"check", "encounter_flags"}
    assert loaded(modules, *INTERACTIVE, "rich") == set()


def test_check_json_builds_the_encounter_model_only(tmp_path):
    """The CLI writes decisions from dicts, so the decision's models are defined when
    evaluate() first needs them, not at every start (issue 5: check's start-up)."""
    report = run_cli(tmp_path, *CHECK_JSON)
    assert report["built"] == ["Encounter"]
    assert "rules.decision" not in report["modules"]


def test_batch_imports_nothing_interactive(tmp_path):
    stops = tmp_path / "stops.jsonl"
    stops.write_text('{"id": "a", "jurisdiction": "dc-mpd", "ncic_text": "IMMIGRATION VIOLATOR FILE"}\n')
    modules = modules_after(tmp_path, "batch", str(stops), "-o", str(tmp_path / "out.jsonl"))
    assert "rules.decider" in modules
    assert command_modules(modules) <= {"batch", "encounter_flags"}
    assert loaded(modules, *INTERACTIVE, "rich") == set()


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("row", COMMANDS, ids=[row[0] for row in COMMANDS])
def test_the_registry_lists_each_command_as_its_own_help_begins(row, lang, monkeypatch):
    assert len(row) == 4, f"{row[0]}: add the summary (the first paragraph of its help) to its COMMANDS row"
    for module in [m for m in sys.modules if m.startswith("cli.commands.")]:  # help is worded at import
        monkeypatch.delitem(sys.modules, module)
    monkeypatch.setattr("cli.i18n._current", {"lang": lang})
    name, _, _, summary = row
    summary = summary()
    command = app_group().commands[name]
    real = command.load()
    first = inspect.cleandoc(real.help or "").split("\n\n")[0]
    assert " ".join(summary.split()) == " ".join(first.split()), f"{name}: the COMMANDS summary and the command's help differ"


@pytest.mark.parametrize("name", [row[0] for row in COMMANDS])
def test_each_command_loads_and_shows_its_help(name):
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert f"warrantwise {name}" in result.output


def test_import_lint_passes():
    if importlib.util.find_spec("ruff") is None:
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    lint = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], cwd=ROOT, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout + lint.stderr


def app_group():
    import typer

    return typer.main.get_group(app)


def test_the_wizards_first_question_needs_neither_pydantic_nor_the_engine():
    """The jurisdiction question is built from the packs' headers; validation and the engine
    load after it is on screen (issue 3: first question under half a second)."""
    import subprocess
    import sys

    code = (
        "import datetime, sys\n"
        "from cli.wizard import _context\n"
        "ctx = _context(datetime.date(2026, 11, 21), None)\n"
        "print(sorted(o.value for o in ctx.jurisdictions))\n"
        "print(sorted(m for m in ('pydantic', 'rules.engine', 'rules.packs') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()
    assert out[0] == "['dc-mpd', 'greenbelt', 'miami-dade', 'pg-county']"
    assert out[1] == "[]"

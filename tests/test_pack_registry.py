"""Packs from files: layers included by name, the registry, and `--pack` / WARRANTWISE_PACKS."""

from __future__ import annotations

import json
import textwrap

import pytest
from typer.testing import CliRunner

from cli.app import app
from rules import Encounter, decide
from rules.errors import PackError
from rules.packs import LAYER_DIR, load_pack_file
from rules.registry import PackRegistry, active_registry, use_registry
from tests.conftest import unwrapped

runner = CliRunner()


@pytest.fixture(autouse=True)
def _restore_registry():
    before = active_registry()
    yield
    use_registry(before)


def rule(rule_id: str, layer: str, then: str) -> str:
    return textwrap.dedent(f'''
        [[rules]]
        id = "{rule_id}"
        title = "Rule {rule_id}"
        text = "What rule {rule_id} says."
        source = "Test source for {rule_id}"
        cites = "test"
        layer = "{layer}"
        effective_from = 2020-01-01
        confidence = "high"

          [[rules.cases]]
          then = {{ {then} }}
        ''')


def pack_text(pack_id="testville", include=("safeguards", "maryland-state"), extra=""):
    return textwrap.dedent(f'''\
        id = "{pack_id}"
        name = "Testville Police"
        version = "7"
        reviewed = 2026-01-01
        include = {json.dumps(list(include))}
        prevails = ["safeguard", "state-law", "county-law", "department-policy"]
        {extra}
        ''') + rule("TV-1", "department-policy", 'query_status = "prohibited"')


def layer_text(layer_id, include=(), rule_id="CT-1"):
    return textwrap.dedent(f'''\
        id = "{layer_id}"
        name = "A shared layer"
        reviewed = 2026-01-01
        include = {json.dumps(list(include))}
        ''') + rule(rule_id, "county-law", 'transport_for_ice = "prohibited"')


def write(folder, name, text):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_layer_resolves_beside_the_pack_then_among_the_builtin_layers(tmp_path):
    write(tmp_path, "layers/testville-county.toml", layer_text("testville-county"))
    pack = load_pack_file(write(tmp_path, "testville.toml", pack_text(include=["safeguards", "testville-county", "maryland-state"])))
    assert {"TV-1", "CT-1", "MD-1", "WW-1"} <= {r.id for r in pack.rules}
    assert (tmp_path / "layers" / "testville-county.toml").resolve() in pack.layer_files
    assert (LAYER_DIR / "maryland-state.toml").resolve() in pack.layer_files


def test_a_layer_beside_the_pack_takes_precedence_over_a_builtin_of_that_name(tmp_path):
    write(tmp_path, "layers/maryland-state.toml", layer_text("maryland-state", rule_id="MDX-1"))
    pack = load_pack_file(write(tmp_path, "testville.toml", pack_text()))
    ids = {r.id for r in pack.rules}
    assert "MDX-1" in ids and "MD-1" not in ids


def test_missing_include_says_where_it_looked(tmp_path):
    with pytest.raises(PackError) as err:
        load_pack_file(write(tmp_path, "testville.toml", pack_text(include=["safeguards", "virginia-state"])))
    message = str(err.value)
    assert "include 'virginia-state'" in message
    assert str(tmp_path / "layers" / "virginia-state.toml") in message and "maryland-state" in message


def test_cyclic_include_is_refused_with_the_chain(tmp_path):
    write(tmp_path, "layers/county-a.toml", layer_text("county-a", include=["county-b"], rule_id="A-1"))
    write(tmp_path, "layers/county-b.toml", layer_text("county-b", include=["county-a"], rule_id="B-1"))
    with pytest.raises(PackError) as err:
        load_pack_file(write(tmp_path, "testville.toml", pack_text(include=["county-a"])))
    assert "include cycle: county-a -> county-b -> county-a" in str(err.value)


def test_a_layer_two_layers_include_is_loaded_once(tmp_path):
    write(tmp_path, "layers/county-a.toml", layer_text("county-a", include=["maryland-state"], rule_id="A-1"))
    write(tmp_path, "layers/county-b.toml", layer_text("county-b", include=["maryland-state"], rule_id="B-1"))
    pack = load_pack_file(write(tmp_path, "testville.toml", pack_text(include=["county-a", "county-b", "safeguards"])))
    assert [r.id for r in pack.rules].count("MD-1") == 1


def test_layer_id_must_match_its_file_name(tmp_path):
    write(tmp_path, "layers/county-a.toml", layer_text("county-z"))
    with pytest.raises(PackError, match="must match the file name"):
        load_pack_file(write(tmp_path, "testville.toml", pack_text(include=["county-a"])))


def test_a_file_pack_is_a_jurisdiction_the_engine_resolves(tmp_path, now):
    use_registry(PackRegistry([write(tmp_path, "testville.toml", pack_text())]))
    out = decide(Encounter(jurisdiction="testville", date="2026-01-01", warrant="ice-administrative"), now=now)
    assert out["policy"]["pack"] == "testville" and out["policy"]["version"] == "7"
    assert out["actions"]["query_status"]["rules"] == ["TV-1"]
    assert out["actions"]["detain"]["rules"] == ["MD-1"]  # the shared state layer


def test_builtin_id_is_refused_unless_the_file_says_it_replaces_the_builtin(tmp_path, now):
    clash = write(tmp_path, "a/pg-county.toml", pack_text("pg-county"))
    with pytest.raises(PackError, match="replaces_builtin = true"):
        PackRegistry([clash])
    replacing = write(tmp_path, "b/pg-county.toml", pack_text("pg-county", extra="replaces_builtin = true"))
    use_registry(PackRegistry([replacing]))
    out = decide(Encounter(jurisdiction="pg-county", date="2026-01-01"), now=now)
    assert out["policy"]["version"] == "7" and "PG-1" not in out["rules"]


def test_replaces_builtin_needs_a_builtin_to_replace(tmp_path):
    with pytest.raises(PackError, match="no built-in pack 'testville' to replace"):
        PackRegistry([write(tmp_path, "testville.toml", pack_text(extra="replaces_builtin = true"))])


def test_two_files_with_one_id_are_refused(tmp_path):
    first = write(tmp_path, "a/testville.toml", pack_text())
    second = write(tmp_path, "b/testville.toml", pack_text())
    with pytest.raises(PackError, match="is also the id of"):
        PackRegistry([first, second])


def test_a_folder_loads_its_packs_and_not_their_tests(tmp_path):
    write(tmp_path, "testville.toml", pack_text())
    write(tmp_path, "testville.tests.toml", "[[tests]]\n")
    registry = PackRegistry([tmp_path])
    assert "testville" in registry.ids() and "pg-county" in registry.ids()
    assert registry.path("testville") == (tmp_path / "testville.toml").resolve()


def run(*args, env=None):
    return runner.invoke(app, list(args), env=env)


def test_check_with_pack_decides_for_the_file_jurisdiction(tmp_path):
    path = write(tmp_path, "testville.toml", pack_text())
    result = run("check", "--pack", str(path), "-j", "testville", "--date", "2026-01-01", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["policy"]["pack"] == "testville"


def test_root_pack_option_and_the_environment_folder(tmp_path):
    path = write(tmp_path, "testville.toml", pack_text())
    root = run("--pack", str(path), "check", "-j", "testville", "--json")
    assert root.exit_code == 0, root.output
    env = run("check", "-j", "testville", "--json", env={"WARRANTWISE_PACKS": str(tmp_path)})
    assert env.exit_code == 0, env.output
    assert run("check", "-j", "testville").exit_code == 2  # not loaded: an unknown jurisdiction


def test_a_broken_pack_file_stops_the_run_naming_the_problem(tmp_path):
    path = write(tmp_path, "testville.toml", pack_text().replace('layer = "department-policy"', 'layer = "city-law"'))
    result = run("check", "--pack", str(path), "-j", "pg-county")
    assert result.exit_code == 2
    assert "testville.toml: rules.0.layer: Input should be" in unwrapped(result.stderr)


def test_environment_folder_that_does_not_exist_is_a_usage_error(tmp_path):
    result = run("rules", "list", env={"WARRANTWISE_PACKS": str(tmp_path / "nowhere")})
    assert result.exit_code == 2 and "WARRANTWISE_PACKS=" in unwrapped(result.stderr)


def test_rules_list_shows_file_packs_and_where_they_came_from(tmp_path):
    path = write(tmp_path, "testville.toml", pack_text())
    rows = json.loads(run("rules", "list", "--pack", str(path), "--json").stdout)
    by_id = {row["pack"]: row for row in rows}
    assert by_id["testville"]["file"] == str(path.resolve())
    assert by_id["pg-county"]["file"] is None

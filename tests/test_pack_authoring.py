"""Authoring a pack: `rules new`, `rules test`, `rules diff`, and the Greenbelt worked example."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cli.app import app
from rules import Encounter, decide
from rules.errors import PackError
from rules.packs import LAYER_DIR, PACK_DIR, load_builtin, load_pack_file
from tests.conftest import unwrapped

runner = CliRunner()
PG_TESTS = PACK_DIR / "pg-county.tests.toml"


def run(*args):
    return runner.invoke(app, list(args))


def uncomment(text: str) -> str:
    """What an editor's 'uncomment' does to every example: strip one leading '# '."""
    return "\n".join(line.removeprefix("# ") for line in text.splitlines())


@pytest.fixture
def demo(tmp_path):
    result = run("rules", "new", "anne-arundel", "--dir", str(tmp_path / "packs"), "--name", "Anne Arundel County Police")
    assert result.exit_code == 0, result.output
    return tmp_path / "packs" / "anne-arundel.toml"


def test_new_pack_validates_and_passes_its_starting_test(demo):
    assert load_pack_file(demo).name == "Anne Arundel County Police"
    result = run("rules", "test", str(demo))
    assert result.exit_code == 0, result.output
    assert "1 passed, 0 failed" in result.stdout


def test_new_pack_will_not_overwrite(demo):
    result = run("rules", "new", "anne-arundel", "--dir", str(demo.parent))
    assert result.exit_code == 2 and "will not overwrite" in unwrapped(result.stderr)


def test_new_pack_refuses_an_id_that_is_not_one():
    result = run("rules", "new", "Anne Arundel")
    assert result.exit_code == 2 and "not a pack id" in unwrapped(result.stderr)


def test_every_example_uncommented_validates_and_passes_its_tests(demo):
    tests = demo.with_name("anne-arundel.tests.toml")
    demo.write_text(uncomment(demo.read_text()))
    tests.write_text(uncomment(tests.read_text()))
    pack = load_pack_file(demo)
    assert {f"AA-{i}" for i in range(1, 8)} <= {r.id for r in pack.rules}
    kinds = {r.layer for r in pack.rules} | {"hold" for r in pack.rules if r.hold} | {
        "dated" for r in pack.rules if r.effective_to} | {"override" for r in pack.rules if r.overrides}
    assert {"department-policy", "county-law", "hold", "dated", "override"} <= kinds
    result = run("rules", "test", str(tests))
    assert result.exit_code == 0, result.output
    assert "9 passed, 0 failed" in result.stdout


def test_the_override_example_is_what_settles_its_clash(demo):
    demo.write_text(uncomment(demo.read_text()).replace('overrides = ["AA-4"]', ""))
    with pytest.raises(PackError, match="AA-4 .* and AA-5 .* decide transport_for_ice differently"):
        load_pack_file(demo)


def test_a_failing_test_shows_the_trace_of_the_decision(tmp_path):
    pack = tmp_path / "pg-county.toml"
    pack.write_text((PACK_DIR / "pg-county.toml").read_text())
    tests = PG_TESTS.read_text().replace(
        'expect = { detain = "prohibited", release = "required", contact_ice = "prohibited", share_info = "prohibited" }',
        'expect = { detain = "permitted", release = "required", contact_ice = "prohibited", share_info = "prohibited" }',
    )
    pack.with_name("pg-county.tests.toml").write_text(tests)
    result = run("rules", "test", str(pack))
    assert result.exit_code == 1
    out = result.stdout
    total = tests.count("[[tests]]")
    assert "FAIL  The 2019 removal-warrant hit" in out and f"{total - 1} passed, 1 failed" in out
    assert "detain: expected PERMITTED, got PROHIBITED (settled by one rule)" in out
    assert "PG-1 case 1 (department policy) says PROHIBITED: decides" in out
    assert "warrant read as ice-administrative (civil)" in out
    assert "reason given: A civil (administrative) warrant gives no grounds" in out
    failed = [t for t in json.loads(run("rules", "test", str(pack), "--json").stdout) if not t["passed"]]
    assert [(m["action"], m["candidates"][0]["rule"]) for m in failed[0]["misses"]] == [("detain", "PG-1")]


def test_rules_test_json_and_name_filter():
    result = run("rules", "test", "pg-county", "--name", "jail", "--json")
    assert result.exit_code == 0, result.output
    assert [(t["name"], t["passed"]) for t in json.loads(result.stdout)] == [("County jail 2015: no hold on an ICE detainer", True)]
    assert run("rules", "test", "pg-county", "--name", "no such test").exit_code == 1


def test_a_test_that_names_its_jurisdiction_is_refused(tmp_path):
    (tmp_path / "greenbelt.toml").write_text((PACK_DIR / "greenbelt.toml").read_text())
    (tmp_path / "greenbelt.tests.toml").write_text(
        '[[tests]]\nname = "x"\ndate = 2026-11-21\nencounter = { jurisdiction = "pg-county" }\nexpect = { detain = "prohibited" }\n'
    )
    result = run("rules", "test", str(tmp_path / "greenbelt.toml"))
    assert result.exit_code == 2 and "leave out jurisdiction" in unwrapped(result.stderr)


def test_a_pack_without_a_tests_file_is_a_usage_error(tmp_path):
    (tmp_path / "greenbelt.toml").write_text((PACK_DIR / "greenbelt.toml").read_text())
    result = run("rules", "test", str(tmp_path / "greenbelt.toml"))
    assert result.exit_code == 2 and "no tests file" in unwrapped(result.stderr)


def test_diff_names_the_state_law_that_came_into_force_and_what_it_changed():
    result = run("rules", "diff", "pg-county", "--from", "2019-08-01", "--to", "2022-06-01", "--json")
    assert result.exit_code == 0, result.output
    diff = json.loads(result.stdout)
    assert [r["id"] for r in diff["rules"]["came_into_force"]] == ["MD-1"]
    hold = [c for c in diff["verdicts"]["changes"] if c["action"] == "detain" and c["from"] == "permitted"]
    assert hold and hold[0]["to"] == "ask-supervisor" and hold[0]["rules_to"] == ["MD-1"]
    assert hold[0]["where"]["warrant"] == ["unknown"] and hold[0]["where"]["custody"] == ["detained"]


def test_diff_across_the_dc_executive_order():
    diff = json.loads(run("rules", "diff", "dc-mpd", "--from", "2025-08-01", "--to", "2025-08-20", "--json").stdout)
    assert {f"DC-M{i}" for i in range(1, 7)} <= {r["id"] for r in diff["rules"]["came_into_force"]}
    share = [c for c in diff["verdicts"]["changes"] if c["action"] == "share_info" and c["to"] == "permitted"]
    assert share and share[0]["rules_to"] == ["DC-M1"] and share[0]["where"]["custody"] == ["none"]
    text = run("rules", "diff", "dc-mpd", "--from", "2025-08-01", "--to", "2025-08-20").stdout
    assert "Share the person's information with ICE: ASK A SUPERVISOR -> PERMITTED" in text


def test_diff_of_a_date_with_itself_changes_nothing():
    diff = json.loads(run("rules", "diff", "miami-dade", "--from", "2020-01-01", "--to", "2020-01-01", "--json").stdout)
    assert diff["verdicts"]["changes"] == [] and not any(diff["rules"].values())


def test_diff_refuses_a_bad_date():
    assert run("rules", "diff", "pg-county", "--from", "2019-13-01", "--to", "2022-06-01").exit_code == 2


# The worked example: Greenbelt PD's general order over the Maryland layer PG County shares.

def test_greenbelt_and_pg_county_include_the_same_maryland_layer_file():
    maryland = (LAYER_DIR / "maryland-state.toml").resolve()
    assert maryland in load_builtin("greenbelt").layer_files
    assert maryland in load_builtin("pg-county").layer_files
    assert load_builtin("greenbelt").rule("MD-1") == load_builtin("pg-county").rule("MD-1")


def test_greenbelt_rules_cite_the_order_and_say_what_is_unverified():
    pack = load_builtin("greenbelt")
    own = [r for r in pack.rules if r.id.startswith("GB-")]
    assert [r.id for r in own] == ["GB-1", "GB-2", "GB-3"]
    for rule in own:
        assert "greenbeltmd.gov" in rule.source or "link above" in rule.source
        assert "ncic-reference.md §3.4" in rule.cites
        assert "NOT FOUND" in rule.note or "see GB-1" in rule.note
    assert pack.rule("GB-3").confidence == "low" and "other-crime" in pack.rule("GB-3").note


def test_greenbelt_task_force_permission_warns_that_it_rests_on_low_confidence(now):
    out = decide(Encounter(jurisdiction="greenbelt", date="2026-11-21", custody="none", warrant="none",
                           suspected_offenses=["drug-trafficking"]), now=now)
    assert out["actions"]["contact_ice"]["verdict"] == "permitted"
    assert any(w.startswith("GB-3 rests on a source of low confidence") for w in out["warnings"])

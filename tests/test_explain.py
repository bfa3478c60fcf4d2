"""`warrantwise explain`: the trace agrees with decide() and says why, rule by rule."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cli.app import app
from rules import Encounter, decide
from rules.explain import explain
from rules.packs import parse_pack
from rules.training import load_banks
from rules.vocab import ACTIONS, CUSTODY, OFFENSES, ROLES, WARRANT_KINDS
from tests.conftest import NOW, jsonl, shared_file, unwrapped

runner = CliRunner()
DATES = ["2011-01-01", "2015-03-01", "2017-02-01", "2017-06-01", "2019-07-01", "2019-08-01", "2020-06-01", "2023-04-15",
         "2025-06-01", "2025-08-20", "2025-09-05", "2025-10-01", "2026-03-01", "2027-01-01"]
TEXTS = [None, "OUTSTANDING ADMINISTRATIVE WARRANT OF REMOVAL", "PREVIOUSLY DEPORTED FELON",
         "IMMIGRATION VIOLATOR - OUTSTANDING ADMINISTRATIVE WARRANT OF REMOVAL. WARRANT ISSUED BY SUPERIOR COURT FOR ASSAULT"]

encounters = st.builds(
    Encounter,
    jurisdiction=st.sampled_from(["pg-county", "dc-mpd", "miami-dade"]),
    date=st.sampled_from(DATES),
    role=st.sampled_from(ROLES),
    custody=st.sampled_from(CUSTODY),
    warrant=st.one_of(st.none(), st.sampled_from(WARRANT_KINDS)),
    ncic_text=st.sampled_from(TEXTS),
    dispatch_confirmed=st.booleans(),
    suspected_offenses=st.lists(st.sampled_from(OFFENSES), max_size=2),
    held_minutes=st.one_of(st.none(), st.sampled_from([0, 30, 59, 60, 61, 90])),
)


def assert_agrees(encounter: Encounter, pack=None) -> dict:
    """The trace gives every action decide()'s verdict and rules, and its parts are consistent."""
    decision, trace = decide(encounter, now=NOW, pack=pack), explain(encounter, now=NOW, pack=pack)
    for action in ACTIONS:
        said, traced = decision["actions"][action], trace["actions"][action]
        assert (traced["verdict"], traced["rules"]) == (said["verdict"], said["rules"]), action
        speaking = {c["rule"] for c in traced["candidates"] if c["status"] in ("decides", "joins", "conflicts")}
        assert speaking == set(said["rules"]), action
    holding = {(r["id"], c["case"]) for r in trace["rules"] for c in r["cases"] if c["holds"]}
    spoken = {(c["rule"], c["case"]) for a in trace["actions"].values() for c in a["candidates"]}
    assert spoken <= holding
    for rule in trace["rules"]:
        for case in rule["cases"]:
            assert case["holds"] == (case["in_force"] and all(c["holds"] for c in case["conditions"]))
            assert rule["in_force"] or not case["in_force"]
    return trace


@settings(max_examples=400, deadline=None)
@given(encounters)
def test_the_trace_agrees_with_decide_on_every_action(encounter):
    assert_agrees(encounter)


@pytest.mark.parametrize("scenario", [s for b in load_banks() for s in b.scenarios], ids=lambda s: s.id)
def test_the_trace_agrees_on_every_roll_call_scenario(scenario):
    assert_agrees(scenario.encounter)


@pytest.mark.parametrize("example", jsonl(shared_file("scenarios.jsonl")), ids=lambda e: e["name"])
def test_the_trace_agrees_on_the_shared_examples(example):
    assert_agrees(Encounter(**example["encounter"]))


def test_an_override_and_the_layer_order_are_named():
    trace = assert_agrees(Encounter(jurisdiction="dc-mpd", date="2025-08-20", custody="arrested", warrant="ice-administrative"))
    transport = trace["actions"]["transport_for_ice"]
    assert transport["how"] == "override, layer order"
    status = {c["rule"]: (c["status"], c["why"]) for c in transport["candidates"]}
    assert status["DC-P3"] == ("overridden", "overridden by DC-M2")
    assert status["DC-M2"][0] == "outranked" and "state or district law prevails over department policy" in status["DC-M2"][1]
    assert status["DC-L5"][0] == "decides"


def test_a_same_rank_conflict_is_shown_as_a_conflict():
    rule = {"title": "t", "text": "t", "source": "s", "cites": "c", "layer": "department-policy",
            "effective_from": "2020-01-01", "confidence": "high"}
    pack = parse_pack({
        "id": "clash", "name": "Clash", "version": "1", "reviewed": "2026-01-01", "prevails": ["department-policy"],
        "rules": [
            rule | {"id": "A-1", "cases": [{"when": {"custody": ["detained"]}, "then": {"detain": "permitted"}}]},
            rule | {"id": "A-2", "cases": [{"when": {"warrant_class": ["civil"]}, "then": {"detain": "prohibited"}}]},
        ],
    }, "clash")
    trace = assert_agrees(Encounter(jurisdiction="clash", date="2021-01-01", warrant="ice-administrative"), pack=pack)
    detain = trace["actions"]["detain"]
    assert detain["verdict"] == "ask-supervisor" and detain["how"] == "conflict"
    assert {c["status"] for c in detain["candidates"]} == {"conflicts"}


def test_a_failed_condition_and_a_rule_out_of_force_are_shown():
    trace = explain(Encounter(jurisdiction="dc-mpd", date="2025-10-01", custody="none", role="driver", warrant="none"), now=NOW)
    rules = {r["id"]: r for r in trace["rules"]}
    assert rules["DC-M1"]["in_force"] is False and rules["DC-L8"]["in_force"] is True
    failed = [c for c in rules["DC-L6"]["cases"][0]["conditions"] if not c["holds"]]
    assert failed == [{"fact": "custody", "wants": ["detained", "arrested", "jail"], "is": "none", "holds": False}]


def test_the_cli_prints_the_trace_and_its_json():
    args = ["explain", "-j", "dc-mpd", "--date", "2025-10-01", "--custody", "none", "--role", "driver", "--warrant", "none"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    text = unwrapped(result.stdout)
    assert "not in force on 2025-10-01:" in text and "DC-M1 (2025-08-14 to 2025-09-10)" in text
    assert "custody = none, needs detained or arrested or jail ✗" in text
    assert "Share the person's information with ICE ASK A SUPERVISOR DC-L8 · one rule" in text
    out = json.loads(runner.invoke(app, [*args, "--json"]).stdout)
    assert out["actions"]["share_info"]["rules"] == ["DC-L8"] and out["facts"]["custody"] == "none"


def test_the_cli_needs_a_jurisdiction():
    result = runner.invoke(app, ["explain", "--warrant", "none"])
    assert result.exit_code == 2 and "jurisdiction" in result.stderr


# The supervisor's reading of a hit (`warrant`): what decided it, beside what would change it.
@pytest.mark.parametrize(
    "text, found, missing, shown",
    [
        ("OUTSTANDING ADMINISTRATIVE WARRANT OF REMOVAL", "What makes it civil", "What would make it criminal",
         ["a court named on the warrant", "none found", "Ask dispatch whether there is also a separate criminal warrant"]),
        ("MKE/EWF OFF/3531 EXL/1 MIS/WARRANT ISSUED BY SUPERIOR COURT", "What makes it criminal", "What would make it civil",
         ["'OFF/3531': offence code 3531", "an ICE form (I-200, I-205, I-247)", "Have dispatch confirm the warrant is active"]),
        (TEXTS[3], "Signs found (none decides)", "What would decide it", ["Civil signs:", "Criminal signs:", "'SUPERIOR COURT'"]),
    ],
)
def test_warrant_shows_the_markers_found_beside_the_ones_missing(text, found, missing, shown):
    result = runner.invoke(app, ["warrant", text], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    header = next(line for line in result.stdout.splitlines() if found in line)
    assert missing in header, "the two columns sit side by side"
    flat = unwrapped(result.stdout.replace("│", " "))
    for words in shown:
        assert words in flat, words

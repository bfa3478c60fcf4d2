"""`warrantwise compare`: one encounter, several places and dates, differences traced to rules."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cli.app import app
from rules.vocab import ACTIONS
from tests.conftest import unwrapped

runner = CliRunner()
STOP = ["--role", "driver", "--custody", "none", "--warrant", "none"]
PLACES = ["--in", "pg-county@2019-08-01", "--in", "dc-mpd@2025-08-20", "--in", "dc-mpd@2025-10-01"]


def run(*args):
    return runner.invoke(app, ["compare", *args])


def test_json_is_a_list_of_decisions_in_the_contract_shape():
    result = run(*STOP, *PLACES, "--json")
    assert result.exit_code == 0, result.output
    decisions = json.loads(result.stdout)
    assert [(d["jurisdiction"], d["date"]) for d in decisions] == [
        ("pg-county", "2019-08-01"), ("dc-mpd", "2025-08-20"), ("dc-mpd", "2025-10-01")]
    for d in decisions:
        assert set(d) >= {"id", "jurisdiction", "date", "policy", "warrant", "actions", "hold", "next_steps", "warnings", "rules"}
        assert set(d["actions"]) == set(ACTIONS)
    share = [d["actions"]["share_info"] for d in decisions]
    assert [s["verdict"] for s in share] == ["prohibited", "permitted", "ask-supervisor"]
    assert [s["rules"] for s in share] == [["PG-5"], ["DC-M1"], ["DC-L8"]]


def test_the_table_marks_the_rows_that_differ_and_names_their_rules():
    result = run(*STOP, *PLACES)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    marked = " ".join(line for line in lines if line.lstrip().startswith("≠"))
    assert "Share the person's" in marked and "Transport people" in marked
    assert not any("Ask the person about" in line and "≠" in line for line in lines)  # prohibited everywhere
    text = unwrapped(result.stdout)
    assert "What differs, and the rules behind it" in text
    assert "dc-mpd 2025-08-20: PERMITTED DC-M1 EO-25-005: information about people not in MPD custody may be shared" in text
    assert "DC-L8 Federal-law carve-out" in text


def test_a_place_without_a_date_takes_the_date_flag():
    result = run(*STOP, "--date", "2025-08-20", "--in", "dc-mpd", "--in", "pg-county@2019-08-01", "--json")
    assert [d["date"] for d in json.loads(result.stdout)] == ["2025-08-20", "2019-08-01"]


def test_the_same_answer_everywhere_says_so():
    result = run(*STOP, "--in", "dc-mpd@2025-08-20", "--in", "dc-mpd@2025-08-21")
    assert "No verdict differs." in result.stdout and "≠" not in result.stdout


def test_the_ncic_text_is_read_once_for_every_place():
    result = run("--ncic-text", "OUTSTANDING ADMINISTRATIVE WARRANT OF REMOVAL", "--held-minutes", "5", *PLACES, "--json")
    decisions = json.loads(result.stdout)
    assert {d["warrant"]["class"] for d in decisions} == {"civil"}
    assert decisions[0]["hold"]["limit_minutes"] == 60 and decisions[1]["hold"]["limit_minutes"] is None


@pytest.mark.parametrize(
    "args, words",
    [
        ([], "at least one --in"),
        (["--in", "dc-mpd@2025-13-01"], "--in dc-mpd@2025-13-01: date"),
        (["--in", "nowhere@2025-01-01"], "unknown jurisdiction 'nowhere'"),
        (["--in", "@2025-01-01"], "jurisdiction"),
        (["--in", "dc-mpd", "--role", "bystander"], "role"),
    ],
)
def test_bad_places_exit_2_with_the_place_named(args, words):
    result = run(*args)
    assert result.exit_code == 2 and words in result.stderr

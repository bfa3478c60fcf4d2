"""The scripted interface through typer's CliRunner: exit codes, errors, JSON shape, rendering."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from cli.app import app
from rules.vocab import ACTIONS

runner = CliRunner()
PG = ["-j", "pg-county", "--date", "2019-08-01"]
REMOVAL = "OUTSTANDING ADMINISTRATIVE WARRANT OF REMOVAL"


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.startswith("warrantwise ")


def test_check_json_is_the_contract():
    result = run("check", *PG, "--ncic-text", REMOVAL, "--held-minutes", "5", "--id", "pg-1", "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(out) >= {"id", "jurisdiction", "date", "policy", "warrant", "actions", "hold", "next_steps", "warnings", "rules"}
    assert set(out["policy"]) >= {"pack", "version", "effective_from", "reviewed"}
    assert set(out["warrant"]) == {"kind", "class", "from", "evidence", "fields"}
    assert set(out["actions"]) == set(ACTIONS)
    assert all(set(a) == {"verdict", "rules", "reason"} for a in out["actions"].values())
    assert set(out["hold"]) >= {"limit_minutes", "elapsed_minutes", "remaining_minutes", "expired"}
    assert out["warrant"]["class"] == "civil" and out["actions"]["detain"]["verdict"] == "prohibited"
    ev = out["warrant"]["evidence"][0]
    assert REMOVAL[ev["start"]:ev["end"]] == ev["text"]


def test_check_panel_shows_verdicts_in_words_rules_and_quotes():
    result = run("check", *PG, "--ncic-text", REMOVAL, "--held-minutes", "5")
    assert result.exit_code == 0
    text = result.stdout
    for words in ("CIVIL", "PROHIBITED", "REQUIRED", "PG-1", "administrative (civil) warrant", "NO BASIS TO HOLD",
                  "not legal advice"):
        assert words in text, words


def test_check_shows_the_countdown_and_the_expired_banner():
    assert "35 of 60 minutes left" in run("check", *PG, "--warrant", "unknown", "--held-minutes", "25").stdout
    assert "HOLD LIMIT REACHED" in run("check", *PG, "--warrant", "unknown", "--held-minutes", "75").stdout


def test_check_from_an_input_file_with_flag_override(tmp_path):
    path = tmp_path / "enc.json"
    path.write_text(json.dumps({"jurisdiction": "pg-county", "date": "2019-08-01", "warrant": "unknown", "held_minutes": 75}))
    out = json.loads(run("check", "--input", str(path), "--held-minutes", "10", "--json").stdout)
    assert out["hold"]["elapsed_minutes"] == 10


def test_check_reads_ncic_from_stdin():
    out = json.loads(run("check", *PG, "--ncic-file", "-", "--json", input="PREVIOUSLY DEPORTED FELON\n").stdout)
    assert out["warrant"]["class"] == "criminal"


@pytest.mark.parametrize(
    "args, words",
    [
        (["--role", "bystander"], "role: Input should be 'suspect'"),
        (["--date", "2019-02-30"], "date:"),
        (["--held-minutes", "-5"], "held_minutes"),
        (["--offense", "jaywalking"], "suspected_offenses"),
    ],
)
def test_bad_input_names_the_field_and_exits_2(args, words):
    result = run("check", *PG, *args)
    assert result.exit_code == 2
    assert words in result.stderr and "Traceback" not in result.output


def test_missing_and_unknown_jurisdiction_exit_2():
    assert "jurisdiction" in run("check").stderr
    result = run("check", "-j", "atlantis")
    assert result.exit_code == 2 and "pg-county" in result.stderr


def test_unknown_flag_exits_2():
    assert run("check", "--colour", "red").exit_code == 2


def test_ncic_markup_and_escapes_are_shown_literally():
    nasty = "[bold red]FAKE[/bold red] \x1b[2J\x1b[31m ADMINISTRATIVE WARRANT OF REMOVAL"
    result = run("check", *PG, "--ncic-text", nasty)
    assert result.exit_code == 0
    assert "[bold red]FAKE[/bold red]" in result.stdout
    assert "\x1b" not in result.stdout and "\\x1b[2J" in result.stdout


def _jsonl(lines):
    return "".join(json.dumps(x) + "\n" if not isinstance(x, str) else x + "\n" for x in lines)


def test_batch_jsonl_all_good(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(_jsonl([{"id": "a", "jurisdiction": "pg-county", "date": "2019-08-01", "ncic_text": REMOVAL},
                            {"id": "b", "jurisdiction": "dc-mpd", "date": "2025-08-20", "custody": "none"}]))
    result = run("batch", str(path))
    assert result.exit_code == 0
    outs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in outs] == ["a", "b"]


def test_batch_bad_lines_get_error_records_in_place(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(_jsonl([
        {"id": "a", "jurisdiction": "pg-county", "date": "2019-08-01"},
        "{not json",
        {"id": "c", "jurisdiction": "pg-county", "custody": "handcuffed"},
        "",
        [1, 2],
        {"id": "e", "jurisdiction": "nowhere"},
        {"id": "f", "jurisdiction": "pg-county", "date": "2019-08-01"},
    ]))
    result = run("batch", str(path))
    assert result.exit_code == 1
    outs = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(outs) == 6  # the blank line is not a record
    assert outs[0]["id"] == "a" and "actions" in outs[0]
    assert outs[1] == {"id": None, "line": 2, "error": outs[1]["error"]} and "JSON" in outs[1]["error"]
    assert outs[2]["id"] == "c" and outs[2]["line"] == 3 and outs[2]["error"].startswith("custody:")
    assert outs[3]["line"] == 5 and "object" in outs[3]["error"]
    assert outs[4]["id"] == "e" and outs[4]["error"].startswith("jurisdiction:")
    assert outs[5]["id"] == "f" and "actions" in outs[5]


def test_batch_from_stdin_to_csv(tmp_path):
    data = _jsonl([{"id": "a", "jurisdiction": "pg-county", "date": "2019-08-01", "warrant": "unknown", "held_minutes": 75}])
    result = run("batch", "-", "--format", "csv", input=data)
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["id"] == "a" and rows[0]["detain"] == "prohibited" and rows[0]["hold_expired"] == "True"


def test_batch_csv_input(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(
        "id,jurisdiction,date,custody,ncic_text,suspected_offenses,dispatch_confirmed,held_minutes\n"
        'a,pg-county,2019-08-01,detained,"OUTSTANDING ADMINISTRATIVE\nWARRANT OF REMOVAL",,,5\n'
        "b,pg-county,2019-08-01,detained,,human-trafficking;customs,yes,\n"
        "c,pg-county,2019-08-01,detained,,,maybe,\n"
        "d,pg-county\n"
    )
    result = run("batch", str(path), "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 1
    outs = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert outs[0]["warrant"]["class"] == "civil"
    assert outs[1]["id"] == "b" and "error" not in outs[1]
    assert outs[2]["error"].startswith("dispatch_confirmed") and outs[2]["line"] == 5
    assert "fewer cells" in outs[3]["error"]


def test_batch_table_format():
    data = _jsonl([{"id": "a", "jurisdiction": "pg-county", "date": "2019-08-01", "ncic_text": REMOVAL}])
    result = run("batch", "-", "--format", "table", input=data)
    assert result.exit_code == 0 and "NO" in result.stdout and "CIVIL" in result.stdout and "MUST" in result.stdout


def test_batch_unreadable_file_exits_2(tmp_path):
    result = run("batch", str(tmp_path / "missing.jsonl"))
    assert result.exit_code == 2 and "cannot read" in result.stderr


def test_an_error_into_a_log_is_one_line_with_the_path_whole(tmp_path):
    """Scripts keep stderr in logs: a path broken over two lines could not be copied from one."""
    missing = tmp_path / ("a-folder-with-a-long-name-" * 5) / "stops.jsonl"
    result = run("batch", str(missing))
    [line] = result.stderr.splitlines()
    assert result.exit_code == 2 and line.startswith("error:") and str(missing) in line


def test_warrant_json_and_panel():
    out = json.loads(run("warrant", "--json", REMOVAL).stdout)
    assert out["class"] == "civil" and out["evidence"][0]["text"] == "ADMINISTRATIVE WARRANT OF REMOVAL"
    panel = run("warrant", "PREVIOUSLY DEPORTED FELON").stdout
    assert "CRIMINAL" in panel and "What would make it civil" in panel


def test_warrant_from_stdin():
    out = json.loads(run("warrant", "--json", "-", input="order of deportation arrest warrant").stdout)
    assert out["class"] == "civil"


def test_rules_list_and_show():
    listing = json.loads(run("rules", "list", "--date", "2025-08-20", "--json").stdout)
    dc = next(p for p in listing if p["pack"] == "dc-mpd")
    assert "DC-M1" in dc["rules_in_force"]
    later = json.loads(run("rules", "list", "--date", "2025-10-01", "--json").stdout)
    assert "DC-M1" not in next(p for p in later if p["pack"] == "dc-mpd")["rules_in_force"]
    shown = run("rules", "show", "pg-county", "--date", "2019-08-01")
    assert shown.exit_code == 0 and "PG-3" in shown.stdout and "shall not exceed 60 minutes" in shown.stdout
    assert run("rules", "show", "atlantis").exit_code == 2

"""Hostile batch input: every bad record gets one error record naming its line and field,
never a traceback; every good record around it is still decided; the run exits 1.

The cases are tables: add a row to cover a new kind of bad input.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cli.app import app
from cli.exit_codes import ExitCode
from rules.models import MAX_NCIC_CHARS

runner = CliRunner()
GOOD = {"jurisdiction": "pg-county", "date": "2019-08-01", "warrant": "unknown", "held_minutes": 5}
BIG_NCIC = "ICE DETAINER " + "X" * (5 * 1024 * 1024)  # a 5 MB line that must still be decided


def good_line(rid: str, **fields) -> bytes:
    return json.dumps({"id": rid, **GOOD, **fields}).encode()


def bad(rid: str, **fields) -> bytes:
    return json.dumps({"id": rid, "jurisdiction": "pg-county", **fields}).encode()


# (case, the line as bytes, the field its error must name first, or None for the whole line, words in the error)
JSONL_CASES = [
    ("invalid UTF-8 in a value", b'{"id":"utf8","jurisdiction":"pg-county","ncic_text":"ICE \xff\xfe"}', "ncic_text", "not valid UTF-8"),
    ("invalid UTF-8 outside any value", b'{"id":"utf8b" \xff}', None, "not valid UTF-8"),
    ("a JSON array instead of an object", b'[{"jurisdiction": "pg-county"}]', None, "not an array"),
    ("a JSON number instead of an object", b"42", None, "not a number"),
    ("a JSON string instead of an object", b'"pg-county"', None, "not a string"),
    ("JSON null instead of an object", b"null", None, "not null"),
    ("truncated JSON", b'{"id": "cut", "jurisdiction":', None, "not valid JSON at character"),
    ("JSON nested too deeply", b"[" * 100_000, None, "nested too deeply"),
    ("a number of 5000 digits", b'{"jurisdiction": "pg-county", "held_minutes": 1' + b"0" * 5000 + b"}", None, "number too long"),
    ("an unknown field", bad("unknown-field", name="J. Doe"), "name", "is not a field of an encounter"),
    ("a pack field the contract does not have", bad("pack-field", pack="pg-county"), "pack", "is not a field"),
    ("minutes written as words", bad("minutes-words", held_minutes="ten"), "held_minutes", "valid number"),
    ("minutes as true", bad("minutes-bool", held_minutes=True), "held_minutes", "number of minutes"),
    ("dispatch_confirmed not a boolean", bad("dispatch", dispatch_confirmed="maybe"), "dispatch_confirmed", "boolean"),
    ("offences as a string, not a list", bad("offences-str", suspected_offenses="gang"), "suspected_offenses", "list"),
    ("an offence not in the contract", bad("offence", suspected_offenses=["jaywalking"]), "suspected_offenses", "jaywalking"),
    ("a warrant kind not in the contract", bad("kind", warrant="felony"), "warrant", "felony"),
    ("jurisdiction as a list", bad("jur-list", jurisdiction=["pg-county"]), "jurisdiction", "valid string"),
    ("id as an object", bad("ignored", id={"a": 1}), "id", "valid string"),
    ("NaN minutes", b'{"id":"nan","jurisdiction":"pg-county","held_minutes":NaN}', "held_minutes", "NaN"),
    ("Infinity minutes", b'{"id":"inf","jurisdiction":"pg-county","held_minutes":Infinity}', "held_minutes", "Infinity"),
    ("-Infinity minutes", b'{"id":"-inf","jurisdiction":"pg-county","held_minutes":-Infinity}', "held_minutes", "Infinity"),
    ("NaN inside a list", b'{"id":"nan-list","jurisdiction":"pg-county","suspected_offenses":[NaN]}', "suspected_offenses", "NaN"),
    ("minutes that overflow to infinity", b'{"id":"1e400","jurisdiction":"pg-county","held_minutes":1e400}', "held_minutes", "finite"),
    ("negative minutes", bad("neg", held_minutes=-5), "held_minutes", "greater than or equal to 0"),
    ("absurd minutes (a year)", bad("absurd", held_minutes=525_600), "held_minutes", "less than or equal to"),
    ("an impossible day", bad("feb30", date="2019-02-30"), "date", "day value is outside"),
    ("an impossible month", bad("month13", date="2019-13-01"), "date", "month value is outside"),
    ("a date written as a number", bad("date-num", date=20190801), "date", "YYYY-MM-DD"),
    ("a date in another format", bad("date-us", date="08/01/2019"), "date", "YYYY-MM-DD"),
    ("held_since in the future", bad("future", held_since="2999-01-01T00:00:00+00:00"), "held_since", "in the future"),
    ("held_since without a UTC offset", bad("naive", held_since="2019-08-01T10:00:00"), "held_since", "timezone"),
    ("held_minutes and held_since both", bad("two-clocks", held_minutes=5, held_since="2019-08-01T10:00:00+00:00"),
     "held_since", "not both"),
    ("an unknown jurisdiction", bad("atlantis", jurisdiction="atlantis"), "jurisdiction", "unknown jurisdiction"),
    ("a jurisdiction that is a path", bad("path", jurisdiction="../../etc/passwd"), "jurisdiction", "unknown jurisdiction"),
    ("no jurisdiction", json.dumps({"id": "no-jur"}).encode(), "jurisdiction", "is required"),
    ("a lone surrogate in a value", b'{"id":"sur","jurisdiction":"pg-county","ncic_text":"ICE \\udcff"}', "ncic_text", "lone surrogate"),
    ("a lone surrogate in the id", b'{"id":"\\ud800","jurisdiction":"pg-county"}', "id", "lone surrogate"),
    ("NCIC text over the 8 MB limit", bad("huge", ncic_text="X" * (MAX_NCIC_CHARS + 1)), "ncic_text", "at most"),
    ("a 6 MB line that is not JSON", b"x" * (6 * 1024 * 1024), None, "not valid JSON"),
]

# Lines that are not errors: decided (by id) or skipped (blank).
GOOD_LINES = [
    ("a BOM before the first record", b"\xef\xbb\xbf" + good_line("bom")),
    ("a CRLF line end", good_line("crlf") + b"\r"),
    ("a blank line", b""),
    ("a line of spaces and tabs", b"  \t "),
    ("a 5 MB NCIC text", good_line("big", warrant=None, ncic_text=BIG_NCIC)),
    ("a plain record", good_line("plain")),
]


def run_batch(tmp_path, name: str, data: bytes, *args: str):
    path = tmp_path / name
    path.write_bytes(data)
    return runner.invoke(app, ["batch", str(path), *args])


def assert_no_traceback(result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output


def outputs(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_every_bad_jsonl_line_gets_its_error_record_and_good_lines_are_decided(tmp_path):
    # Good lines first (the BOM is only allowed on line 1), then each bad case between two good records.
    lines, expected = [], {}
    for _, raw in GOOD_LINES:
        lines.append(raw)
    for i, (case, raw, field, words) in enumerate(JSONL_CASES):
        lines.append(raw)
        expected[len(lines)] = (case, field, words)
        lines.append(good_line(f"after-{i}"))
    result = run_batch(tmp_path, "hostile.jsonl", b"\n".join(lines) + b"\n")
    assert_no_traceback(result)
    assert result.exit_code == ExitCode.RECORD_ERRORS
    out = outputs(result)
    errors = {o["line"]: o for o in out if "error" in o}
    for line, (case, field, words) in expected.items():
        assert line in errors, f"{case}: no error record for line {line}"
        error = errors[line]["error"]
        if field:
            assert error.startswith((f"{field}:", f"{field}.")), f"{case}: {error}"
        assert words in error, f"{case}: {error}"
    assert len(errors) == len(JSONL_CASES), "one error record per bad line, and none for a good one"
    decided = [o["id"] for o in out if "error" not in o]
    assert decided == ["bom", "crlf", "big", "plain"] + [f"after-{i}" for i in range(len(JSONL_CASES))]


def test_an_error_record_keeps_the_id_when_it_can_be_read(tmp_path):
    result = run_batch(tmp_path, "ids.jsonl", JSONL_CASES[0][1] + b"\n" + bad("neg", held_minutes=-1) + b"\n")
    assert [o["id"] for o in outputs(result)] == ["utf8", "neg"]


def test_a_lone_surrogate_in_the_id_is_echoed_escaped_not_crashing_the_output(tmp_path):
    result = run_batch(tmp_path, "sur.jsonl", b'{"id":"\\ud800","jurisdiction":"pg-county"}\n')
    assert_no_traceback(result)
    assert outputs(result)[0]["id"] == "\\ud800"



def test_lone_surrogates_are_named_whether_or_not_the_json_parser_refuses_them(tmp_path, monkeypatch):
    """pydantic-core refuses a lone surrogate escape, which sends its line to be read on its own;
    the batch checks that once, and where a parser let one through it would look for the
    escapes itself. Both ways, the line gets the same error record and its neighbours are decided."""
    from cli import batch_jsonl

    data = good_line("before") + b"\n" + JSONL_CASES[-4][1] + b"\n" + good_line("after") + b"\n"
    refused = run_batch(tmp_path, "sur.jsonl", data)
    monkeypatch.setattr(batch_jsonl, "_SURROGATE_ESCAPE", batch_jsonl.re.compile(rb"\\u[dD][89a-fA-F]"))
    searched = run_batch(tmp_path, "sur.jsonl", data)
    assert outputs(refused) == outputs(searched)
    assert [o.get("error", "")[:len("ncic_text")] for o in outputs(refused)] == ["", "ncic_text", ""]
    assert batch_jsonl._lone_surrogates_refused()
    monkeypatch.setattr(batch_jsonl, "_read_chunk", lambda data: json.loads(data))  # a parser that lets them through
    assert not batch_jsonl._lone_surrogates_refused()

CSV_HEADER = "id,jurisdiction,date,warrant,held_minutes,dispatch_confirmed,suspected_offenses,ncic_text"
# (case, the row as written, the field its error must name first or None, words in the error); None words = decided
CSV_CASES = [
    ("a plain row", "c-ok,pg-county,2019-08-01,unknown,5,no,,", None, None),
    ("a quoted cell with a newline in it", 'c-nl,pg-county,2019-08-01,,5,no,,"OUTSTANDING ADMINISTRATIVE\nWARRANT OF REMOVAL"', None, None),
    ("a quoted cell with a comma and a doubled quote", 'c-q,pg-county,2019-08-01,,5,no,"gang, smuggling","ICE ""DETAINER"""', None, None),
    ("missing columns", "c-short,pg-county,2019-08-01", "warrant, held_minutes, dispatch_confirmed, suspected_offenses, ncic_text",
     "no cell in this row"),
    ("an extra column", "c-long,pg-county,2019-08-01,unknown,5,no,,,surplus", "column 9", "more cells (9) than the header names (8)"),
    ("minutes that are not a number", "c-min,pg-county,2019-08-01,unknown,ten,no,,", "held_minutes", "number of minutes"),
    ("NaN minutes", "c-nan,pg-county,2019-08-01,unknown,NaN,no,,", "held_minutes", "finite"),
    ("infinite minutes", "c-inf,pg-county,2019-08-01,unknown,-inf,no,,", "held_minutes", "finite"),
    ("negative minutes", "c-neg,pg-county,2019-08-01,unknown,-1,no,,", "held_minutes", "greater than or equal to 0"),
    ("dispatch_confirmed not yes or no", "c-disp,pg-county,2019-08-01,unknown,5,maybe,,", "dispatch_confirmed", "true or false"),
    ("an unknown offence", "c-off,pg-county,2019-08-01,unknown,5,no,jaywalking,", "suspected_offenses", "jaywalking"),
    ("an impossible date", "c-date,pg-county,2019-02-30,unknown,5,no,,", "date", "day value is outside"),
    ("an unknown jurisdiction", "c-jur,atlantis,2019-08-01,unknown,5,no,,", "jurisdiction", "unknown jurisdiction"),
    ("held minutes as a date", "c-when,pg-county,2019-08-01,unknown,2019-08-01,no,,", "held_minutes", "number of minutes"),
    ("a quote that ends inside a cell", 'c-bq,pg-county,2019-08-01,unknown,"5"0,no,,', None, "quote ends in the middle of a cell"),
    ("a blank line", "", None, None),
    ("a row of empty cells", ",,,,,,,", None, None),
]
CSV_LAST = ("a quote never closed, at the end of the file", 'c-open,pg-county,2019-08-01,unknown,5,no,,"ICE', None, "never closed")


def test_every_bad_csv_row_gets_its_error_record_and_good_rows_are_decided(tmp_path):
    text, line, expected, decided = CSV_HEADER, 1, {}, []
    for case, row, field, words in CSV_CASES + [CSV_LAST]:
        line += 1
        if words:
            expected[line] = (case, field, words)
        elif row.strip(","):
            decided.append(row.split(",")[0])
        text += "\r\n" + row
        line += row.count("\n")
    raw = b"\xef\xbb\xbf" + text.encode() + "\r\nc-bytes,pg-county,2019-08-01,unknown,5,no,,ICE \xff".encode("latin-1")
    result = run_batch(tmp_path, "hostile.csv", raw)
    assert_no_traceback(result)
    assert result.exit_code == ExitCode.RECORD_ERRORS
    out = outputs(result)
    assert [o["id"] for o in out if "error" not in o] == decided
    errors = {o["line"]: o["error"] for o in out if "error" in o}
    for line, (case, field, words) in expected.items():
        assert line in errors, f"{case}: no error record for line {line}: {errors}"
        if field:
            assert errors[line].startswith((f"{field}:", f"{field}.")), f"{case}: {errors[line]}"
        assert words in errors[line], f"{case}: {errors[line]}"
    # The never-closed quote swallowed the last row: its error says which lines it took.
    assert errors[line].endswith(f"lines {line}-{line + 1} were read as one record")


def test_csv_row_with_bytes_that_are_not_utf8_names_its_column(tmp_path):
    result = run_batch(tmp_path, "bytes.csv", b"id,jurisdiction,ncic_text\nb1,pg-county,ICE \xff\n")
    assert outputs(result) == [{"id": "b1", "line": 2, "error": "ncic_text: is not valid UTF-8"}]


@pytest.mark.parametrize(
    "header, field, words",
    [
        ("id,jurisdiction,name", "name", "is not a field of an encounter"),
        ("id,jurisdiction,warrant,warrant", "warrant", "names this column twice"),
    ],
)
def test_a_bad_csv_header_gives_every_row_an_error_naming_the_column(tmp_path, header, field, words):
    rest = ",none" * (header.count(",") - 1)
    rows = "\n".join(f"h{i},pg-county{rest}" for i in range(3))
    result = run_batch(tmp_path, "header.csv", f"{header}\n{rows}\n".encode())
    assert result.exit_code == ExitCode.RECORD_ERRORS
    errors = outputs(result)
    assert [e["line"] for e in errors] == [2, 3, 4]
    assert all(e["error"].startswith(f"{field}:") and words in e["error"] for e in errors)


def test_error_records_are_listed_under_the_table_in_full(tmp_path):
    data = bad("neg", held_minutes=-5) + b"\n" + good_line("ok") + b"\n"
    result = run_batch(tmp_path, "t.jsonl", data, "--format", "table")
    assert result.exit_code == ExitCode.RECORD_ERRORS
    assert "ERROR line 1 (neg): held_minutes: Input should be greater than or equal to 0" in result.stdout


@pytest.mark.parametrize("fmt", ["csv", "table"])
def test_other_output_formats_survive_the_hostile_file_too(tmp_path, fmt):
    lines = [raw for _, raw, _, _ in JSONL_CASES if len(raw) < 100_000] + [good_line("last")]
    result = run_batch(tmp_path, "hostile.jsonl", b"\n".join(lines), "--format", fmt)
    assert_no_traceback(result)
    assert result.exit_code == ExitCode.RECORD_ERRORS
    assert "last" in result.stdout

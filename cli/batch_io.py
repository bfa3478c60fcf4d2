"""Streaming batch input and output: JSONL or CSV in, JSONL, CSV or a table out.

Records are read one at a time and written as they are decided, so memory does not grow
with the file. A record that cannot be decided yields one error record in its place:
{"id", "line", "error"}. Blank lines are not records.
"""

from __future__ import annotations

import csv
import io
import json
from typing import IO, Iterator, Optional

from rules.vocab import ACTIONS

from .encounter_input import to_encounter

Item = tuple[int, Optional[dict], Optional[str]]  # (line, record, error)


def read_jsonl(stream: IO[bytes]) -> Iterator[Item]:
    for number, raw in enumerate(stream, 1):
        item = jsonl_item(number, raw)
        if item is not None:
            yield item


def jsonl_item(number: int, raw: bytes) -> Optional[Item]:
    """Line `number` of a JSONL file, as read (with its newline); None for a blank line."""
    if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return (number, *_undecodable(raw, exc))
    if not line.strip():
        return None
    try:
        record = json.loads(line, parse_constant=_no_constants)
    except (ValueError, RecursionError) as exc:
        return (number, *_unparsable(line, exc))
    if not isinstance(record, dict):
        return number, None, f"a line must hold one JSON object (an encounter), not {_json_type(record)}"
    return number, record, None


class _NotANumber(ValueError):
    """NaN or Infinity in a line: JSON has no such numbers."""


class _Constant(str):
    """Stands in for NaN or Infinity on a second reading that finds which field holds it."""


def _no_constants(name: str):
    raise _NotANumber(name)


def _undecodable(raw: bytes, exc: UnicodeDecodeError) -> tuple[Optional[dict], str]:
    """The error for a line with bytes that are not UTF-8, naming the field that holds them."""
    where = f"byte {exc.start + 1} of the line is not valid UTF-8"
    try:
        record = json.loads(raw.decode("utf-8", "surrogateescape"), parse_constant=_Constant)
    except (ValueError, RecursionError):
        return None, where
    field = _field_where(record, _has_bad_bytes)
    return (record if isinstance(record, dict) else None), (f"{field}: {where}" if field else where)


def _unparsable(line: str, exc: Exception) -> tuple[Optional[dict], str]:
    """The error for a line that is not JSON; for NaN or Infinity, the field that holds it."""
    if isinstance(exc, _NotANumber):
        record = json.loads(line, parse_constant=_Constant)
        field = _field_where(record, lambda v: isinstance(v, _Constant)) or "record"
        return (record if isinstance(record, dict) else None), f"{field}: {exc} is not a number JSON allows"
    if isinstance(exc, RecursionError):
        return None, "not valid JSON for an encounter: nested too deeply"
    if isinstance(exc, json.JSONDecodeError):
        return None, f"not valid JSON at character {exc.pos + 1}: {exc.msg}"
    return None, "not valid JSON: a number too long to read"


def _field_where(record, bad) -> Optional[str]:
    """The first top-level field whose name, value or list item is `bad`."""
    if not isinstance(record, dict):
        return None
    for key, value in record.items():
        items = value if isinstance(value, list) else [value]
        if bad(key) or any(isinstance(v, str) and bad(v) for v in items):
            return key
    return None


def _json_type(value) -> str:
    return {list: "an array", str: "a string", int: "a number", float: "a number", bool: "true/false"}.get(type(value), "null")


_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}


def read_csv(stream: IO[bytes]) -> Iterator[Item]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.reader(text, strict=True)  # strict: a quote never closed is an error, not a swallowed file
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        return
    except csv.Error as exc:
        yield 1, None, f"the header is not valid CSV: {exc}"
        return
    header_error = _header_problem(header)
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield line, None, _csv_syntax(exc, line, reader.line_num)
            continue
        if not any(cell.strip() for cell in row):
            continue
        stub = {"id": row[header.index("id")]} if "id" in header[:len(row)] else None
        error = header_error or _cell_count(header, row) or _bad_cell(header, row)
        if error:
            yield line, stub, error
            continue
        record, error = _csv_record(dict(zip(header, row)))
        yield line, record, error


def _header_problem(header: list[str]) -> Optional[str]:
    """What is wrong with the header for every row: a name not UTF-8, or named twice."""
    for i, name in enumerate(header):
        if _has_bad_bytes(name):
            return f"column {i + 1}: its name in the header is not valid UTF-8"
        if name in header[:i]:
            return f"{name}: the header names this column twice"
    return None


def _cell_count(header: list[str], row: list[str]) -> Optional[str]:
    if len(row) < len(header):
        return f"{', '.join(header[len(row):])}: no cell in this row (it has fewer cells, {len(row)}, than the header, {len(header)})"
    if len(row) > len(header):
        return f"column {len(header) + 1}: this row has more cells ({len(row)}) than the header names ({len(header)})"
    return None


def _bad_cell(header: list[str], row: list[str]) -> Optional[str]:
    bad = next((name for name, cell in zip(header, row) if _has_bad_bytes(cell)), None)
    return f"{bad}: is not valid UTF-8" if bad else None


def _csv_syntax(exc: csv.Error, first: int, last: int) -> str:
    """A CSV syntax error, saying which lines it swallowed when a quote ran past its line."""
    swallowed = f", so lines {first}-{last} were read as one record" if last > first else ""
    if "unexpected end of data" in str(exc):
        return f"not valid CSV: a quoted cell opens on line {first} and is never closed{swallowed}"
    if "expected after" in str(exc):
        return f"not valid CSV: a quote ends in the middle of a cell (write a quote inside a quoted cell as \"\"){swallowed}"
    return f"not valid CSV: {exc}{swallowed}"


def _has_bad_bytes(cell: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in cell)


def _csv_record(row: dict) -> tuple[dict, Optional[str]]:
    """A row's cells as encounter fields; on a bad cell, the row itself (for its id) and the error."""
    record: dict = {}
    for key, value in row.items():
        value = value.strip()
        if value == "":
            continue
        if key == "suspected_offenses":
            record[key] = [v.strip() for v in value.replace("|", ";").replace(",", ";").split(";") if v.strip()]
        elif key == "dispatch_confirmed":
            low = value.lower()
            if low not in _TRUE | _FALSE:
                return row, f"dispatch_confirmed: must be true or false (got {value!r})"
            record[key] = low in _TRUE
        elif key == "held_minutes":
            try:
                record[key] = float(value)
            except ValueError:
                return row, f"held_minutes: must be a number of minutes (got {value!r})"
        else:
            record[key] = value
    return record, None


def decide_items(items: Iterator[Item], decide_one) -> Iterator[dict]:
    """One output record per input record, in order: the decision or an error record."""
    from rules.errors import InputError, PackError

    for line, record, error in items:
        if error is None:
            try:
                yield decide_one(to_encounter(record))
                continue
            except (InputError, PackError) as exc:
                error = str(exc)
        yield error_record(line, record, error)


def error_record(line: int, record: Optional[dict], error: str) -> dict:
    """The record written in place of one that could not be decided."""
    rid = record.get("id") if isinstance(record, dict) else None
    shown = None if rid is None else rid if isinstance(rid, str) else json.dumps(rid)
    return {"id": None if shown is None else _writable(shown), "line": line, "error": _writable(error)}


def _writable(text: str) -> str:
    """Text echoed from a bad record, with any stray surrogate written as an escape so it can be output."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


CSV_COLUMNS = (
    ["id", "line", "error", "jurisdiction", "date", "pack", "pack_version", "warrant_kind", "warrant_class", "warrant_from"]
    + [f"{a}" for a in ACTIONS]
    + ["hold_limit_minutes", "hold_elapsed_minutes", "hold_remaining_minutes", "hold_expired", "rules", "next_steps", "warnings"]
)


def csv_row(out: dict) -> list:
    if "error" in out:
        return [out["id"], out["line"], out["error"]] + [""] * (len(CSV_COLUMNS) - 3)
    hold = out.get("hold") or {}
    return (
        [out["id"], "", "", out["jurisdiction"], out["date"], out["policy"]["pack"], out["policy"]["version"],
         out["warrant"]["kind"], out["warrant"]["class"], out["warrant"]["from"]]
        + [out["actions"][a]["verdict"] for a in ACTIONS]
        + [hold.get("limit_minutes", ""), hold.get("elapsed_minutes", ""), hold.get("remaining_minutes", ""),
           hold.get("expired", ""), " ".join(out["rules"]), " | ".join(out["next_steps"]), " | ".join(out["warnings"])]
    )

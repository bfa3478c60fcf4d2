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
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield number, None, f"line is not valid UTF-8 (byte {exc.start + 1})"
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line, parse_constant=_no_constants)
        except ValueError as exc:
            yield number, None, f"not valid JSON: {getattr(exc, 'msg', exc)}"
            continue
        if not isinstance(record, dict):
            yield number, None, f"a line must hold one JSON object (an encounter), not {_json_type(record)}"
            continue
        yield number, record, None


def _no_constants(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def _json_type(value) -> str:
    return {list: "an array", str: "a string", int: "a number", float: "a number", bool: "true/false"}.get(type(value), "null")


_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}


def read_csv(stream: IO[bytes]) -> Iterator[Item]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.reader(text)
    try:
        header = next(reader)
    except StopIteration:
        return
    header = [h.strip() for h in header]
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield line, None, f"not valid CSV: {exc}"
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            more = "more" if len(row) > len(header) else "fewer"
            yield line, None, f"this row has {more} cells ({len(row)}) than the header ({len(header)})"
            continue
        if any(_has_bad_bytes(cell) for cell in row):
            yield line, None, "row is not valid UTF-8"
            continue
        record, error = _csv_record(dict(zip(header, row)))
        yield line, record, error


def _has_bad_bytes(cell: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in cell)


def _csv_record(row: dict) -> tuple[Optional[dict], Optional[str]]:
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
                return None, f"dispatch_confirmed: must be true or false (got {value!r})"
            record[key] = low in _TRUE
        elif key == "held_minutes":
            try:
                record[key] = float(value)
            except ValueError:
                return None, f"held_minutes: must be a number of minutes (got {value!r})"
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
        rid = record.get("id") if isinstance(record, dict) else None
        yield {"id": rid if isinstance(rid, (str, int)) or rid is None else str(rid), "line": line, "error": error}


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

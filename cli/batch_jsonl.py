"""`warrantwise batch` from JSONL to JSONL at speed, in this process or a pool of workers.

The input is cut into blocks of whole lines. A line is validated straight from its bytes
(no dict in between); a line that does not pass that way takes the checked path of
batch_io.jsonl_item, so its error record is exactly the one read_jsonl gives, with its true
line number. Decisions come from rules.decider as JSON bytes, byte for byte what
json.dumps(decide(...)) writes. With several workers, blocks are decided in worker processes
(batch_pool) and written in input order.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import IO, Iterator

from pydantic import ConfigDict, ValidationError

from rules.decider import Decider
from rules.errors import InputError, PackError
from rules.models import Encounter

from .batch_io import error_record, jsonl_item
from .encounter_input import to_encounter

BLOCK_BYTES = 1 << 16  # about 250 encounters: their decisions (about 1.3 MB) are written at once


class _Plain(Encounter):
    """An Encounter read straight from JSON. It refuses a number where a text field is
    expected (JSON and Python turn numbers into text differently), so such a line takes the
    checked path and comes out exactly as read_jsonl's reading would."""

    model_config = ConfigDict(coerce_numbers_to_str=False)


_from_json = _Plain.model_validate_json


def decide_jsonl(source: IO[bytes], sink: IO[bytes], now: dt.datetime, workers: int = 1) -> int:
    """Decide every line of `source` into `sink`, in order; the number of error records."""
    failed = 0
    for out, errors in _decided(_blocks(source), now, workers):
        sink.write(out)
        failed += errors
    return failed


def _blocks(source: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    """(number of the first line, whole lines) in blocks of about BLOCK_BYTES."""
    number, parts = 1, []
    while True:
        data = source.read(BLOCK_BYTES)
        cut = data.rfind(b"\n") + 1
        if data and not cut:  # inside a line longer than a block: read on
            parts.append(data)
            continue
        parts.append(data[:cut] if data else b"")
        block = b"".join(parts)
        if block:
            yield number, block
            number += block.count(b"\n")
        if not data:
            return
        parts = [data[cut:]]


def _decided(blocks, now: dt.datetime, workers: int) -> Iterator[tuple[bytes, int]]:
    if workers > 1:
        from .batch_pool import decided_by_pool

        yield from decided_by_pool(blocks, now, workers)
        return
    decider = Decider(now)
    for first, block in blocks:
        lines, failed = decide_block(decider, first, block)
        yield b"".join(lines), failed


def decide_block(decider: Decider, first: int, block: bytes) -> tuple[list[bytes], int]:
    """The output lines for a block of input lines, and how many of them are error records."""
    out: list[bytes] = []
    failed = 0
    for number, raw in enumerate(io.BytesIO(block), first):
        try:
            encounter = _from_json(raw)
        except ValidationError:
            error = _checked(decider, number, raw, out)
        else:
            try:
                out.append(decider.line(encounter))
                continue
            except (InputError, PackError) as exc:
                error = error_record(number, {"id": encounter.id}, str(exc))
        if error:
            out.append(json.dumps(error, ensure_ascii=False).encode() + b"\n")
            failed += 1
    return out, failed


def _checked(decider: Decider, number: int, raw: bytes, out: list) -> dict | None:
    """The line read as read_jsonl reads it: decided into `out`, or its error record."""
    item = jsonl_item(number, raw)
    if item is None:
        return None  # a blank line
    line, record, error = item
    if error is None:
        try:
            out.append(decider.line(to_encounter(record)))
            return None
        except (InputError, PackError) as exc:
            error = str(exc)
    return error_record(line, record, error)


"""`warrantwise batch` from JSONL to JSONL at speed, in this process or a pool of workers.

The input is cut into blocks of whole lines. Lines are validated straight from their bytes,
a chunk at a time, into dicts of Encounter's fields (no model in between); a line that does
not pass that way takes the checked path of batch_io.jsonl_item, so its error record is
exactly the one read_jsonl gives, with its true line number. Decisions come from
rules.decider as JSON bytes, byte for byte what json.dumps(decide(...)) writes. With several
workers, blocks are decided in worker processes (batch_turns, or the portable batch_pool)
and written in input order.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import json
import os
import re
import sys
from contextlib import contextmanager
from itertools import chain
from operator import itemgetter
from typing import IO, Callable, Iterator

from pydantic import ConfigDict, Field, TypeAdapter, ValidationError
from typing_extensions import Annotated, NotRequired, TypedDict

from rules.decider import PIECES, Decider
from rules.errors import InputError, PackError
from rules.models import Encounter

from .batch_io import error_record, jsonl_item
from .encounter_input import to_encounter

BLOCK_BYTES = 1 << 16  # about 250 encounters: their decisions (about 1.3 MB) are written at once
POOL_BLOCK_BYTES = 1 << 18  # the portable pool's share at a time: fewer, bigger messages between processes
CAN_FORK = hasattr(os, "fork")  # workers write the output in turn (batch_turns); else the portable pool


class _Plain(Encounter):
    """An Encounter read straight from JSON. It refuses a number where a text field is
    expected (JSON and Python turn numbers into text differently), so such a line takes the
    checked path and comes out exactly as read_jsonl's reading would."""

    model_config = ConfigDict(coerce_numbers_to_str=False)


_from_json = _Plain.model_validate_json


def _lean_type() -> type:
    """Encounter's fields and limits (which refuse NaN and infinities too) as a TypedDict, read
    strictly (plain JSON types only) and with no Python validators: what that admits, Encounter
    reads the same, so a chunk of lines is validated in one call, straight to dicts (cheaper
    than models). What it refuses, or the checks after it find, goes line by line."""
    fields = {}
    for name, info in Encounter.model_fields.items():
        kind = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        if not info.is_required():  # left out, it reads as Encounter's default: every field is in the dict
            # (no offences as an empty tuple: pydantic copies a default list for every record)
            default = info.default if info.default_factory is None else tuple(info.default_factory())
            kind = NotRequired[Annotated[kind, Field(default=default)]]
        fields[name] = kind
    lean = TypedDict("LeanEncounter", fields)  # type: ignore[operator]
    lean.__pydantic_config__ = ConfigDict(strict=True, extra="forbid")  # type: ignore[attr-defined]
    return lean


_read_chunk = TypeAdapter(list[_lean_type()]).validate_json


def _lone_surrogates_refused() -> bool:
    """Whether pydantic's JSON parser refuses lone surrogate escapes, as pydantic-core's does:
    then a line holding one fails the chunk and is read on its own, where Encounter names it.
    Checked once, not assumed: where the parser lets one through, each chunk holding an escape
    that may be one is read line by line instead (_SURROGATE_ESCAPE)."""
    for escape in (rb"\ud800", rb"\udfff", rb"\ud800\u0041", rb"\udc00\ud800", rb"a\udbff"):
        try:
            _read_chunk(b'[{"jurisdiction": "' + escape + b'"}]')
        except ValidationError as exc:
            if exc.errors()[0]["type"] == "json_invalid":
                continue
        return False
    return True


_SURROGATE_ESCAPE = None if _lone_surrogates_refused() else re.compile(rb"\\u[dD][89a-fA-F]")
CHUNK_LINES = 64  # lines validated in one call; a line that fails is read on its own (_decide_chunk)


def decide_jsonl(source: IO[bytes], sink: IO[bytes], now: dt.datetime, workers: int = 1) -> int:
    """Decide every line of `source` into `sink`, in order; the number of error records."""
    with _no_cycle_collection():
        return _decide_jsonl(source, sink, now, workers)


@contextmanager
def _no_cycle_collection():
    """The cycle collector off while a batch runs (workers forked in it inherit that). Deciding
    makes no reference cycles, so the collector would only walk the memos, again and again, as
    they grow: about 900 instructions a record, and peak memory did not move
    (docs/performance.md)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _decide_jsonl(source: IO[bytes], sink: IO[bytes], now: dt.datetime, workers: int) -> int:
    fd = _fd_of(sink)
    if workers > 1 and fd is not None and CAN_FORK:
        from .batch_turns import decide_in_turns

        sys.stdout.flush()
        return decide_in_turns(source, now, workers, fd)
    failed = 0
    write = fd_writer(fd) if fd is not None else lambda pieces: sink.write(b"".join(pieces))
    for out, errors in _decided(source, now, workers):
        write(out)
        failed += errors
    return failed


def _fd_of(sink: IO[bytes]) -> int | None:
    """The file descriptor behind `sink`, flushed, where pieces can go to it straight (os.writev)."""
    try:
        fd = sink.fileno() if hasattr(os, "writev") else None
    except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is an OSError
        return None
    sink.flush()
    return fd


def fd_writer(fd: int):
    """Writes a list of pieces to a file descriptor with no copy made here (a line is mostly
    pieces shared with other lines); short writes (a full pipe, a signal) are finished."""

    def write(pieces: list[bytes]) -> None:
        for start in range(0, len(pieces), IOV_MAX):
            group = pieces[start:start + IOV_MAX]
            written = os.writev(fd, group)
            if written < sum(map(len, group)):
                rest = memoryview(b"".join(group))[written:]
                while rest:
                    rest = rest[os.write(fd, rest):]

    return write


IOV_MAX = os.sysconf("SC_IOV_MAX") if hasattr(os, "sysconf") else 16


def _blocks(source: IO[bytes], size: int) -> Iterator[tuple[int, bytes]]:
    """(number of the first line, whole lines) in blocks of about `size` bytes, for workers
    (one process reads lines straight from the source: _decided)."""
    number, parts = 1, []
    while True:
        data = source.read(size)
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


def _decided(source: IO[bytes], now: dt.datetime, workers: int) -> Iterator[tuple[list, int]]:
    if workers > 1:
        from .batch_pool import decided_by_pool

        yield from decided_by_pool(_blocks(source, POOL_BLOCK_BYTES), now, workers)
        return
    decider, first = Decider(now), 1
    while lines := source.readlines(BLOCK_BYTES):  # whole lines, each copied once out of the reader's buffer
        yield decide_lines(decider, first, lines)
        first += len(lines)


def decide_block(decider: Decider, first: int, block: bytes, between: Callable[[], None] | None = None) -> tuple[list[bytes], int]:
    """decide_lines for a block of whole lines."""
    return decide_lines(decider, first, io.BytesIO(block).readlines(), between)


def decide_lines(decider: Decider, first: int, lines: list[bytes], between: Callable[[], None] | None = None) -> tuple[list[bytes], int]:
    """The output for input lines numbered from `first`, in pieces that join to its lines, and
    how many of them are error records. `between`, if given, is called before each chunk of
    lines but the first: a worker writes a block decided earlier there when its turn comes."""
    out: list[bytes] = []
    failed = 0
    for start in range(0, len(lines), CHUNK_LINES):
        if start and between is not None:
            between()
        failed += _decide_chunk(decider, first + start, lines[start:start + CHUNK_LINES], out)
    return out, failed


def _decide_chunk(decider: Decider, first: int, chunk: list[bytes], out: list) -> int:
    """Decide lines numbered from `first` into `out`; the number of error records. They are
    read in one call; a line that fails there is read on its own, the checked way, and the
    lines around it are read again in one call each, so a bad line costs little more than
    itself."""
    failed = 0
    while chunk:
        encounters, bad = _lean(chunk)
        if encounters is not None:
            return failed + _decide_read(decider, first, encounters, out)
        if bad < 0:  # which line failed is not known: each half on its own
            if len(chunk) == 1:
                return failed + _line_by_line(decider, first, chunk, out)
            half = len(chunk) // 2
            return failed + _decide_chunk(decider, first, chunk[:half], out) + _decide_chunk(decider, first + half, chunk[half:], out)
        if bad:
            failed += _decide_chunk(decider, first, chunk[:bad], out)
        failed += _line_by_line(decider, first + bad, chunk[bad:bad + 1], out)
        first, chunk = first + bad + 1, chunk[bad + 1:]
    return failed


def _decide_read(decider: Decider, first: int, encounters: list[dict], out: list) -> int:
    """Decide encounters read from lines numbered from `first` into `out`, in one C-level pass
    up to a record that cannot be decided: its error record goes in its place, and the pass
    goes on after it. The number of error records."""
    failed = 0
    while encounters:
        before, rest = len(out), iter(encounters)
        try:
            out.extend(chain.from_iterable(map(decider.pieces, rest)))
            return failed
        except (InputError, PackError) as exc:
            after = list(rest)
            done = len(encounters) - len(after) - 1  # decided before the record that raised
            if len(out) - before != done * PIECES:  # an extend that kept none of what it took: again
                del out[before:]
                out.extend(chain.from_iterable(map(decider.pieces, encounters[:done])))
            out.append(_error_line(error_record(first + done, {"id": encounters[done]["id"]}, str(exc))))
            failed += 1
            first, encounters = first + done + 1, after
    return failed


def _lean(chunk: list[bytes]) -> tuple[list[dict] | None, int]:
    """The chunk's encounters read in one call (each a dict of every Encounter field), or None
    and the index of the first line that needs reading on its own (-1 when that is not
    known). The checks after the call are Encounter's own validators (a repeated offence,
    both clocks), done over the chunk in C-level maps.

    The lines are read as one JSON array, so each item read must be one line. Two broken lines
    could read as one item (a line that stops inside an object or the offences, and one that
    finishes it), and one line as two ("{...},{...}"). The first cannot happen where every
    line but the last ends its object ("}" then the line's end: an encounter holds no object
    but itself, and a "}" in a string cannot end a line); then one item per line means each
    is its own line."""
    if not _closed(chunk[:-1]):
        return None, -1  # a line that may run on into the next: which one is not known
    parts = [b","] * (2 * len(chunk) + 1)  # "[", the lines with "," between them, "]": joined in one copy
    parts[0], parts[1::2], parts[-1] = b"[", chunk, b"]"
    array = b"".join(parts)
    if _SURROGATE_ESCAPE is not None and _SURROGATE_ESCAPE.search(array):
        return None, -1
    try:
        read = _read_chunk(array)
    except ValidationError as exc:
        return None, _first_failing(exc, len(chunk))
    if len(read) != len(chunk):  # a line read as two items
        return None, -1
    if list(map(_SINCE, read)).count(None) != len(read):
        both = list(map(_both_clocks, read))
        if True in both:
            return None, both.index(True)
    offenses = list(filter(None, map(_OFFENSES, read)))
    if list(map(len, offenses)) != list(map(len, map(set, offenses))):  # a repeated offence
        return None, next(i for i, given in enumerate(read) if len(set(given["suspected_offenses"])) < len(given["suspected_offenses"]))
    return read, -1


def _closed(lines: list[bytes]) -> bool:
    """Whether each line (each ends in "\\n": they are read by readlines) ends its object: "}"
    then the line's end. Nearly always "}" stands right before the "\\n": that is seen in one
    C-level map (a count over the joined bytes took three times as long)."""
    try:
        if list(map(_BEFORE_END, lines)).count(_CLOSE) == len(lines):
            return True
    except IndexError:  # a blank line
        return False
    return all(line.endswith((b"}\n", b"}\r\n")) for line in lines)


_BEFORE_END, _CLOSE = itemgetter(-2), ord("}")


def _first_failing(exc: ValidationError, lines: int) -> int:
    """The index of the first line that a chunk's failed reading names, or -1. An item's error
    names its index; a JSON error names the line of the joined chunk where reading stopped
    (line k + 1 is line k of the chunk), which is the bad line or one after it."""
    errors = exc.errors()
    named = [error["loc"][0] for error in errors if error["loc"] and isinstance(error["loc"][0], int)]
    if named:
        return min(named)
    stopped = _STOPPED_AT.search(errors[0]["msg"]) if errors[0]["type"] == "json_invalid" else None
    return min(int(stopped[1]) - 1, lines - 1) if stopped else -1


_STOPPED_AT = re.compile(r" at line (\d+) column \d+$")
_OFFENSES, _SINCE = itemgetter("suspected_offenses"), itemgetter("held_since")


def _both_clocks(given: dict) -> bool:
    return given["held_since"] is not None and given["held_minutes"] is not None


def _line_by_line(decider: Decider, first: int, chunk: list[bytes], out: list) -> int:
    failed = 0
    for number, raw in enumerate(chunk, first):
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
            out.append(_error_line(error))
            failed += 1
    return failed


def _error_line(error: dict) -> bytes:
    return json.dumps(error, ensure_ascii=False).encode() + b"\n"


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


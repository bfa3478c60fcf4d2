"""`batch --workers N` where the platform forks and the output is a file or pipe: workers write in turn.

Block k of the input goes to worker k mod N. Each worker decides its blocks and writes each
one to the output itself when its turn comes: a token passed round a ring of pipes says
whose block is next, so the output keeps the input's order and no decision is copied from
one process to another. While its turn has not come, a worker decides its next block, and
it looks for the turn between chunks of that block too: a turn taken only between blocks
kept the workers in lockstep, each waiting on the other's block in hand.

The parent only finds where the blocks start and deals them out, so the two CPUs of a small
machine go to deciding: from a file, a worker reads its blocks itself and the parent sends
only where they are; from a pipe, the parent sends the lines. Blocks are the one process's
size (batch_jsonl.BLOCK_BYTES): bigger ones measured slower (docs/performance.md).
(batch_pool, the portable pool, is for the rest.)

A worker that fails breaks the ring; the parent then stops the others and reports it. A
closed output (`| head`) is reported as the one process reports it, a BrokenPipeError.
"""

from __future__ import annotations

import datetime as dt
import os
import select
import signal
import stat
import struct
import sys
import traceback
from collections import deque
from typing import IO

from rules.decider import Decider

from . import batch_jsonl

_HEAD = struct.Struct("qqq")  # (number of the block's first line, its size, where it starts in the input file or -1: it follows)
_RESULT = struct.Struct("qq")  # (worker, error records), then a status: one record per worker
_DONE, _CLOSED, _FAILED = 0, 1, 2


def decide_in_turns(source: IO[bytes], now: dt.datetime, workers: int, fd: int) -> int:
    """Decide the lines of `source` in `workers` forked processes writing to `fd` in input
    order; the number of error records."""
    file = _file_of(source)
    deals = [os.pipe() for _ in range(workers)]
    ring = [os.pipe() for _ in range(workers)]
    results = os.pipe()
    held = {end for pair in (*deals, *ring, results) for end in pair}  # the parent's ends, each closed once
    pids = []
    try:
        for worker in range(workers):
            pid = os.fork()
            if pid == 0:  # pragma: no cover - runs in the child, reported through `results`
                _work(worker, deals, ring, results[1], now, fd, file)
            pids.append(pid)
        os.write(ring[0][1], b"t")  # the first block's worker writes first
        for end in held - {results[0], *(write for _, write in deals)}:
            _close(end, held)
        _deal(source, [write for _, write in deals], file is not None)
        for _, write in deals:  # the end of the input, for each worker
            _close(write, held)
        failed = _outcome(results[0], workers)
        while pids:  # all ended well: reap each as it exits
            os.waitpid(pids.pop(), 0)
        return failed
    finally:
        for pid in pids:  # after a Ctrl-C or a failure: no worker outlives the parent
            _stop(pid)
        for end in list(held):
            _close(end, held)


def _file_of(source: IO[bytes]) -> int | None:
    """The descriptor of `source` where it is a regular file, which workers can read at any offset."""
    try:
        fd = source.fileno()
        return fd if stat.S_ISREG(os.fstat(fd).st_mode) else None
    except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is an OSError
        return None


def _deal(source: IO[bytes], pipes: list[int], in_file: bool) -> None:
    """Sends block k to worker k mod N: where it is in the file, or its lines; a worker that is
    gone stops the dealing."""
    at = source.tell() if in_file else -1
    try:
        for k, (first, block) in enumerate(batch_jsonl._blocks(source, batch_jsonl.BLOCK_BYTES)):
            pipe = pipes[k % len(pipes)]
            _write_all(pipe, _HEAD.pack(first, len(block), at))
            if in_file:
                at += len(block)
            else:
                _write_all(pipe, block)
    except BrokenPipeError:
        pass  # the worker ended early; its result says why


def _outcome(results: int, workers: int) -> int:
    """The error records counted by the workers, once all have ended well."""
    failed, statuses = 0, []
    for _ in range(workers):
        record = _read_exactly(results, _RESULT.size + 1)
        if record is None:
            raise RuntimeError("a batch worker ended without a word; the output is incomplete")
        _, errors = _RESULT.unpack(record[:-1])
        failed += errors
        statuses.append(record[-1])
    if _FAILED in statuses:  # first: a failed worker's neighbours may see a broken ring or pipe
        raise RuntimeError("a batch worker failed (its report is above); the output is incomplete")
    if _CLOSED in statuses:
        raise BrokenPipeError("the output was closed")
    return failed


def _work(worker: int, deals: list, ring: list, results: int, now: dt.datetime, fd: int, file: int | None) -> None:
    """A worker's life: its blocks, each read, decided and written in turn. Never returns."""
    status, failed = _FAILED, 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        source, turn, next_turn = deals[worker][0], ring[worker][0], ring[(worker + 1) % len(ring)][1]
        keep = {source, turn, next_turn, results, fd}
        for pair in (*deals, *ring):
            for end in pair:
                if end not in keep:
                    os.close(end)
        decider, write = Decider(now), batch_jsonl.fd_writer(fd)
        os.set_blocking(turn, False)
        ahead: deque = deque()  # decided blocks waiting for their turn

        def write_if_turn(wait: bool = False) -> None:
            """Writes the oldest decided block if its turn has come (or, with `wait`, once it
            comes). Also called between chunks of a block being decided: a turn taken late
            would hold up every other worker."""
            if ahead:
                token = _turn(turn, wait)
                if token == b"":
                    raise _RingBroken
                if token:
                    write(ahead.popleft())
                    _pass(next_turn)

        more = True
        while more or ahead:
            if more and len(ahead) < AHEAD:
                block = _next_block(source, file)
                if block is None:
                    more = False  # the end of the input, or the parent stopped dealing
                else:
                    pieces, errors = batch_jsonl.decide_block(decider, *block, write_if_turn)
                    ahead.append(pieces)
                    failed += errors
            write_if_turn(wait=not more or len(ahead) == AHEAD)
        status = _DONE
    except _RingBroken:
        status = _DONE  # a worker before this one failed, and reports it
    except BrokenPipeError:
        status = _CLOSED
    except BaseException:  # noqa: BLE001 - reported to the parent, which fails the run
        traceback.print_exc(file=sys.stderr)
        sys.stderr.flush()
    finally:
        try:
            os.write(results, _RESULT.pack(worker, failed) + bytes([status]))
        finally:
            os._exit(0)


# Blocks a worker may hold decided before its turn to write the first of them comes (under
# 1 MB: the pieces are mostly shared). Turns come between chunks, so a worker waits only when
# the other falls this far behind, as when the machine slows one of them for a while.
AHEAD = 8


class _RingBroken(Exception):
    """The turn will not come: the ring of pipes broke because a worker before this one failed."""


def _next_block(source: int, file: int | None) -> tuple[int, bytes] | None:
    """(number of the first line, lines) of this worker's next block, or None at the end."""
    head = _read_exactly(source, _HEAD.size)
    if head is None:
        return None
    first, size, at = _HEAD.unpack(head)
    block = _read_exactly(source, size) if at < 0 else _read_at(file, size, at)
    return None if block is None else (first, block)


def _turn(turn: int, wait: bool) -> bytes | None:
    """The token, b"" if the ring is broken, or None if it has not come and `wait` is false."""
    if wait:
        select.select([turn], [], [])
    try:
        return os.read(turn, 1)
    except BlockingIOError:
        return None


def _pass(turn: int) -> None:
    """Hands the turn on. A next worker that is gone had no block left (blocks are dealt in
    order), so this block was the last: nothing waits for the turn."""
    try:
        os.write(turn, b"t")
    except BrokenPipeError:
        pass


def _read_exactly(fd: int, size: int) -> bytes | None:
    """`size` bytes from a pipe, or None at its end."""
    parts, left = [], size
    while left:
        part = os.read(fd, left)
        if not part:
            return None
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def _read_at(file: int, size: int, at: int) -> bytes:
    """`size` bytes of the input file from offset `at`, as the parent found them there."""
    parts, left = [], size
    while left:
        part = os.pread(file, left, at + size - left)
        if not part:
            raise RuntimeError("the input file shrank while it was read")
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _stop(pid: int) -> None:
    """Ends a worker that is still running and reaps it."""
    try:
        if os.waitpid(pid, os.WNOHANG) == (0, 0):
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def _close(end: int, held: set) -> None:
    held.discard(end)
    try:
        os.close(end)
    except OSError:
        pass

"""`batch --workers N` where the platform forks and the output is a file or pipe: workers write in turn.

Each worker decides its blocks and writes each one to the output itself when its turn comes,
so the output keeps the input's order and no decision is copied from one process to another.
Whose turn it is lives in memory the workers share (_Turns): the number of the next block to
write. A worker that writes a block counts it on and wakes the others. While its turn has not
come, a worker decides its next block, and it looks for the turn between chunks of that
block too: a turn taken only between blocks kept the workers in lockstep, each waiting on the
other's block in hand.

The parent only finds where the blocks start and deals them out, so the two CPUs of a small
machine go to deciding. From a file, the parent puts where each block is into one queue that
every worker takes from, so a worker the machine slows for a while takes fewer blocks and
the other more (dealing block k to worker k mod N made the faster one wait for the slower);
a worker reads its blocks itself. From a pipe, the parent sends the lines themselves, block k
to worker k mod N. Blocks are the one process's size (batch_jsonl.BLOCK_BYTES): bigger ones
measured slower (docs/performance.md). (batch_pool, the portable pool, is for the rest.)

A worker that fails, or dies, stops the others: each watches the others' life pipes, which
close when their worker ends. The parent then reports it. A closed output (`| head`) is
reported as the one process reports it, a BrokenPipeError.
"""

from __future__ import annotations

import datetime as dt
import mmap
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

_HEAD = struct.Struct("qqqq")  # (block number, its first line, its size, where it starts in the input file or -1: it follows)
_RESULT = struct.Struct("qq")  # (worker, error records), then a status: one record per worker
_DONE, _CLOSED, _FAILED = 0, 1, 2


def decide_in_turns(source: IO[bytes], now: dt.datetime, workers: int, fd: int) -> int:
    """Decide the lines of `source` in `workers` forked processes writing to `fd` in input
    order; the number of error records."""
    file = _file_of(source)
    # From a file, one queue of where the blocks are, which all workers take from (a head is
    # shorter than PIPE_BUF, so it is written and read whole); from a pipe, one per worker.
    deals = [os.pipe() for _ in range(1 if file is not None else workers)]
    turns = _Turns(workers)
    results = os.pipe()
    held = {end for pair in (*deals, results) for end in pair} | turns.ends()  # the parent's ends, each closed once
    pids = []
    try:
        for worker in range(workers):
            pid = os.fork()
            if pid == 0:  # pragma: no cover - runs in the child, reported through `results`
                _work(worker, deals[worker % len(deals)][0], turns, results[1], now, fd, file, held)
            pids.append(pid)
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
        turns.close()


def _file_of(source: IO[bytes]) -> int | None:
    """The descriptor of `source` where it is a regular file, which workers can read at any offset."""
    try:
        fd = source.fileno()
        return fd if stat.S_ISREG(os.fstat(fd).st_mode) else None
    except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is an OSError
        return None


def _deal(source: IO[bytes], pipes: list[int], in_file: bool) -> None:
    """Sends block k down pipe k mod len(pipes): where it is in the file, or its lines; a pipe
    whose workers are gone stops the dealing."""
    at = source.tell() if in_file else -1
    try:
        for k, (first, block) in enumerate(batch_jsonl._blocks(source, batch_jsonl.BLOCK_BYTES)):
            pipe = pipes[k % len(pipes)]
            _write_all(pipe, _HEAD.pack(k, first, len(block), at))
            if in_file:
                at += len(block)
            else:
                _write_all(pipe, block)
    except BrokenPipeError:
        pass  # the workers ended early; their results say why


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
    if _FAILED in statuses:  # first: a failed worker's peers stop too, and may see a closed pipe
        raise RuntimeError("a batch worker failed (its report is above); the output is incomplete")
    if _CLOSED in statuses:
        raise BrokenPipeError("the output was closed")
    return failed


class _Turns:
    """Whose turn it is to write, shared by the workers: the number of the next block to write,
    and for each worker whether it ended well. Each worker has a wake pipe, which the others
    write to when they count the turn on, and a life pipe, which it never writes to: it closes
    when the worker ends, however it ends, so a worker waiting for a turn that a dead worker
    held does not wait for ever."""

    def __init__(self, workers: int):
        self.shared = mmap.mmap(-1, 8 * (1 + workers))  # anonymous memory is shared with forked children
        self.counts = memoryview(self.shared).cast("q")  # [next block to write, ended well 0/1 for each worker]
        self.wakes = [os.pipe() for _ in range(workers)]
        self.lives = [os.pipe() for _ in range(workers)]

    def ends(self) -> set[int]:
        return {end for pair in (*self.wakes, *self.lives) for end in pair}

    def close(self) -> None:
        self.counts.release()
        self.shared.close()

    def join(self, worker: int, held: set[int]) -> None:
        """In worker `worker`'s process: keeps the ends it uses and closes the rest of `held`."""
        self.worker = worker
        self.wake = self.wakes[worker][0]
        self.others = [write for w, (_, write) in enumerate(self.wakes) if w != worker]
        self.watched = {read: w for w, (read, _) in enumerate(self.lives) if w != worker}
        keep = {self.wake, *self.others, *self.watched, self.lives[worker][1]}
        for end in held - keep:
            os.close(end)
        for end in (self.wake, *self.others):
            os.set_blocking(end, False)

    def mine(self, block: int) -> bool:
        return self.counts[0] == block

    def wait_for(self, block: int) -> None:
        """Returns once block `block` is the next to write; raises _TurnLost when a worker
        that may hold an earlier block has ended without ending well."""
        while not self.mine(block):
            ready, _, _ = select.select([self.wake, *self.watched], [], [])
            for end in ready:
                if end == self.wake:
                    _drain(end)
                elif not self.counts[1 + self.watched.pop(end)]:
                    raise _TurnLost

    def written(self, block: int) -> None:
        """Block `block` is written: the next one's turn, and the others woken to see it."""
        self.counts[0] = block + 1
        for end in self.others:
            try:
                os.write(end, b"t")
            except (BlockingIOError, BrokenPipeError):  # a wake already waits, or that worker has ended
                pass

    def ended_well(self) -> None:
        self.counts[1 + self.worker] = 1


def _drain(end: int) -> None:
    try:
        while os.read(end, 4096):
            pass
    except BlockingIOError:
        pass


def _work(worker: int, source: int, turns: _Turns, results: int, now: dt.datetime, fd: int, file: int | None,
          held: set[int]) -> None:
    """A worker's life: its blocks, each read, decided and written in turn. Never returns."""
    status, failed = _FAILED, 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        turns.join(worker, held - {source, results, fd})
        decider, write = Decider(now), batch_jsonl.fd_writer(fd)
        ahead: deque = deque()  # (block number, its pieces) decided, waiting for their turn

        def write_if_turn(wait: bool = False) -> None:
            """Writes the oldest decided block if its turn has come (or, with `wait`, once it
            comes). Also called between chunks of a block being decided: a turn taken late
            would hold up every other worker."""
            if ahead:
                block = ahead[0][0]
                if wait:
                    turns.wait_for(block)
                elif not turns.mine(block):
                    return
                write(ahead.popleft()[1])
                turns.written(block)

        more = True
        while more or ahead:
            if more and len(ahead) < AHEAD:
                block = _next_block(source, file)
                if block is None:
                    more = False  # the end of the input, or the parent stopped dealing
                else:
                    k, first, lines = block
                    pieces, errors = batch_jsonl.decide_block(decider, first, lines, write_if_turn)
                    ahead.append((k, pieces))
                    failed += errors
            write_if_turn(wait=not more or len(ahead) == AHEAD)
        turns.ended_well()
        status = _DONE
    except _TurnLost:
        status = _DONE  # a worker that may hold an earlier block ended badly: its report, or its silence, fails the run
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


class _TurnLost(Exception):
    """The turn will not come: a worker that may hold the block before it ended without ending well."""


def _next_block(source: int, file: int | None) -> tuple[int, int, bytes] | None:
    """(block number, number of its first line, its lines) of this worker's next block, or None at the end."""
    head = _read_exactly(source, _HEAD.size)
    if head is None:
        return None
    k, first, size, at = _HEAD.unpack(head)
    block = _read_exactly(source, size) if at < 0 else _read_at(file, size, at)
    return None if block is None else (k, first, block)


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

"""`batch --workers N`, the portable pool: blocks decided in N worker processes, written in order.

It serves where batch_turns cannot (no fork, or an output with no file descriptor). Through
a pipe a block's output (about 5 MB) would be copied four times on its way back;
a worker writes it once into a shared-memory slot instead, and the parent writes the slot to
the output. There is a slot per block in flight, two per worker, so memory stays flat; the
rare block whose output outgrows its slot comes back through the pipe.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import deque
from typing import Iterator

SLOT_BYTES = 8 << 20


def decided_by_pool(blocks, now: dt.datetime, workers: int) -> Iterator[tuple[list, int]]:
    """(output pieces, error records) per block of `blocks`, in order."""
    import multiprocessing
    from multiprocessing.shared_memory import SharedMemory

    from rules.registry import active_registry

    slots = [SharedMemory(create=True, size=SLOT_BYTES) for _ in range(2 * workers)]
    try:
        names = [slot.name for slot in slots]
        with multiprocessing.Pool(workers, initializer=_start, initargs=(now, active_registry(), names)) as pool:
            free, pending = deque(range(len(slots))), deque()
            for first, block in blocks:
                if not free:
                    yield from _collect(pending.popleft(), slots, free)
                slot = free.popleft()
                pending.append(pool.apply_async(_work, (first, block, slot)))
            while pending:
                yield from _collect(pending.popleft(), slots, free)
    finally:
        for slot in slots:
            slot.close()
            slot.unlink()


def _collect(result, slots: list, free: deque) -> Iterator[tuple[list, int]]:
    slot, size, failed, spilled = result.get()
    if spilled is not None:
        yield [spilled], failed
    else:
        view = slots[slot].buf[:size]
        try:
            yield [view], failed
        finally:
            view.release()
    free.append(slot)


_decider = None
_slots: list = []


def _start(now: dt.datetime, registry, names: list[str]) -> None:
    """In each worker: Ctrl-C is the parent's to handle; the parent's packs are the worker's;
    no cycle collection, as in the parent's batch (batch_jsonl._no_cycle_collection)."""
    import gc
    import signal
    from multiprocessing.shared_memory import SharedMemory

    from rules.decider import Decider
    from rules.registry import use_registry

    global _decider
    gc.disable()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    use_registry(registry)
    _decider = Decider(now)
    _slots.extend(SharedMemory(name=name) for name in names)


def _work(first: int, block: bytes, slot: int) -> tuple[int, int, int, bytes | None]:
    from .batch_jsonl import decide_block

    pieces, failed = decide_block(_decider, first, block)
    size = sum(map(len, pieces))
    if size > SLOT_BYTES:
        return slot, size, failed, b"".join(pieces)
    _fill(_slots[slot], pieces)
    return slot, size, failed, None


def _fill(slot, pieces: list[bytes]) -> None:
    """Copies the pieces into the slot: straight from each piece into the shared memory's file
    where the platform allows (one copy, made by the kernel), else joined and copied."""
    fd = getattr(slot, "_fd", -1)  # the POSIX shared memory's descriptor; none on Windows
    if fd < 0 or not hasattr(os, "pwritev"):
        out = b"".join(pieces)
        slot.buf[:len(out)] = out
        return
    from .batch_jsonl import IOV_MAX

    at = 0
    for start in range(0, len(pieces), IOV_MAX):
        group = pieces[start:start + IOV_MAX]
        size = sum(map(len, group))
        done = os.pwritev(fd, group, at)
        if done < size:  # a short write: the rest, joined
            rest = memoryview(b"".join(group))[done:]
            while rest:
                written = os.pwrite(fd, rest, at + done)
                rest, done = rest[written:], done + written
        at += size


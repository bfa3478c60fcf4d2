"""`warrantwise batch --workers N`: a pool of processes, and the output is the one process's
output exactly: same lines, same order, error records with their true line numbers."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import batch_jsonl
from cli.app import app
from cli.exit_codes import ExitCode

from .test_fast_path import NOW, mixed_file, straight_batch

runner = CliRunner()


def run_batch(path, out, *args):
    result = runner.invoke(app, ["batch", str(path), "-o", str(out), *args])
    return result, out.read_bytes() if out.exists() else b""


@pytest.fixture(params=["in turns", "portable pool"])
def stops(request, tmp_path, monkeypatch):
    monkeypatch.setattr(batch_jsonl, "CAN_FORK", request.param == "in turns")
    monkeypatch.setattr(batch_jsonl, "BLOCK_BYTES", 4096)  # many blocks, so order is at stake
    monkeypatch.setattr(batch_jsonl, "POOL_BLOCK_BYTES", 4096)
    monkeypatch.setattr(batch_jsonl, "CHUNK_LINES", 5)  # a worker takes its turn between chunks of a block too
    path = tmp_path / "stops.jsonl"
    path.write_bytes(mixed_file(1200, since=False))  # runs at different moments: no clock read against "now"
    return path


def test_workers_write_exactly_what_one_process_writes(stops, tmp_path):
    one, expected = run_batch(stops, tmp_path / "one.jsonl")
    assert one.exit_code == ExitCode.RECORD_ERRORS, one.output
    for workers in ("2", "3"):
        many, out = run_batch(stops, tmp_path / f"w{workers}.jsonl", "--workers", workers)
        assert many.exit_code == ExitCode.RECORD_ERRORS, many.output
        assert out == expected
        assert many.stderr == one.stderr


def test_workers_read_lines_from_a_pipe_as_from_a_file(stops, tmp_path):
    """From a file, each worker reads its own blocks; from standard input the lines are dealt to it."""
    _, expected = run_batch(stops, tmp_path / "one.jsonl")
    piped = runner.invoke(app, ["batch", "-", "-o", str(tmp_path / "w2.jsonl"), "--workers", "2"], input=stops.read_bytes())
    assert piped.exit_code == ExitCode.RECORD_ERRORS, piped.output
    assert (tmp_path / "w2.jsonl").read_bytes() == expected


def test_a_worker_may_take_its_turn_between_chunks_of_the_block_it_is_deciding(monkeypatch):
    """Else a turn that comes while a worker decides waits for the whole block, and holds up
    every other worker."""
    from rules.decider import Decider

    monkeypatch.setattr(batch_jsonl, "CHUNK_LINES", 64)
    block = mixed_file(200, since=False)
    calls: list[None] = []
    out, _ = batch_jsonl.decide_block(Decider(NOW), 1, block, lambda: calls.append(None))
    assert len(calls) == 3  # before each of the chunks after the first (lines 65, 129 and 193)
    assert out == batch_jsonl.decide_block(Decider(NOW), 1, block)[0]


def test_only_a_regular_file_is_read_by_the_workers_themselves(stops):
    from cli.batch_turns import _file_of

    read, write = os.pipe()
    with open(stops, "rb") as file, open(read, "rb") as pipe:
        os.close(write)
        assert _file_of(file) == file.fileno()
        assert _file_of(pipe) is None


def test_a_worker_reads_its_block_where_the_parent_found_it_or_fails_loudly(tmp_path):
    """A worker reads its block at the offset the parent sent; a file cut short meanwhile is an
    error, never a quietly shorter output."""
    from cli.batch_turns import _read_at

    path = tmp_path / "stops.jsonl"
    path.write_bytes(b"0123456789" * 10)
    fd = os.open(path, os.O_RDONLY)
    try:
        assert _read_at(fd, 20, 30) == b"0123456789" * 2
        with pytest.raises(RuntimeError, match="shrank"):
            _read_at(fd, 20, 90)
    finally:
        os.close(fd)


def test_error_records_keep_their_true_line_numbers(stops, tmp_path):
    _, out = run_batch(stops, tmp_path / "w2.jsonl", "--workers", "2")
    expected = [(o["line"], o["id"]) for o in map(json.loads, straight_batch(stops.read_bytes()).splitlines()) if "error" in o]
    assert [(o["line"], o["id"]) for o in map(json.loads, out.splitlines()) if "error" in o] == expected
    assert len(expected) > 10


def test_workers_need_jsonl_in_and_out(stops, tmp_path):
    result = runner.invoke(app, ["batch", str(stops), "--format", "csv", "--workers", "2"])
    assert result.exit_code == ExitCode.USAGE
    assert "--workers" in result.output


def test_blocks_too_big_for_their_slot_come_back_whole_and_in_order(stops, tmp_path, monkeypatch):
    from cli import batch_pool

    monkeypatch.setattr(batch_pool, "SLOT_BYTES", 40_000)  # a block's decisions run to about 80 KB: many spill
    _, expected = run_batch(stops, tmp_path / "one.jsonl")
    _, out = run_batch(stops, tmp_path / "w2.jsonl", "--workers", "2")
    assert out == expected


@pytest.mark.parametrize("descriptor", [True, False], ids=["straight-into-the-file", "joined-and-copied"])
def test_a_workers_pieces_land_in_its_slot_as_one_run_of_bytes(descriptor):
    from multiprocessing.shared_memory import SharedMemory

    from cli import batch_pool

    pieces = [bytes([65 + i % 26]) * (i % 700) for i in range(3000)]  # more pieces than one writev takes
    slot = SharedMemory(create=True, size=sum(map(len, pieces)) + 10)
    try:
        target = slot if descriptor else type("NoDescriptor", (), {"buf": slot.buf})()
        batch_pool._fill(target, pieces)
        assert bytes(slot.buf[:sum(map(len, pieces))]) == b"".join(pieces)
    finally:
        slot.close()
        slot.unlink()


def two_workers_with(tmp_path, monkeypatch, wrapper) -> tuple[Path, Path]:
    """Decides a file with two forked workers whose decide_block is wrapper(the real one, ...)
    (the workers inherit it), four-kilobyte blocks; (the input, the output)."""
    real = batch_jsonl.decide_block
    monkeypatch.setattr(batch_jsonl, "decide_block", lambda *args: wrapper(real, *args))
    monkeypatch.setattr(batch_jsonl, "BLOCK_BYTES", 4096)
    path, out = tmp_path / "stops.jsonl", tmp_path / "out.jsonl"
    path.write_bytes(mixed_file(1200, since=False))
    with open(path, "rb") as source, open(out, "wb") as sink:
        batch_jsonl.decide_jsonl(source, sink, NOW, workers=2)
    return path, out


@pytest.mark.skipif(not batch_jsonl.CAN_FORK or not os.path.exists("/proc/self/task"), reason="forked workers, Linux")
def test_a_worker_that_fails_fails_the_run_and_leaves_no_process_behind(tmp_path, monkeypatch):
    def fails_late(real, decider, first, block, *between):
        if first > 600:
            raise RuntimeError("a fault in the decision")
        return real(decider, first, block, *between)

    before = _children()
    with pytest.raises(RuntimeError, match="worker failed"):
        two_workers_with(tmp_path, monkeypatch, fails_late)
    assert _children() <= before  # every worker ended and was reaped


def _children() -> set[str]:
    """This process's children, living or not yet reaped (Linux)."""
    import glob

    return {pid for path in glob.glob(f"/proc/{os.getpid()}/task/*/children") for pid in open(path).read().split()}


@pytest.mark.timeout(60)
@pytest.mark.skipif(not batch_jsonl.CAN_FORK or not os.path.exists("/proc/self/task"), reason="forked workers, Linux")
def test_a_worker_killed_outright_fails_the_run_and_the_others_do_not_wait_for_it(tmp_path, monkeypatch):
    """A worker that dies with no word (SIGKILL, the out-of-memory killer) may hold the block
    whose turn the others wait for: they stop, and the run fails rather than hang."""
    import signal

    def dies(real, decider, first, block, *between):
        if first > 600:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(decider, first, block, *between)

    before = _children()
    with pytest.raises(RuntimeError, match="without a word"):
        two_workers_with(tmp_path, monkeypatch, dies)
    assert _children() <= before


@pytest.mark.timeout(120)
@pytest.mark.skipif(not batch_jsonl.CAN_FORK, reason="forked workers")
def test_a_worker_the_machine_slows_takes_fewer_blocks_from_a_file(tmp_path, monkeypatch):
    """Blocks of a file go to whichever worker is free, so a slow spell on one CPU is shared,
    not waited out; the output is still the one process's, in order."""
    import time

    def counted(real, decider, first, block, *between):
        try:  # the first worker to start is the slow one
            os.close(os.open(tmp_path / "slow", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            (tmp_path / f"slow.{os.getpid()}").touch()
        except FileExistsError:
            pass
        if (tmp_path / f"slow.{os.getpid()}").exists():
            time.sleep(0.1)
        with open(tmp_path / f"blocks.{os.getpid()}", "a") as log:
            log.write(".")
        return real(decider, first, block, *between)

    path, out = two_workers_with(tmp_path, monkeypatch, counted)
    assert out.read_bytes() == straight_batch(path.read_bytes())
    slow = next(tmp_path.glob("slow.*")).name.split(".")[1]
    taken = {log.name.split(".")[1]: len(log.read_text()) for log in tmp_path.glob("blocks.*")}
    assert len(taken) == 2 and taken[slow] * 3 < sum(taken.values()), taken  # dealt in turn, each would take half

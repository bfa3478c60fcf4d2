"""Faults in the hold store: a writer killed at any moment, a full disk, a read-only store, a
damaged file. Each ends in a clear error naming the file and exit code 3 (STORE_FAULT), with
no partial record and no hold lost; a damaged file is kept, and replaced only on request.

(tests/test_hold_store.py covers two terminals writing at once and a writer killed inside a
transaction.)
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

import cli.hold_store as hold_store
from cli.app import app
from cli.exit_codes import ExitCode
from cli.hold_store import DB_NAME, HoldStore, StoreFault

from .conftest import ROOT

resource = pytest.importorskip("resource")  # POSIX: file-size limits stand in for a full disk

runner = CliRunner()
NOW = dt.datetime.now(dt.timezone.utc)


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("WARRANTWISE_HOME", str(tmp_path))
    return tmp_path


def ww(*args: str):
    return runner.invoke(app, list(args))


def stored(home: Path) -> list[tuple]:
    """Every row of the store as SQLite has it: the file whole, and no hold or release half-written."""
    conn = sqlite3.connect(home / DB_NAME)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = list(conn.execute("SELECT ref, jurisdiction, started_utc, released_utc, released_offset_s FROM holds ORDER BY rowid"))
    finally:
        conn.close()
    assert all(None not in row[:3] and (row[3] is None) == (row[4] is None) for row in rows), "a half-written hold"
    return rows


@contextmanager
def file_size_limit(size: int):
    """Writes past `size` bytes fail (EFBIG), as on a full disk; the limit is lifted on leaving."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


def test_a_full_disk_at_any_point_of_a_write_loses_nothing_and_saves_nothing_partial(home):
    store = HoldStore(home)
    for i in range(60):
        store.start(f"24-{i:03d}", "pg-county", NOW)
    before = stored(home)
    failed = 0
    for size in range(0, 24 * 1024, 512):  # from no room at all to room enough, past every page and the journal
        with file_size_limit(size):
            try:
                store.start(f"F-{size}", "pg-county", NOW)
                store.release(f"F-{size}", NOW)
            except StoreFault as exc:
                failed += 1
                assert str(home / DB_NAME) in str(exc) and "Nothing was saved" in str(exc)
        rows = stored(home)  # whole, and no half-written hold or release
        assert set(before) <= set(rows)  # no other hold touched
        assert len([r for r in rows if r[0] == f"F-{size}"]) <= 1
    assert 0 < failed < len(range(0, 24 * 1024, 512)), "the limit must bite, and lifting it must let writes through"


def test_a_full_disk_through_the_command_line(home):
    HoldStore(home).start("24-001", "pg-county", NOW)

    def no_room():
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, resource.RLIM_INFINITY))

    result = subprocess.run(
        [sys.executable, "-c", "from cli.app import main; main()", "hold", "start", "24-002", "-j", "pg-county"],
        cwd=ROOT, capture_output=True, text=True, preexec_fn=no_room, timeout=60,
        env={**os.environ, "WARRANTWISE_HOME": str(home), "COLUMNS": "200"},
    )
    assert result.returncode == ExitCode.STORE_FAULT, result.stderr
    assert "Traceback" not in result.stderr
    assert f"cannot use the hold store at {home / DB_NAME}" in result.stderr and "Nothing was saved" in result.stderr
    assert [row[0] for row in stored(home)] == ["24-001"]


def test_a_read_only_store_refuses_writes_clearly_and_still_shows_the_holds(home, monkeypatch):
    HoldStore(home).start("24-001", "pg-county", NOW)
    rows = stored(home)
    # Every connection the store opens is read-only, as on a read-only disk (file modes do not bind root).
    connect = sqlite3.connect
    monkeypatch.setattr(hold_store.sqlite3, "connect", lambda path, **kw: connect(f"file:{path}?mode=ro", uri=True, **kw))
    started = ww("hold", "start", "24-002", "-j", "pg-county")
    assert started.exit_code == ExitCode.STORE_FAULT
    assert "readonly database" in started.stderr and str(home / DB_NAME) in " ".join(started.stderr.split())
    assert ww("hold", "release", "24-001").exit_code == ExitCode.STORE_FAULT
    listed = ww("hold", "list")
    assert listed.exit_code == ExitCode.OK and "24-001" in listed.stdout
    assert stored(home) == rows


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="file modes do not bind root")
def test_a_store_on_a_read_only_folder(home):
    HoldStore(home).start("24-001", "pg-county", NOW)
    (home / DB_NAME).chmod(0o400)
    home.chmod(0o500)
    try:
        result = ww("hold", "start", "24-002", "-j", "pg-county")
        assert result.exit_code == ExitCode.STORE_FAULT and "Nothing was saved" in result.stderr
    finally:
        home.chmod(0o700)
        (home / DB_NAME).chmod(0o600)
    assert [row[0] for row in stored(home)] == ["24-001"]


def test_a_writer_killed_at_any_moment_leaves_every_committed_hold_and_no_partial_one(home):
    HoldStore(home).start("24-000", "pg-county", NOW)  # the store exists before the writer races on it
    writer = (
        "import sys, datetime as dt; from pathlib import Path; from cli.hold_store import HoldStore\n"
        "store = HoldStore(Path(sys.argv[1])); now = dt.datetime.now(dt.timezone.utc)\n"
        "for i in range(100000):\n"
        "    store.start(f'K-{i}', 'pg-county', now); print(i, flush=True)\n"
    )
    for kill_after in (1, 7, 23):  # lines read before the kill: the writer is by then anywhere in its next write
        proc = subprocess.Popen([sys.executable, "-c", writer, str(home)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        for _ in range(kill_after):
            proc.stdout.readline()
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        printed = kill_after + len(proc.stdout.read().split())  # every hold the writer saw committed
        proc.stdout.close()
        refs = {h.ref for h in HoldStore(home).running()} - {"24-000"}  # the next opener rolls back a hot journal
        committed = {f"K-{i}" for i in range(printed)}
        assert committed <= refs <= committed | {f"K-{printed}"}  # at most the one being committed at the kill
        stored(home)  # whole, nothing half-written
        for ref in refs:  # the next round starts clean
            HoldStore(home).release(ref, NOW)


def damage(path: Path, how: str) -> bytes:
    data = bytearray(path.read_bytes())
    if how == "not a database":
        data = bytearray(os.urandom(len(data)))
    else:  # a b-tree page scribbled over: the header still reads as SQLite
        data[4096 + 8: 4096 + 40] = b"\xff" * 32
    path.write_bytes(bytes(data))
    return bytes(data)


@pytest.mark.parametrize("how", ["not a database", "a damaged page"])
def test_a_damaged_store_is_reported_by_name_and_left_as_it_is(home, how):
    with HoldStore(home).transaction() as conn:  # several pages of holds
        conn.executemany("INSERT INTO holds VALUES (?, 'pg-county', '2026-11-21T12:00:00+00:00', 0, NULL, NULL)",
                         [(f"24-{i:03d}",) for i in range(200)])
    broken = damage(home / DB_NAME, how)
    for args in (["hold", "list"], ["hold", "start", "25-001", "-j", "pg-county"], ["hold", "status", "24-001"]):
        result = ww(*args)
        assert result.exit_code == ExitCode.STORE_FAULT, result.output
        words = " ".join(result.stderr.split())
        assert f"the hold store {home / DB_NAME} is damaged" in words and "warrantwise hold fresh-store" in words
    assert (home / DB_NAME).read_bytes() == broken  # never written over
    assert sorted(p.name for p in home.iterdir()) == [DB_NAME]


def test_a_fresh_store_only_on_request_and_the_damaged_one_kept(home):
    HoldStore(home).start("24-001", "pg-county", NOW)
    broken = damage(home / DB_NAME, "not a database")
    made = ww("hold", "fresh-store")
    assert made.exit_code == ExitCode.OK, made.output
    [kept] = [p for p in home.iterdir() if p.name.startswith(f"{DB_NAME}.damaged-")]
    assert kept.read_bytes() == broken and str(kept) in " ".join(made.stdout.split())
    assert ww("hold", "start", "25-001", "-j", "pg-county").exit_code == ExitCode.OK
    assert [h.ref for h in HoldStore(home).running()] == ["25-001"]


def test_a_sound_store_is_never_replaced(home):
    HoldStore(home).start("24-001", "pg-county", NOW)
    refused = ww("hold", "fresh-store")
    assert refused.exit_code == ExitCode.USAGE and "is not damaged" in refused.stderr
    assert [h.ref for h in HoldStore(home).running()] == ["24-001"]

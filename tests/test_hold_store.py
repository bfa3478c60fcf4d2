"""Holds that survive a restart: across processes, with two writers, through a killed writer,
with the offsets users give, past the limit, and with errors worded for the terminal."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cli.hold_store import DB_NAME, HoldStore, StoreError, home_dir

ROOT = Path(__file__).resolve().parents[1]
MAIN = "import sys; from cli.app import main; main()"
EST = dt.timezone(dt.timedelta(hours=-5))


def ww(home: Path, *args: str) -> subprocess.CompletedProcess:
    """The real command line, in its own process."""
    env = {**os.environ, "WARRANTWISE_HOME": str(home), "COLUMNS": "100", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-c", MAIN, *args], capture_output=True, text=True, env=env, cwd=ROOT,
                          stdin=subprocess.DEVNULL, timeout=60)


def python(code: str, *args: str, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, text=True, **popen)


def test_start_status_list_release_across_processes(tmp_path):
    assert ww(tmp_path, "hold", "start", "24-001", "-j", "pg-county", "--minutes-ago", "20").returncode == 0
    assert ww(tmp_path, "hold", "start", "24-002", "-j", "pg-county").returncode == 0
    listed = json.loads(ww(tmp_path, "hold", "list", "--json").stdout)
    assert [h["ref"] for h in listed] == ["24-001", "24-002"]  # oldest first
    first = listed[0]
    assert first["status"] == "running" and first["hold"]["rule"] == "PG-3"
    assert 39 <= first["hold"]["remaining_minutes"] <= 40 and first["phase"] == "ok"

    shown = ww(tmp_path, "hold", "status", "24-001")
    assert shown.returncode == 0 and "left" in shown.stdout and "rule PG-3" in shown.stdout

    assert ww(tmp_path, "hold", "release", "24-001").returncode == 0
    assert [h["ref"] for h in json.loads(ww(tmp_path, "hold", "list", "--json").stdout)] == ["24-002"]
    after = json.loads(ww(tmp_path, "hold", "status", "24-001", "--json").stdout)
    assert after["status"] == "released" and after["released"] is not None
    assert 20 <= after["hold"]["elapsed_minutes"] < 21  # the clock stopped at the release


def test_times_keep_the_offset_the_user_gave(tmp_path):
    began = (dt.datetime.now(EST) - dt.timedelta(minutes=30)).replace(second=0, microsecond=0)
    assert ww(tmp_path, "hold", "start", "24-003", "-j", "pg-county", "--since", began.isoformat()).returncode == 0
    row = sqlite3.connect(tmp_path / DB_NAME).execute("SELECT started_utc, started_offset_s FROM holds").fetchone()
    assert row == (began.astimezone(dt.timezone.utc).isoformat(), -5 * 3600)
    status = json.loads(ww(tmp_path, "hold", "status", "24-003", "--json").stdout)
    assert status["started"] == began.isoformat() and status["started"].endswith("-05:00")
    assert 30 <= status["hold"]["elapsed_minutes"] < 32


def test_a_hold_past_its_limit(tmp_path):
    ww(tmp_path, "hold", "start", "24-004", "-j", "pg-county", "--minutes-ago", "75")
    status = json.loads(ww(tmp_path, "hold", "status", "24-004", "--json").stdout)
    assert status["hold"]["expired"] is True and status["hold"]["remaining_minutes"] == 0 and status["phase"] == "expired"
    words = " ".join(ww(tmp_path, "hold", "status", "24-004").stdout.replace("│", " ").split())
    assert "HOLD LIMIT REACHED" in words and "release now unless a criminal basis was confirmed — rule PG-3" in words
    assert "LIMIT REACHED" in ww(tmp_path, "hold", "list").stdout


def test_two_writers_at_once_lose_nothing(tmp_path):
    code = (
        "import sys, datetime as dt; from pathlib import Path; from cli.hold_store import HoldStore\n"
        "store = HoldStore(Path(sys.argv[1])); now = dt.datetime.now(dt.timezone.utc)\n"
        "for i in range(25): store.start(f'{sys.argv[2]}-{i}', 'pg-county', now)\n"
    )
    writers = [python(code, str(tmp_path), prefix) for prefix in ("A1", "B2")]
    assert [w.wait(timeout=60) for w in writers] == [0, 0]
    refs = {h.ref for h in HoldStore(tmp_path).running()}
    assert refs == {f"{p}-{i}" for p in ("A1", "B2") for i in range(25)}


def test_two_terminals_starting_the_same_reference_one_wins(tmp_path):
    env = {**os.environ, "WARRANTWISE_HOME": str(tmp_path)}
    starts = [python(MAIN, "hold", "start", "24-100", "-j", "pg-county", env=env, stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE) for _ in range(3)]
    results = [(s.wait(timeout=60), s.stderr.read()) for s in starts]
    assert sorted(code for code, _ in results) == [0, 2, 2]
    assert all("already running" in err for code, err in results if code)
    assert len(HoldStore(tmp_path).running()) == 1


def test_a_second_terminal_waits_for_a_busy_store(tmp_path):
    holder = python(
        "import sys, time; from pathlib import Path; from cli.hold_store import HoldStore\n"
        "with HoldStore(Path(sys.argv[1])).transaction():\n"
        "    print('locked', flush=True); time.sleep(1.5)\n",
        str(tmp_path), stdout=subprocess.PIPE,
    )
    assert holder.stdout.readline().strip() == "locked"
    HoldStore(tmp_path).start("24-005", "pg-county", dt.datetime.now(EST))  # waits for the lock, then writes
    assert holder.wait(timeout=30) == 0
    assert [h.ref for h in HoldStore(tmp_path).running()] == ["24-005"]


def test_a_writer_killed_mid_transaction_leaves_the_store_whole(tmp_path):
    store = HoldStore(tmp_path)
    store.start("24-006", "pg-county", dt.datetime.now(EST))
    child = python(
        "import sys, time; from pathlib import Path; from cli.hold_store import HoldStore\n"
        "with HoldStore(Path(sys.argv[1])).transaction() as conn:\n"
        "    conn.execute('PRAGMA cache_size = 1')  # spill pages into the database file mid-transaction\n"
        "    for i in range(3000):\n"
        "        conn.execute(\"INSERT INTO holds VALUES (?, 'pg-county', '2026-11-21T19:00:00+00:00', 0, NULL, NULL)\", (f'K-{i}',))\n"
        "    conn.execute(\"UPDATE holds SET jurisdiction = 'torn' WHERE ref = '24-006'\")\n"
        "    print('writing', flush=True); time.sleep(60)\n",
        str(tmp_path), stdout=subprocess.PIPE,
    )
    assert child.stdout.readline().strip() == "writing"
    assert (tmp_path / f"{DB_NAME}-journal").exists()  # the write was under way
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)

    holds = HoldStore(tmp_path).running()  # the next opener rolls the hot journal back
    assert [(h.ref, h.jurisdiction) for h in holds] == [("24-006", "pg-county")]
    assert sqlite3.connect(tmp_path / DB_NAME).execute("PRAGMA integrity_check").fetchone() == ("ok",)
    store.start("24-007", "pg-county", dt.datetime.now(EST))
    assert len(store.running()) == 2


@pytest.mark.parametrize(
    "args, says",
    [
        (("hold", "status", "99-999"), "no hold 99-999"),
        (("hold", "release", "99-999"), "no hold 99-999"),
        (("hold", "start", "John Smith", "-j", "pg-county"), "never a person's name"),
        (("hold", "start", "Smith", "-j", "pg-county"), "looks like a name"),
        (("hold", "start", "24-008"), "give --jurisdiction"),
        (("hold", "start", "24-008", "-j", "atlantis"), "unknown jurisdiction"),
        (("hold", "start", "24-008", "-j", "pg-county", "--since", "soon"), "e.g. 14:05"),
        (("hold", "start", "24-008", "-j", "pg-county", "--since", "14:05", "--minutes-ago", "3"), "not both"),
    ],
)
def test_errors_are_one_clear_line_and_exit_2(tmp_path, args, says):
    result = ww(tmp_path, *args)
    assert result.returncode == 2 and says in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr


def test_a_duplicate_running_reference_is_refused(tmp_path):
    ww(tmp_path, "hold", "start", "24-009", "-j", "pg-county")
    again = ww(tmp_path, "hold", "start", "24-009", "-j", "pg-county")
    assert again.returncode == 2 and "already running" in again.stderr
    ww(tmp_path, "hold", "release", "24-009")
    assert ww(tmp_path, "hold", "start", "24-009", "-j", "pg-county").returncode == 0  # a new hold, same incident


def test_an_unwritable_home_is_an_error_not_a_traceback(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = ww(blocker / "home", "hold", "list")
    assert result.returncode == 3 and "cannot use the hold store" in result.stderr and "WARRANTWISE_HOME" in result.stderr  # STORE_FAULT
    assert "Traceback" not in result.stderr
    with pytest.raises(StoreError):
        HoldStore(blocker / "home").start("24-010", "pg-county", dt.datetime.now(EST))


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_the_store_is_private_to_its_owner(tmp_path):
    home = tmp_path / "new-home"
    HoldStore(home).start("24-011", "pg-county", dt.datetime.now(EST))
    assert home.stat().st_mode & 0o777 == 0o700
    assert (home / DB_NAME).stat().st_mode & 0o777 == 0o600


def test_naive_times_are_refused_by_the_store(tmp_path):
    with pytest.raises(ValueError, match="offset"):
        HoldStore(tmp_path).start("24-012", "pg-county", dt.datetime(2026, 11, 21, 14, 5))


@pytest.mark.parametrize(
    "platform, env, expected",
    [
        ("linux", {"WARRANTWISE_HOME": "/srv/ww"}, "/srv/ww"),
        ("linux", {"XDG_DATA_HOME": "/data"}, "/data/warrantwise"),
        ("linux", {"XDG_DATA_HOME": "relative"}, "~/.local/share/warrantwise"),
        ("linux", {}, "~/.local/share/warrantwise"),
        ("darwin", {}, "~/Library/Application Support/warrantwise"),
        ("win32", {"APPDATA": "C:/Users/o/AppData/Roaming"}, "C:/Users/o/AppData/Roaming/warrantwise"),
    ],
)
def test_the_default_home_is_the_platforms_user_data_folder(monkeypatch, platform, env, expected):
    for var in ("WARRANTWISE_HOME", "XDG_DATA_HOME", "APPDATA"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    monkeypatch.setattr(sys, "platform", platform)
    assert home_dir() == Path(os.path.expanduser(expected))

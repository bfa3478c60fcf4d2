"""Holds that survive a restart: a SQLite file under $WARRANTWISE_HOME, one row per hold.

No personal data: a hold is a reference (an incident or case number), a jurisdiction and a
start time, so a supervisor can see every running clock from another terminal. Every write is
one `BEGIN IMMEDIATE` transaction behind a busy timeout, with SQLite's rollback journal, so a
crash or a second terminal never loses or corrupts a hold; "one running hold per reference" is
a unique index, not a check that could race. A file damaged some other way is reported and left
as it is: it is set aside (renamed, never deleted) only when a person asks, with `warrantwise
hold fresh-store`. Times are stored in UTC with the offset the user gave, so each hold reads
back in the officer's own clock. The hold limit is not here: the rules core decides it from the
jurisdiction and the start time.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

from rules.interview import reference_problem

from .i18n import _, language

DB_NAME = "holds.sqlite3"
BUSY_TIMEOUT_SECONDS = 10
SCHEMA_VERSION = 1
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS holds (ref TEXT NOT NULL, jurisdiction TEXT NOT NULL, started_utc TEXT NOT NULL, "
    "started_offset_s INTEGER NOT NULL, released_utc TEXT, released_offset_s INTEGER)",
    "CREATE UNIQUE INDEX IF NOT EXISTS one_running_hold_per_ref ON holds(ref) WHERE released_utc IS NULL",
    f"PRAGMA user_version = {SCHEMA_VERSION}",
)


class StoreError(Exception):
    """A hold store problem, worded for the person at the terminal."""


class StoreFault(StoreError):
    """The store itself cannot be used (unwritable, full, busy): nothing was written."""


class StoreDamaged(StoreFault):
    """The store's file is not a sound database: it is left as it is until a person asks for a fresh one."""


def home_dir() -> Path:
    """$WARRANTWISE_HOME, else the platform's user data folder for warrantwise."""
    env = os.environ.get("WARRANTWISE_HOME")
    if env:
        return Path(env).expanduser()
    if sys.platform == "win32":
        base = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = str(Path.home() / "Library" / "Application Support")
    else:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        base = xdg if os.path.isabs(xdg) else str(Path.home() / ".local" / "share")
    return Path(base) / "warrantwise"


def private_home(home: Path) -> Path:
    """`home`, created readable by its owner only (0700) if it does not exist yet."""
    try:
        if not home.is_dir():
            home.mkdir(mode=0o700, parents=True, exist_ok=True)
            home.chmod(0o700)  # mkdir's mode is cut by the umask
    except OSError as exc:
        raise StoreFault(_unusable(home, exc)) from None
    return home


def _unusable(path: Path, exc: Exception) -> str:
    reason = getattr(exc, "strerror", None) or str(exc)
    return _("hold.unusable", path=path, reason=reason)


def _damaged(path: Path, why: str) -> StoreDamaged:
    return StoreDamaged(_("hold.damaged", path=path, why=why))


def _fault(path: Path, exc: Exception) -> StoreFault:
    """The StoreFault for a database error: damaged, busy, or otherwise unusable."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return _damaged(path, str(exc))
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StoreFault(_("hold.busy"))
    return StoreFault(_unusable(path, exc))


@dataclass(frozen=True)
class StoredHold:
    ref: str
    jurisdiction: str
    started: dt.datetime  # aware, in the offset the user gave
    released: Optional[dt.datetime] = None

    def to_json(self) -> dict:
        return {
            "ref": self.ref,
            "jurisdiction": self.jurisdiction,
            "started": self.started.isoformat(),
            "released": self.released.isoformat() if self.released else None,
        }


class HoldStore:
    def __init__(self, home: Path):
        self.home = home
        self.path = home / DB_NAME

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: taken at once (IMMEDIATE), committed whole or not at all."""
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            conn.close()

    def start(self, ref: str, jurisdiction: str, started: dt.datetime) -> StoredHold:
        _check_reference(ref)
        hold = StoredHold(ref, jurisdiction, started)
        try:
            with self._writing() as conn:
                conn.execute(
                    "INSERT INTO holds (ref, jurisdiction, started_utc, started_offset_s) VALUES (?, ?, ?, ?)",
                    (ref, jurisdiction, *_stored(started)),
                )
        except sqlite3.IntegrityError:
            running = self.get(ref)
            raise StoreError(_("hold.already_running", ref=ref, began=running.started.isoformat(timespec="minutes"))) from None
        return hold

    def amend(self, ref: str, hold: StoredHold) -> StoredHold:
        """Correct a running hold (new facts on a re-check): its reference, jurisdiction or start."""
        _check_reference(hold.ref)
        try:
            with self._writing() as conn:
                changed = conn.execute(
                    "UPDATE holds SET ref = ?, jurisdiction = ?, started_utc = ?, started_offset_s = ? "
                    "WHERE ref = ? AND released_utc IS NULL",
                    (hold.ref, hold.jurisdiction, *_stored(hold.started), ref),
                ).rowcount
        except sqlite3.IntegrityError:
            raise StoreError(_("hold.reference_taken", ref=hold.ref)) from None
        if not changed:
            raise StoreError(_("hold.not_running", ref=ref))
        return hold

    def release(self, ref: str, at: dt.datetime) -> StoredHold:
        with self._writing() as conn:
            changed = conn.execute(
                "UPDATE holds SET released_utc = ?, released_offset_s = ? WHERE ref = ? AND released_utc IS NULL",
                (*_stored(at), ref),
            ).rowcount
        if not changed:
            held = self.get(ref)  # raises if there never was one
            if held.released:
                raise StoreError(_("hold.released_at", ref=ref, at=held.released.isoformat(timespec="minutes")))
            raise StoreError(_("hold.already_released", ref=ref))
        return self.get(ref)

    def get(self, ref: str) -> StoredHold:
        """The running hold with this reference, else its latest released one."""
        rows = self._read(
            "SELECT * FROM holds WHERE ref = ? ORDER BY released_utc IS NOT NULL, released_utc DESC LIMIT 1", (ref,)
        )
        if not rows:
            raise StoreError(_("hold.no_such_hold", ref=ref, path=self.path))
        return rows[0]

    def released(self, ref: str) -> Optional[dt.datetime]:
        """When the hold was released; None while it runs, or if the store cannot be read this
        moment (a countdown asking every second keeps counting rather than stop)."""
        try:
            return self.get(ref).released
        except StoreError:
            return None

    def running(self) -> list[StoredHold]:
        """Every hold not yet released, the oldest first."""
        return self._read("SELECT * FROM holds WHERE released_utc IS NULL ORDER BY started_utc, ref", ())

    def _read(self, sql: str, params: tuple) -> list[StoredHold]:
        conn = self._connect()
        try:
            return [_hold(row) for row in conn.execute(sql, params)]
        except sqlite3.Error as exc:
            raise _fault(self.path, exc) from None
        finally:
            conn.close()

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """A transaction whose database errors come out as StoreError (IntegrityError passes)."""
        try:
            with self.transaction() as conn:
                yield conn
        except sqlite3.IntegrityError:
            raise
        except sqlite3.Error as exc:
            raise _fault(self.path, exc) from None

    def _connect(self) -> sqlite3.Connection:
        private_home(self.home)
        conn = None
        try:
            if not self.path.exists():
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute("PRAGMA synchronous = FULL")
            damage = conn.execute("PRAGMA quick_check").fetchone()[0]  # a small file: well under a millisecond
            if damage != "ok":
                first = next((line for line in damage.splitlines() if not line.startswith("***")), damage)
                raise _damaged(self.path, _("hold.fails_check", first=first))
            if conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
                conn.execute("BEGIN IMMEDIATE")
                for statement in SCHEMA:
                    conn.execute(statement)
                conn.execute("COMMIT")
        except (OSError, sqlite3.Error, StoreFault) as exc:
            if conn is not None:
                conn.close()  # closed before anyone may set the file aside
            if isinstance(exc, sqlite3.Error):
                raise _fault(self.path, exc) from None
            if isinstance(exc, OSError):
                raise StoreFault(_unusable(self.path, exc)) from None
            raise
        return conn

    def set_aside(self, stamp: str) -> Path:
        """Rename a damaged store (and its journal) to `holds.sqlite3.damaged-STAMP`, never deleting
        it, so the next use starts an empty store. A sound store is never touched."""
        try:
            self.running()
        except StoreDamaged:
            pass
        else:
            raise StoreError(_("hold.not_damaged", path=self.path))
        kept = self.path.with_name(f"{DB_NAME}.damaged-{stamp}")
        try:
            for suffix in ("-journal", ""):  # the journal first: the store never sits beside a stranger's journal
                if Path(f"{self.path}{suffix}").exists():
                    os.replace(f"{self.path}{suffix}", f"{kept}{suffix}")
        except OSError as exc:
            raise StoreFault(_unusable(self.path, exc)) from None
        return kept


def _check_reference(ref: str) -> None:
    problem = reference_problem(ref, language())
    if problem:
        raise StoreError(problem)


def _stored(moment: dt.datetime) -> tuple[str, int]:
    """An aware time as (UTC ISO text, the offset it was given in, in seconds)."""
    if moment.tzinfo is None:
        raise ValueError("hold times must carry a UTC offset")
    offset = moment.utcoffset()
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="seconds"), int(offset.total_seconds())


def _moment(utc: Optional[str], offset_s: Optional[int]) -> Optional[dt.datetime]:
    if utc is None:
        return None
    return dt.datetime.fromisoformat(utc).astimezone(dt.timezone(dt.timedelta(seconds=offset_s)))


def _hold(row: sqlite3.Row) -> StoredHold:
    return StoredHold(
        ref=row["ref"],
        jurisdiction=row["jurisdiction"],
        started=_moment(row["started_utc"], row["started_offset_s"]),
        released=_moment(row["released_utc"], row["released_offset_s"]),
    )


def open_store() -> HoldStore:
    return HoldStore(home_dir())

"""Shared fixtures: a fixed clock, a quiet terminal, the shared examples."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).with_name("data")
SHARED = ROOT.parent / "shared"
NOW = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.timezone.utc)


def shared_file(name: str) -> Path:
    """The project's shared example file; the copy in tests/data when ../shared is absent."""
    live = SHARED / name
    return live if live.is_file() else DATA / f"shared-{name}"


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(autouse=True)
def _plain_terminal(monkeypatch):
    """Rendering independent of the developer's terminal (as rich's own tests do)."""
    for var in ("FORCE_COLOR", "NO_COLOR", "WARRANTWISE_LANG", "WARRANTWISE_PACKS"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TERMINAL_WIDTH", "100")
    monkeypatch.setenv("_TYPER_FORCE_DISABLE_TERMINAL", "1")
    # English unless a test picks a language (set_language, or --lang through cli.app.main);
    # restored afterwards, so a Spanish test never leaks into the next one.
    from cli import i18n

    monkeypatch.setitem(i18n._current, "lang", "en")


@pytest.fixture
def now() -> dt.datetime:
    return NOW


def unwrapped(text: str) -> str:
    """Terminal output with rich's line wrapping undone, for matching long messages."""
    return " ".join(text.split())

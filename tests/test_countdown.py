"""The hold countdown: its phases (rules.hold.hold_phase), what each frame shows, and its keys."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from rich.console import Console

from cli.countdown import Frame, clock_words, countdown_view, run_countdown
from rules.hold import hold_phase, hold_state

UTC = dt.timezone.utc
START = dt.datetime(2026, 11, 21, 14, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "remaining, phase",
    [(60, "ok"), (15.01, "ok"), (15, "warn"), (5.01, "warn"), (5, "urgent"), (0.01, "urgent"), (0, "expired")],
)
def test_phase_turns_at_15_and_5_minutes_left_and_at_the_limit(remaining, phase):
    assert hold_phase(remaining) == phase


def frame(elapsed: float, detain: str = "permitted", rule: str = "XY-9", limit: float = 60) -> Frame:
    return Frame(hold_state(limit, elapsed, rule), detain, "24-001", START)


def shown(view, colour: bool = False) -> str:
    out = io.StringIO()
    console = Console(file=out, width=60, color_system="standard" if colour else None, force_terminal=colour)
    console.print(view)
    return out.getvalue()


def test_the_frame_shows_time_left_held_and_the_keys():
    text = shown(countdown_view(frame(25.5)))
    assert "34:30 left" in text and "of 60 minutes" in text and "held 25:30" in text and "began 14:00" in text
    assert "r release · c re-check · q quit (hold keeps running)" in text
    assert "Hold 24-001 · rule XY-9" in text
    assert all(len(line) <= 60 for line in text.splitlines())


@pytest.mark.parametrize("elapsed, words", [(45, "15 minutes or less left"), (55, "5 minutes or less left")])
def test_warnings_at_15_and_5_minutes_left(elapsed, words):
    assert words in shown(countdown_view(frame(elapsed)))


def test_the_colour_changes_as_the_end_nears():
    ok, warn, urgent = (shown(countdown_view(frame(e)), colour=True) for e in (10, 50, 57))
    assert "\x1b[1;32m" in ok  # bold green
    assert "\x1b[1;30;43m" in warn  # black on yellow
    assert "\x1b[1;37;41m" in urgent  # white on red
    assert "\x1b[1;30;43m" not in ok and "\x1b[1;32m" not in urgent


def test_at_the_limit_the_banner_names_the_rule_of_the_decision():
    text = shown(countdown_view(frame(61, rule="ZZ-42")))
    assert "0:00 left" in text
    assert "release now unless a criminal basis was confirmed" in " ".join(text.replace("│", " ").split())
    assert "rule ZZ-42" in text and "PG-3" not in text


def test_no_basis_to_hold_is_said_whatever_the_time_left():
    assert "NO BASIS TO HOLD" in shown(countdown_view(frame(10, detain="prohibited")))


def test_clock_words():
    assert clock_words(0) == "0:00" and clock_words(34.5) == "34:30" and clock_words(75) == "1:15:00"


class ScriptedKeys:
    """Each wait moves the fake clock on by the time asked for, then yields the next key."""

    def __init__(self, clock, keys):
        self.clock, self.keys = clock, list(keys)

    def next_key(self, timeout):
        self.clock.now += dt.timedelta(seconds=timeout)
        return self.keys.pop(0)


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


def count(clock, keys, released_after=None, allowed="rcq"):
    seen = []

    def frame_at(now):
        elapsed = (now - START).total_seconds() / 60
        seen.append(elapsed)
        gone = now if released_after is not None and len(seen) > released_after else None
        return Frame(hold_state(60, elapsed, "XY-9"), "permitted", "24-001", START, gone)

    out = io.StringIO()
    key, last = run_countdown(frame_at, console=Console(file=out, width=60), keys=ScriptedKeys(clock, keys),
                              clock=clock, allowed=allowed)
    return key, last, seen, out.getvalue()


@pytest.mark.parametrize("key", ["r", "c", "q", "Q"])
def test_a_key_ends_the_countdown_and_says_which(key):
    clock = Clock(START + dt.timedelta(minutes=10, microseconds=250_000))
    result, last, seen, _ = count(clock, [None, "x", key])
    assert result == key.lower()
    assert len(seen) == 3  # redrawn after each quiet second and after the ignored key
    assert clock.now == START + dt.timedelta(minutes=10, seconds=3)  # woke on whole seconds


def test_keys_outside_the_allowed_ones_are_ignored():
    assert count(Clock(START), ["c", "q"], allowed="rq")[0] == "q"


def test_a_release_from_another_terminal_ends_the_countdown():
    key, last, _, out = count(Clock(START), [None, None, None], released_after=2)
    assert key == "released" and last.released is not None
    assert "left" in out  # the last frame stays on screen

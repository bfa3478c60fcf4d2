"""The hold clock: limit from the pack, elapsed from minutes or a start time, never negative."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from rules import Encounter, InputError, decide


def hold_of(now, **fields):
    base = dict(jurisdiction="pg-county", date="2019-08-01", custody="detained", warrant="unknown")
    out = decide(Encounter(**{**base, **fields}), now=now)
    return out["hold"], out["actions"]


@pytest.mark.parametrize(
    "minutes, remaining, expired, detain, release",
    [
        (0, 60, False, "permitted", "permitted"),
        (59, 1, False, "permitted", "permitted"),
        (60, 0, True, "prohibited", "required"),
        (61, 0, True, "prohibited", "required"),
    ],
)
def test_limit_boundaries(now, minutes, remaining, expired, detain, release):
    hold, actions = hold_of(now, held_minutes=minutes)
    assert hold["limit_minutes"] == 60 and hold["rule"] == "PG-3"
    assert hold["remaining_minutes"] == remaining and hold["expired"] is expired
    assert actions["detain"]["verdict"] == detain and actions["release"]["verdict"] == release


@pytest.mark.parametrize(
    "since, elapsed",
    [
        ("2026-11-21T11:30:00+00:00", 30),
        ("2026-11-21T06:30:00-05:00", 30),  # same instant, given in Eastern time
        ("2026-11-21T12:15:00+01:00", 45),
    ],
)
def test_held_since_with_offsets(now, since, elapsed):
    hold, _ = hold_of(now, held_since=since)
    assert hold["elapsed_minutes"] == elapsed and hold["remaining_minutes"] == 60 - elapsed


def test_held_since_past_the_limit(now):
    hold, actions = hold_of(now, held_since=(now - dt.timedelta(minutes=90)).isoformat())
    assert hold["expired"] and hold["remaining_minutes"] == 0
    assert actions["release"]["verdict"] == "required"


def test_held_since_in_the_future_is_an_error_naming_the_field(now):
    with pytest.raises(InputError) as err:
        hold_of(now, held_since=(now + dt.timedelta(hours=2)).isoformat())
    assert err.value.field == "held_since"


def test_held_since_needs_an_offset():
    with pytest.raises(ValidationError):
        Encounter(jurisdiction="pg-county", held_since="2026-11-21T11:30:00")


def test_minutes_and_start_time_together_are_refused():
    with pytest.raises(ValidationError):
        Encounter(jurisdiction="pg-county", held_minutes=3, held_since="2026-11-21T11:30:00+00:00")


def test_confirmed_criminal_warrant_is_not_on_the_clock(now):
    hold, actions = hold_of(now, warrant="criminal", dispatch_confirmed=True, held_minutes=75)
    assert hold["limit_minutes"] is None and hold["expired"] is False
    assert actions["detain"]["verdict"] == "permitted"


def test_no_limit_and_no_time_means_no_hold(now):
    out = decide(Encounter(jurisdiction="dc-mpd", date="2025-08-20", custody="none"), now=now)
    assert out["hold"] is None

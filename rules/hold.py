"""The hold clock: how long a person has been held and how much of the limit is left."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from .errors import InputError

CLOCK_SKEW = dt.timedelta(minutes=1)  # a start time this far ahead of `now` is a slow clock, not an error


def elapsed_minutes(held_minutes: Optional[float], held_since: Optional[dt.datetime], now: dt.datetime) -> Optional[float]:
    """Minutes held, from the minutes given or from the start time and `now`; None if neither."""
    if held_minutes is not None:
        return float(held_minutes)
    if held_since is None:
        return None
    if now.tzinfo is None:
        raise ValueError("now must carry a UTC offset")
    delta = now - held_since
    if delta < -CLOCK_SKEW:
        raise InputError("held_since", f"{held_since.isoformat()} is in the future (now is {now.isoformat(timespec='seconds')})")
    return max(0.0, delta.total_seconds() / 60)


def hold_state(limit: Optional[float], elapsed: float, rule: Optional[str]) -> dict:
    """The contract's hold object. At the limit counts as expired; remaining is never negative."""
    return {
        "limit_minutes": limit,
        "elapsed_minutes": round(elapsed, 2),
        "remaining_minutes": None if limit is None else round(max(0.0, limit - elapsed), 2),
        "expired": limit is not None and elapsed >= limit,
        "rule": rule,
    }


WARN_MINUTES = 15  # minutes left when the countdown turns to a warning
URGENT_MINUTES = 5  # minutes left when it turns urgent


def hold_phase(remaining_minutes: float) -> str:
    """How near the limit a hold is: `ok`, `warn` (15 min left), `urgent` (5), `expired` (none)."""
    if remaining_minutes <= 0:
        return "expired"
    if remaining_minutes <= URGENT_MINUTES:
        return "urgent"
    if remaining_minutes <= WARN_MINUTES:
        return "warn"
    return "ok"

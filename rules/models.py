"""The contract's input: the encounter that comes in (the decision that goes out is in
rules.decision, imported on first use).

Field names and values follow DESIGN.md exactly; scripted users depend on them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Literal, Optional

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from .errors import LONE_SURROGATE
from .vocab import CUSTODY, OFFENSES, ROLES, WARRANT_KINDS

Role = Literal[ROLES]  # type: ignore[valid-type]
Custody = Literal[CUSTODY]  # type: ignore[valid-type]
WarrantKind = Literal[WARRANT_KINDS]  # type: ignore[valid-type]
Offense = Literal[OFFENSES]  # type: ignore[valid-type]

_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_HELD_MINUTES = 7 * 24 * 60  # a week: anything longer is a typing error, not a hold
MAX_NCIC_CHARS = 8 * 1024 * 1024


class Encounter(BaseModel):
    """One encounter as an officer, a trainer or a script describes it."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    id: Optional[str] = None
    jurisdiction: str = Field(min_length=1, max_length=200)
    date: Optional[dt.date] = None
    role: Role = "other"
    custody: Custody = "detained"
    warrant: Optional[WarrantKind] = None
    ncic_text: Optional[str] = Field(default=None, max_length=MAX_NCIC_CHARS)
    dispatch_confirmed: bool = False
    suspected_offenses: list[Offense] = Field(default_factory=list)
    held_minutes: Optional[float] = Field(default=None, ge=0, le=MAX_HELD_MINUTES)
    held_since: Optional[AwareDatetime] = None

    @field_validator("id", "jurisdiction", "ncic_text")
    @classmethod
    def _whole_characters(cls, value):
        # pydantic lets some lone surrogates through; they cannot be written out as UTF-8.
        if value is not None and _SURROGATE.search(value):
            raise ValueError(LONE_SURROGATE)
        return value

    @field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, value):
        if isinstance(value, str) and (len(value) != 10 or value[4] != "-" or value[7] != "-"):
            raise ValueError("must be a date written YYYY-MM-DD")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            raise ValueError("must be a date written YYYY-MM-DD")
        return value

    @field_validator("held_minutes", mode="before")
    @classmethod
    def _finite_minutes(cls, value):
        if isinstance(value, bool):
            raise ValueError("must be a number of minutes")
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError("must be a finite number of minutes")
        return value

    @field_validator("suspected_offenses")
    @classmethod
    def _no_repeats(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))

    @field_validator("held_since")
    @classmethod
    def _one_clock(cls, value, info):
        # A field validator, not a model one, so the error names the field (held_minutes is checked first).
        if value is not None and info.data.get("held_minutes") is not None:
            raise ValueError("give held_minutes or held_since, not both")
        return value

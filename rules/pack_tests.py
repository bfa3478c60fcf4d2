"""A pack's own tests: encounters, dates and the verdicts the pack must give, written as data.

`ID.tests.toml` sits beside `ID.toml`, as OpenFisca keeps YAML tests and Catala keeps tests
next to the law, so whoever changes a rule sees what it must still decide:

    [[tests]]
    name = "A civil warrant is no ground to hold"
    date = 2026-11-21
    encounter = { custody = "detained", warrant = "ice-administrative" }
    expect = { detain = "prohibited" }
    expect_rules = { detain = ["GB-1"] }   # optional: rules that must be among the deciding ones

The runner is pure: the clock each test sees is noon UTC on its date, so a test passes or
fails the same way whatever day it is run. A failing test carries the decision's trace
(rules.explain): which cases spoke to each action and why one prevailed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .engine import decide
from .errors import PackError, describe_validation_error
from .explain import explain
from .i18n import DEFAULT_LANG
from .models import Encounter
from .packs import TESTS_SUFFIX, Pack, read_toml
from .vocab import ACTIONS, VERDICTS

Action = Literal[ACTIONS]  # type: ignore[valid-type]


class PackTest(BaseModel):
    """One test: an encounter on a date, and what the pack must answer."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    date: dt.date
    encounter: dict[str, Any] = Field(default_factory=dict)
    expect: dict[Action, Literal[VERDICTS]] = Field(min_length=1)  # type: ignore[valid-type]
    expect_rules: dict[Action, list[str]] = Field(default_factory=dict)

    @field_validator("encounter")
    @classmethod
    def _an_encounter(cls, encounter: dict) -> dict:
        given = {"jurisdiction", "date"} & encounter.keys()
        if given:
            raise ValueError(f"leave out {', '.join(sorted(given))}: a test runs against the pack beside it, on the test's date")
        try:
            Encounter.model_validate({**encounter, "jurisdiction": "-"})
        except ValidationError as exc:
            raise ValueError(describe_validation_error(exc)) from None
        return encounter


class PackTestFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    tests: list[PackTest] = Field(default_factory=list)


@dataclass(frozen=True)
class Miss:
    """One expectation a decision did not meet."""

    action: str
    expected: str
    got: str


@dataclass(frozen=True)
class Outcome:
    """One test's decision, the expectations it did not meet, and (when it failed) its trace."""

    test: PackTest
    decision: dict
    misses: tuple[Miss, ...]
    trace: Optional[dict] = None

    @property
    def passed(self) -> bool:
        return not self.misses


def pack_tests_file(pack_path: Path) -> Path:
    """Where a pack file's tests live: `ID.tests.toml` beside `ID.toml`."""
    return pack_path.with_name(pack_path.stem + TESTS_SUFFIX)


def pack_path(path: Path) -> Path:
    """The pack a tests file belongs to; a pack file is its own answer."""
    if path.name.endswith(TESTS_SUFFIX):
        return path.with_name(path.name[: -len(TESTS_SUFFIX)] + ".toml")
    return path


def load_tests(path: Path) -> PackTestFile:
    if not path.exists():
        raise PackError(str(path), ["no tests file: write the pack's tests here (see docs/pack-authoring.md)"])
    try:
        return PackTestFile.model_validate(read_toml(path))
    except ValidationError as exc:
        raise PackError(str(path), describe_validation_error(exc).split("; ")) from None


def run_tests(pack: Pack, tests: PackTestFile, name_filter: Optional[str] = None, lang: str = DEFAULT_LANG) -> list[Outcome]:
    """Decide each test's encounter with `pack` and compare with what the test expects (reasons and traces in `lang`)."""
    results = []
    for test in tests.tests:
        if name_filter and name_filter.lower() not in test.name.lower():
            continue
        encounter = Encounter.model_validate({**test.encounter, "jurisdiction": pack.id, "date": test.date})
        now = dt.datetime.combine(test.date, dt.time(12), tzinfo=dt.timezone.utc)
        decision = decide(encounter, now=now, pack=pack, lang=lang)
        misses = tuple(_misses(test, decision))
        results.append(Outcome(test, decision, misses, explain(encounter, now=now, pack=pack, lang=lang) if misses else None))
    return results


def _misses(test: PackTest, decision: dict):
    for action, verdict in test.expect.items():
        got = decision["actions"][action]["verdict"]
        if got != verdict:
            yield Miss(action, verdict, got)
    for action, rule_ids in test.expect_rules.items():
        deciding = decision["actions"][action]["rules"]
        if not set(rule_ids) <= set(deciding):
            yield Miss(action, f"decided by {', '.join(rule_ids)}", f"decided by {', '.join(deciding) or 'no rule'}")

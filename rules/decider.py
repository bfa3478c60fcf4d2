"""Many decisions in a row, written as contract JSON lines from memoised pieces.

decide() builds each decision from scratch; over a month of stops nearly all of that work
repeats. A Decider does each distinct piece once and keeps it as UTF-8 JSON: the pack's view
per stretch of dates (engine._version) compiled to bitmask lookups, the settled verdicts and
the cited rules per set of applying cases, the warrant per (stated kind, NCIC text). Only what
belongs to one record (id, clock, next steps) is built per record. Each line is exactly
json.dumps(decide(...), ensure_ascii=False) encoded as UTF-8 (tests/test_fast_path.py checks
it). Every memo is capped, so memory stays flat however long the input. Lines are always in
English (decide's default language): JSON is an interface, so no memo is keyed by language.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Optional

from . import engine
from .models import Encounter

_text = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
_quoted = json.encoder.encode_basestring  # a str as JSON, as the encoder above writes it
_CAP = 4096  # entries per memo before it starts afresh (each a few hundred bytes)
_LONG_TEXT = 2048  # NCIC texts longer than this are read every time, not remembered

# Which group of facts each condition reads. A case applies when its conditions in every
# group hold, so one bitmask of cases per group and value says where it can apply, and a
# record's cases are the AND of four looked-up masks (tests check every fact has a group).
GROUP_OF = {
    "warrant_kind": 0, "warrant_class": 0, "dispatch_confirmed": 0, "criminal_confirmed": 0,
    "custody": 1,
    "role": 2,
    "offenses_any": 3, "offenses_none": 3, "has_offense": 3,
    "hold_expired": 4,
}
_GROUPS = 5


def _json(value) -> bytes:
    return _text(value).encode()


class _Slot:
    """Stands for the date in a memoised ruling; each record's date goes into its place."""

    MARK = "\ue000date\ue000"  # private-use characters; a pack whose text holds them is not memoised by slot

    def isoformat(self) -> str:
        return self.MARK


_SLOT = _Slot()


class _Memo(dict):
    def put(self, key, value):
        if len(self) >= _CAP:
            self.clear()
        self[key] = value
        return value


class _Stretch:
    """One version (the pack on a stretch of dates) compiled to bitmask lookups."""

    def __init__(self, version):
        self.version = version
        self.cases = [_by_group(case.when) for _, case in version.cases]
        self.holds = [_by_group(rule.hold.when) for rule in version.holds]
        self.tables = [_Memo() for _ in range(_GROUPS - 1)]
        self.expiry = [self._masks(4, {"hold_expired": expired})[0] for expired in (False, True)]
        self.limits: dict = {}

    def _masks(self, group: int, facts: dict) -> tuple[int, int]:
        cases = sum(1 << i for i, parts in enumerate(self.cases) if engine._holds(parts[group], facts))
        holds = sum(1 << i for i, parts in enumerate(self.holds) if engine._holds(parts[group], facts))
        return cases, holds

    def lookup(self, kind: str, encounter: Encounter):
        """The cases that apply before and after the hold expires (bitmasks), and the hold limit."""
        keys = ((kind, encounter.dispatch_confirmed), encounter.custody, encounter.role, tuple(encounter.suspected_offenses))
        cases = holds = -1
        facts = None
        for group, key in enumerate(keys):
            masks = self.tables[group].get(key)
            if masks is None:
                facts = facts or engine._facts(kind, encounter)
                masks = self.tables[group].put(key, self._masks(group, facts))
            cases &= masks[0]
            holds &= masks[1]
        limit = self.limits.get(holds, False)
        if limit is False:
            applying = [rule for i, rule in enumerate(self.version.holds) if holds >> i & 1]
            limit = self.limits[holds] = min((r.hold.limit_minutes, r.id) for r in applying) if applying else None
        return cases & self.expiry[0], cases & self.expiry[1], limit


def _by_group(when: dict) -> list[dict]:
    parts: list[dict] = [{} for _ in range(_GROUPS)]
    for key, want in when.items():
        parts[GROUP_OF[key]][key] = want
    return parts


class _Day:
    """One (jurisdiction, date): the pack, its view and the decision's head up to the warrant."""

    __slots__ = ("pack", "version", "stretch", "day", "iso", "head", "warnings", "notice", "slot_safe")


class _Warrant:
    __slots__ = ("kind", "cls", "json", "warnings", "questions")


class _Clock:
    __slots__ = ("hold", "steps", "json", "expired", "rule")


class _Verdicts:
    __slots__ = ("ruling", "actions", "tail")  # tail: the rules cited and the notice, to the end of the line


class Decider:
    """Decides encounters against the packs of the active registry, with one clock (`now`)."""

    def __init__(self, now: dt.datetime):
        if now.tzinfo is None:
            raise ValueError("now must carry a UTC offset")
        self.now = now
        self._packs: dict[str, tuple] = {}  # jurisdiction -> (pack, notice JSON, slot-safe)
        self._stretches: dict = {}
        self._days = _Memo()
        self._warrants = _Memo()
        self._readings = _Memo()
        self._verdicts = _Memo()
        self._rules = _Memo()
        self._warnings = _Memo()
        self._clocks = _Memo()

    def line(self, encounter: Encounter) -> bytes:
        """The decision as one JSON line in UTF-8; raises InputError/PackError as decide() does."""
        day = self._days.get((encounter.jurisdiction, encounter.date)) or self._day(encounter)
        warrant = self._warrants.get((encounter.warrant, encounter.ncic_text)) or self._warrant(encounter)
        live, expired, limit = day.stretch.lookup(warrant.kind, encounter)
        clock = self._clocks.get((limit, encounter.held_minutes, encounter.held_since)) or self._clock(limit, encounter)
        cases = expired if clock.expired else live
        verdicts = self._verdicts.get((day.version, cases, clock.rule, day.slot_safe or day.day)) or self._verdicts_of(
            day, cases, clock.rule
        )
        steps = engine._next_steps(clock.hold, clock.steps, warrant.questions, verdicts.ruling)
        warnings = self._warnings.get((verdicts, day, warrant.warnings)) or self._warnings_of(verdicts, day, warrant)
        return b"".join((
            b'{"id": ', b"null" if encounter.id is None else _quoted(encounter.id).encode(), day.head, warrant.json,
            b', "actions": ', day.iso.join(verdicts.actions), b', "hold": ', clock.json, b', "next_steps": ', _json(steps),
            warnings, verdicts.tail,
        ))

    def _day(self, encounter: Encounter) -> _Day:
        found = self._packs.get(encounter.jurisdiction)
        if found is None:  # an unknown jurisdiction raises here, and is never remembered
            pack = engine.resolve_pack(encounter.jurisdiction)
            notice = engine.notice(pack)
            found = self._packs[encounter.jurisdiction] = (pack, _json(notice), _Slot.MARK not in pack.model_dump_json())
        day = _Day()
        day.pack, day.notice, day.slot_safe = found
        day.day = encounter.date or self.now.date()
        day.version = engine._version(day.pack, day.day)
        day.stretch = self._stretches.get(day.version) or self._stretches.setdefault(day.version, _Stretch(day.version))
        day.iso = day.day.isoformat().encode()
        day.head = (b', "jurisdiction": ' + _json(encounter.jurisdiction) + b', "date": "' + day.iso + b'", "policy": '
                    + _json(engine._policy(day.pack, day.version)) + b', "warrant": ')
        day.warnings = engine._date_warnings(day.pack, day.version, day.day)
        return self._days.put((encounter.jurisdiction, encounter.date), day)

    def _warrant(self, encounter: Encounter) -> _Warrant:
        found = _Warrant()
        warrant, reading, warnings = engine._warrant_from(encounter.warrant, self._reading(encounter.ncic_text))
        found.kind, found.cls, found.json = warrant["kind"], warrant["class"], _json(warrant)
        found.warnings = tuple(warnings)
        found.questions = tuple(engine._questions(reading, found.cls))
        if len(encounter.ncic_text or "") <= _LONG_TEXT:
            self._warrants.put((encounter.warrant, encounter.ncic_text), found)
        return found

    def _warnings_of(self, verdicts: _Verdicts, day: _Day, warrant: _Warrant) -> bytes:
        ruling = verdicts.ruling
        listed = engine._dedupe([*warrant.warnings, *ruling.warns, *day.warnings, *ruling.doubts])
        return self._warnings.put((verdicts, day, warrant.warnings), b', "warnings": ' + _json(listed))

    def _reading(self, text: Optional[str]):
        """The NCIC reading of `text` (None for no text), read once however many kinds are stated with it."""
        if not text:
            return None
        found = self._readings.get(text)
        if found is None:
            from .ncic import read_ncic

            found = read_ncic(text)
            if len(text) <= _LONG_TEXT:
                self._readings.put(text, found)
        return found

    def _clock(self, limit, encounter: Encounter) -> _Clock:
        found = _Clock()
        found.hold, found.steps = engine._clock(limit, encounter, self.now)  # a start in the future raises here
        found.json = _json(found.hold)
        found.expired = bool(found.hold and found.hold["expired"])
        found.rule = found.hold["rule"] if found.hold else None
        return self._clocks.put((limit, encounter.held_minutes, encounter.held_since), found)

    def _verdicts_of(self, day: _Day, cases: int, hold_rule) -> _Verdicts:
        found = _Verdicts()
        matched = [pair for i, pair in enumerate(day.version.cases) if cases >> i & 1]
        found.ruling = engine._rule_on(day.pack, _SLOT if day.slot_safe else day.day, matched, hold_rule)
        found.actions = _json(found.ruling.actions).split(_Slot.MARK.encode())
        cited = tuple(rule_id for rule_id, _ in found.ruling.cited)
        rules = self._rules.get((id(day.pack), cited)) or self._rules.put(
            (id(day.pack), cited), _json({rule_id: engine._rule_ref(rule) for rule_id, rule in found.ruling.cited})
        )
        found.tail = b', "rules": ' + rules + b', "notice": ' + day.notice + b"}\n"
        return self._verdicts.put((day.version, cases, hold_rule, day.slot_safe or day.day), found)

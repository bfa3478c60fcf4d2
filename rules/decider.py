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
import re
from bisect import bisect_left
from operator import itemgetter
from typing import Optional

from . import engine
from .models import Encounter
from .ncic import by_plan, fields_of, layout_plan, person_holes, shared_form

_text = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
_quoted = json.encoder.encode_basestring  # a str as JSON, as the encoder above writes it
_INNER = itemgetter(slice(1, -1))  # a JSON string without its quotes
_CAP = 16384  # entries per memo before it starts afresh (most a few hundred bytes; big pieces are shared)
_LONG_TEXT = 2048  # NCIC texts longer than this are read every time, not remembered
_CAP_SMALL = 256  # the same, for the pieces of one shared warrant or one set of verdicts
_MARK = "\ue001"  # stands for an offset while a shared warrant is cut into pieces
_HOLE, _HOLES = 0xE100, 256  # hole i of a shared warrant's fields is chr(_HOLE + i), for at most _HOLES values
_RESERVED = re.compile("([\ue001\ue100-\ue1ff])")  # a form holding one of these is not shared

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
    """One version (the pack on a stretch of dates) compiled to bitmask lookups.

    Each group's table maps a value to one mask: the cases it allows in the low bits, the hold
    rules above them. A record's mask is the AND of four lookups (Decider.pieces makes them; a
    value not yet in its table is `fill`ed); what it means (`results`: the cases before and
    after the hold expires, the hold limit and that limit's clocks) is worked out once per mask."""

    def __init__(self, version):
        self.version = version
        self.cases = [_by_group(case.when) for _, case in version.cases]
        self.holds = [_by_group(rule.hold.when) for rule in version.holds]
        self.tables = [_Memo() for _ in range(_GROUPS - 1)]
        self.expiry = [self._mask(4, {"hold_expired": expired}) for expired in (False, True)]
        self.results = _Memo()

    def _mask(self, group: int, facts: dict) -> int:
        cases = sum(1 << i for i, parts in enumerate(self.cases) if engine._holds(parts[group], facts))
        holds = sum(1 << i for i, parts in enumerate(self.holds) if engine._holds(parts[group], facts))
        return cases | holds << len(self.cases)

    def fill(self, kind: str, e: dict) -> int:
        keys = ((kind, e["dispatch_confirmed"]), e["custody"], e["role"], tuple(e["suspected_offenses"]))
        facts = engine._facts(kind, Encounter.model_construct(**e))
        mask = -1
        for group, key in enumerate(keys):
            found = self.tables[group].get(key)
            mask &= found if found is not None else self.tables[group].put(key, self._mask(group, facts))
        return mask

    def result(self, mask: int, clocks: dict):
        """What a mask means; `clocks` holds the clocks of each limit (Decider._clocks)."""
        cases, holds = mask & ((1 << len(self.cases)) - 1), mask >> len(self.cases)
        applying = [rule for i, rule in enumerate(self.version.holds) if holds >> i & 1]
        limit = min((r.hold.limit_minutes, r.id) for r in applying) if applying else None
        of_limit = clocks.setdefault(limit, _Memo())  # once per mask
        return self.results.put(mask, (cases & self.expiry[0], cases & self.expiry[1], limit, of_limit))


def _by_group(when: dict) -> list[dict]:
    parts: list[dict] = [{} for _ in range(_GROUPS)]
    for key, want in when.items():
        parts[GROUP_OF[key]][key] = want
    return parts


class _Day:
    """One (jurisdiction, date): the pack, its view and the decision's head up to the warrant."""

    __slots__ = ("pack", "version", "stretch", "day", "iso", "head", "warnings", "notice", "slot_safe")


class _Shape:
    """What every hit of one form (ncic.shared_form) shares, whatever kind is stated with it.

    A hit's warrant JSON is its stated kind's prefix (_Warrant.prefix), then the evidence (a
    head, from `template`: a %-template with a %d where each evidence offset goes, ending where
    the fields begin) with the hit's own offsets in it, then `fields` (the form's fields JSON, a
    %-template with a %s where each person value stands, in the order `order` picks them; None
    for the values' own order) with its own escaped values in it. An offset of the form moves
    by what the values that stand before it (`before`, from where each value's "x" stands,
    ncic.person_holes) add to the text. `heads` keeps the head per set of value lengths; where
    no offset falls between the first value and the last (`by_total`), an offset moves by all
    the values or by none, so `heads` is keyed by their total length."""

    __slots__ = ("template", "offsets", "before", "heads", "by_total", "fields", "order")

    def head(self, key, values: list) -> bytes:
        if len(self.heads) >= _CAP_SMALL:
            self.heads.clear()
        moved = [0]  # what the first i values add to the text: each stands for itself, not an "x"
        for value in values:
            moved.append(moved[-1] + len(value) - 1)
        self.heads[key] = head = self.template % tuple(offset + moved[i] for offset, i in zip(self.offsets, self.before))
        return head


class _Warrant:
    """A warrant as the decision states it: `json`. Where hits that differ only in the person
    share it, `json` is None and each hit's own is written from `prefix` (the JSON up to the
    evidence) and `shape` (see _Shape); `plan` is the plan of slashes the form was made by
    (ncic.by_plan)."""

    __slots__ = ("kind", "cls", "json", "advice", "prefix", "shape", "plan")

    def json_for(self, values: list) -> bytes:
        shape = self.shape
        joined = "".join(values)
        key = len(joined) if shape.by_total else tuple(map(len, values))
        head = shape.heads.get(key)
        if head is None:
            head = shape.head(key, values)
        # Nearly every name and date: nothing to escape. Control characters do not print (nor do a
        # few that JSON leaves alone: the escaping path writes those as they are).
        if joined.isprintable() and '"' not in joined and "\\" not in joined:
            escaped = tuple(values)
        else:  # JSON escapes character by character, so each value is escaped on its own
            escaped = tuple(map(_INNER, map(_quoted, values)))
        order = shape.order
        return self.prefix + head + (shape.fields % (escaped if order is None else order(escaped))).encode()


class _Advice:
    """What a warrant adds to a decision: its warnings and questions (one object per distinct pair)."""

    __slots__ = ("warnings", "questions")

    def __init__(self, warnings: tuple, questions: tuple):
        self.warnings, self.questions = warnings, questions


class _Clock:
    """One hold clock: its JSON as a piece of the line (up to the next steps), whether it has
    run out, its rule, and what it says first in the next steps (when holding is allowed,
    when not)."""

    __slots__ = ("piece", "expired", "rule", "says")


class _Say:
    """What a clock says first in the next steps: its step for the officer, if any, then its
    notes. One object per distinct list (Decider._say), so a part finds its steps by identity."""

    __slots__ = ("items",)

    def __init__(self, items: tuple):
        self.items = items


class _Verdicts:
    __slots__ = ("ruling", "actions", "on_day", "tail")  # tail: the rules cited and the notice, to the end of the line

    def actions_on(self, day: _Day) -> bytes:
        """The actions as JSON with the day where the ruling says it, up to the hold."""
        pieces = [piece for text in self.actions for piece in (text, day.iso)]
        pieces[-1] = b', "hold": '
        if len(self.on_day) >= _CAP_SMALL:  # capped like every memo, however many days the input spans
            self.on_day.clear()
        self.on_day[day] = b', "actions": ' + b"".join(pieces)
        return self.on_day[day]


class _Part:
    """The rest of a line for one day, set of verdicts and warrant advice: the actions (joined,
    up to the hold; shared by the parts of one day and set of verdicts), the next steps (per
    thing the clock says first) with the warnings after them, and the tail (rules cited,
    notice; shared by the set of verdicts). Few pieces per line, since each costs the writer,
    and the big ones shared, since each part kept costs memory."""

    __slots__ = ("actions", "holding", "steps", "warnings", "tail", "ruling", "questions")

    def steps_after(self, say: _Say, said) -> bytes:
        """The next steps as JSON (`said`, Decider._said), then the warnings: the steps are what
        the clock says first, the reader's questions, the cases' steps, each once
        (engine._next_steps)."""
        if len(self.steps) >= _CAP_SMALL:
            self.steps.clear()
        self.steps[say] = found = said((*say.items, *self.questions, *self.ruling.steps)) + self.warnings
        return found


PIECES = 7  # Decider.pieces gives each line in so many pieces


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
        self._forms = _Memo()
        self._shapes = _Memo()
        self._layouts: dict[int, tuple] = {}  # pieces between slashes -> the last plan made for so many (at most 2,049)
        self._readings = _Memo()
        self._advice = _Memo()
        self._verdicts = _Memo()
        self._rules = _Memo()
        self._parts = _Memo()
        self._clocks: dict = {}  # hold limit -> its clocks by the time held (held_minutes, or held_since where given)
        self._lists = _Memo()
        self._says = _Memo()

    def line(self, encounter: Encounter) -> bytes:
        """The decision as one JSON line in UTF-8; raises InputError/PackError as decide() does."""
        return b"".join(self.pieces(encounter.__dict__))

    def pieces(self, e: dict) -> tuple[bytes, ...]:
        """The line in pieces, most of them shared with other lines: joined, they are line().
        `e` holds every field of an Encounter by name: its __dict__, or a dict validated as one
        (cli.batch_jsonl reads lines straight to dicts). A batch writes the pieces as they are,
        with no copy of its own."""
        day = self._days.get((e["jurisdiction"], e["date"])) or self._day(e)
        stated, text = e["warrant"], e["ncic_text"]
        warrant = self._warrants.get((stated, text))
        if warrant is None:
            warrant, warrant_json = self._warrant_of(stated, text)
        else:
            warrant_json = warrant.json
        stretch = day.stretch
        t0, t1, t2, t3 = stretch.tables
        try:
            mask = t0[warrant.kind, e["dispatch_confirmed"]] & t1[e["custody"]] & t2[e["role"]] & t3[tuple(e["suspected_offenses"])]
        except KeyError:
            mask = stretch.fill(warrant.kind, e)
        live, expired, limit, clocks = stretch.results.get(mask) or stretch.result(mask, self._clocks)
        since = e["held_since"]
        held = e["held_minutes"] if since is None else since
        clock = clocks.get(held) or self._clock(limit, clocks, held, e)
        cases = expired if clock.expired else live
        part = self._parts.get((day, cases, clock.rule, warrant.advice)) or self._part(day, cases, clock.rule, warrant)
        say = clock.says[part.holding]
        steps = part.steps.get(say) or part.steps_after(say, self._said)
        return (
            b'{"id": null' if e["id"] is None else ('{"id": ' + _quoted(e["id"])).encode(), day.head, warrant_json,
            part.actions, clock.piece, steps, part.tail,
        )

    def _day(self, e: dict) -> _Day:
        jurisdiction = e["jurisdiction"]
        found = self._packs.get(jurisdiction)
        if found is None:  # an unknown jurisdiction raises here, and is never remembered
            pack = engine.resolve_pack(jurisdiction)
            notice = engine.notice(pack)
            found = self._packs[jurisdiction] = (pack, _json(notice), _Slot.MARK not in pack.model_dump_json())
        day = _Day()
        day.pack, day.notice, day.slot_safe = found
        day.day = e["date"] or self.now.date()
        day.version = engine._version(day.pack, day.day)
        day.stretch = self._stretches.get(day.version) or self._stretches.setdefault(day.version, _Stretch(day.version))
        day.iso = day.day.isoformat().encode()
        day.head = (b', "jurisdiction": ' + _json(jurisdiction) + b', "date": "' + day.iso + b'", "policy": '
                    + _json(engine._policy(day.pack, day.version)) + b', "warrant": ')
        day.warnings = engine._date_warnings(day.pack, day.version, day.day)
        return self._days.put((jurisdiction, e["date"]), day)

    def _warrant_of(self, stated: Optional[str], text: Optional[str]) -> tuple[_Warrant, bytes]:
        """The warrant for a stated kind and NCIC text, and its JSON for this record."""
        if text and len(text) <= _LONG_TEXT:
            pieces = text.split("/")
            plan = self._layouts.get(len(pieces))
            if plan is not None:  # the last plan for this many slashes, tried first: hits of a batch share a few layouts
                form, values = by_plan(pieces, plan)
                shared = self._forms.get((stated, form)) if values else None
                if shared and shared.plan == plan:  # a form this plan gave: the hit's own plan (ncic.by_plan)
                    return shared, shared.json_for(values)
                pieces = text.split("/")
            plan = layout_plan(pieces)
            if plan is None:
                form, values = shared_form(text)
            else:
                self._layouts[len(pieces)] = plan
                form, values = by_plan(pieces, plan)
            if values:  # a hit naming a person: its form is read once, each record adds its own parts
                shared = self._forms.get((stated, form))
                if shared is None:
                    shared = self._forms.put((stated, form), self._shared(stated, form, plan))
                if shared:
                    return shared, shared.json_for(values)
        found, warrant = self._warrant(stated, self._reading(text))
        found.json = _json(warrant)
        if len(text or "") <= _LONG_TEXT:
            self._warrants.put((stated, text), found)
        return found, found.json

    def _shared(self, stated: Optional[str], form: str, plan) -> _Warrant | bool:
        """The shared warrant of a form made by `plan`, or False when evidence reaches into a person's value."""
        shape = self._shapes.get(form)
        if shape is None:
            shape = self._shapes.put(form, self._shape_of(form))
        if not shape:
            return False
        found, warrant = self._warrant(stated, self._reading(form))
        del warrant["fields"]
        warrant["evidence"] = _MARK
        prefix, _, after = _json(warrant)[:-1].partition(_json(_MARK))
        if after:  # the evidence is not the last before the fields: this form is not shared
            return False
        found.json, found.prefix, found.shape, found.plan = None, prefix, shape, plan
        return found

    def _shape_of(self, form: str) -> _Shape | bool:
        """What the hits of a form share (see _Shape), whatever kind is stated with it; False
        when it cannot be shared."""
        stands = person_holes(form)
        reading = self._reading(form)
        if not stands or len(stands) > _HOLES or _RESERVED.search(form) or any(
            e["start"] <= at < e["end"] for e in reading.evidence for at in stands
        ):
            return False
        shape = _Shape()
        # The form's fields with hole i where value i stands, cut at the holes (JSON escapes a
        # text character by character, so each value's escaped text fits between the pieces).
        holed = list(form)
        for i, at in enumerate(stands):
            holed[at] = chr(_HOLE + i)
        cut = _RESERVED.split(_text(fields_of("".join(holed))) + "}")
        order = [ord(hole) - _HOLE for hole in cut[1::2]]
        shape.fields = "%s".join(piece.replace("%", "%%") for piece in cut[::2])
        shape.order = None if order == sorted(order) else itemgetter(*order)
        evidence = engine._evidence(reading)
        shape.offsets = [offset for e in evidence for offset in (e["start"], e["end"])]
        pieces = _json([{**e, "start": _MARK, "end": _MARK} for e in evidence]).split(_json(_MARK))
        shape.template = b"%d".join(piece.replace(b"%", b"%%") for piece in pieces) + b', "fields": '
        shape.before = [bisect_left(stands, offset) for offset in shape.offsets]  # the "x"s that stand before each offset
        shape.by_total = all(offset <= stands[0] or offset > stands[-1] for offset in shape.offsets)
        shape.heads = {}
        return shape

    def _warrant(self, stated: Optional[str], reading) -> tuple[_Warrant, dict]:
        """The warrant (its `json` still to set) and the contract's warrant object it stands for."""
        found = _Warrant()
        warrant, reading, warnings = engine._warrant_from(stated, reading)
        found.kind, found.cls = warrant["kind"], warrant["class"]
        said = (tuple(warnings), tuple(engine._questions(reading, found.cls)))
        found.advice = self._advice.get(said) or self._advice.put(said, _Advice(*said))
        return found, warrant

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

    def _clock(self, limit, clocks: _Memo, held, e: dict) -> _Clock:
        found = _Clock()
        hold, notes = engine._clock(limit, e["held_minutes"], e["held_since"], self.now)  # a start in the future raises here
        found.piece = _json(hold) + b', "next_steps": '
        found.expired = bool(hold and hold["expired"])
        found.rule = hold["rule"] if hold else None
        found.says = tuple(self._say((*engine._hold_step(hold, detain), *notes)) for detain in ("permitted", "prohibited"))
        return clocks.put(held, found)

    def _part(self, day: _Day, cases: int, hold_rule, warrant: _Warrant) -> _Part:
        verdicts = self._verdicts.get((day.version, cases, hold_rule, day.slot_safe or day.day)) or self._verdicts_of(
            day, cases, hold_rule
        )
        ruling = verdicts.ruling
        warnings, questions = warrant.advice.warnings, warrant.advice.questions
        found = _Part()
        found.ruling, found.questions = ruling, questions
        found.actions = verdicts.on_day.get(day) or verdicts.actions_on(day)
        found.holding = int(ruling.actions["detain"]["verdict"] == "prohibited")
        found.steps = {}
        listed = self._said((*warnings, *ruling.warns, *day.warnings, *ruling.doubts))
        found.warnings, found.tail = b', "warnings": ' + listed, verdicts.tail
        return self._parts.put((day, cases, hold_rule, warrant.advice), found)

    def _say(self, items: tuple) -> _Say:
        return self._says.get(items) or self._says.put(items, _Say(items))

    def _said(self, items: tuple) -> bytes:
        """`items` as a JSON list, each said once in order. Parts are many (one per day, set of
        verdicts, clock rule and advice) but what they say is a few hundred lists."""
        found = self._lists.get(items)
        return found if found is not None else self._lists.put(items, _json(engine._dedupe(items)))

    def _verdicts_of(self, day: _Day, cases: int, hold_rule) -> _Verdicts:
        found = _Verdicts()
        matched = [pair for i, pair in enumerate(day.version.cases) if cases >> i & 1]
        found.ruling = engine._rule_on(day.pack, _SLOT if day.slot_safe else day.day, matched, hold_rule)
        found.actions = _json(found.ruling.actions).split(_Slot.MARK.encode())
        found.on_day = {}
        cited = tuple(rule_id for rule_id, _ in found.ruling.cited)
        rules = self._rules.get((id(day.pack), cited)) or self._rules.put(
            (id(day.pack), cited), _json({rule_id: engine._rule_ref(rule) for rule_id, rule in found.ruling.cited})
        )
        found.tail = b', "rules": ' + rules + b', "notice": ' + day.notice + b"}\n"
        return self._verdicts.put((day.version, cases, hold_rule, day.slot_safe or day.day), found)

"""What changed for an officer between two dates in one pack.

Two parts: the rules that came into or went out of force (or whose cases did), and the
verdicts that changed over a representative set of encounters. The set is a grid over the
facts the pack's rules test: every warrant kind and custody, dispatch confirmed or not, and
for role and offences the values some rule names plus one that none does (values no rule
names all decide alike). Offences come one at a time, so a change that needs two offences
together is not found; the hold clock is tried before and after the pack's longest limit.
"""

from __future__ import annotations

import datetime as dt
import itertools

from .engine import _rule_words, decide
from .i18n import DEFAULT_LANG
from .models import Encounter
from .packs import Pack, Rule
from .vocab import ACTIONS, CUSTODY, OFFENSES, ROLES, WARRANT_KINDS


def diff_pack(pack: Pack, before: dt.date, after: dt.date, lang: str = DEFAULT_LANG) -> dict:
    """Rule and verdict changes from `before` to `after`, JSON-ready; titles and reasons in `lang`."""
    return {
        "pack": pack.id,
        "from": before.isoformat(),
        "to": after.isoformat(),
        "rules": _rule_changes(pack, before, after, lang),
        "verdicts": _verdict_changes(pack, before, after, lang),
    }


def _rule_changes(pack: Pack, before: dt.date, after: dt.date, lang: str) -> dict:
    def ref(rule: Rule) -> dict:
        return {"id": rule.id, "title": _rule_words(pack, rule, "title", lang), "layer": rule.layer,
                "effective_from": rule.effective_from.isoformat(),
                "effective_to": rule.effective_to.isoformat() if rule.effective_to else None}

    came = [ref(r) for r in pack.rules if r.in_force(after) and not r.in_force(before)]
    went = [ref(r) for r in pack.rules if r.in_force(before) and not r.in_force(after)]
    changed = [ref(r) for r in pack.rules if r.in_force(before) and r.in_force(after)
               and r.cases_in_force(before) != r.cases_in_force(after)]
    return {"came_into_force": came, "went_out_of_force": went, "cases_changed": changed}


def representative_axes(pack: Pack) -> dict[str, list]:
    """The values each encounter fact takes in the grid (see the module docstring)."""
    named: dict[str, set] = {}
    for rule in pack.rules:
        for when in [c.when for c in rule.cases] + ([rule.hold.when] if rule.hold else []):
            for key, value in when.items():
                if isinstance(value, list):
                    named.setdefault(key, set()).update(value)
    offenses = _named_plus_one(OFFENSES, named.get("offenses_any", set()) | named.get("offenses_none", set()))
    limits = [r.hold.limit_minutes for r in pack.rules if r.hold]
    return {
        "warrant": list(WARRANT_KINDS),
        "custody": list(CUSTODY),
        "dispatch_confirmed": [False, True],
        "role": _named_plus_one(ROLES, named.get("role", set())),
        "suspected_offenses": [[]] + [[o] for o in offenses],
        "held_minutes": [5.0] + ([max(limits) + 1] if limits else []),
    }


def _named_plus_one(values: tuple, named: set) -> list:
    unnamed = [v for v in values if v not in named]
    return [v for v in values if v in named] + unnamed[:1]


def _verdict_changes(pack: Pack, before: dt.date, after: dt.date, lang: str) -> dict:
    axes = representative_axes(pack)
    now = dt.datetime.combine(after, dt.time(12), tzinfo=dt.timezone.utc)
    groups: dict[tuple, list] = {}
    grid = list(itertools.product(*axes.values()))
    for combo in grid:
        facts = dict(zip(axes, combo, strict=True))
        old, new = (decide(Encounter(jurisdiction=pack.id, date=day, **facts), now=now, pack=pack, lang=lang)["actions"]
                    for day in (before, after))
        for action in ACTIONS:
            a, b = old[action], new[action]
            if a["verdict"] != b["verdict"]:
                key = (action, a["verdict"], b["verdict"], tuple(a["rules"]), tuple(b["rules"]))
                groups.setdefault(key, []).append((facts, b["reason"]))
    out = [
        {"action": action, "from": v0, "to": v1, "rules_from": list(r0), "rules_to": list(r1),
         "encounters": len(members), "where": _where(axes, [f for f, _ in members]), "reason": members[0][1]}
        for (action, v0, v1, r0, r1), members in groups.items()
    ]
    return {"encounters_tried": len(grid),
            "changes": sorted(out, key=lambda g: (ACTIONS.index(g["action"]), -g["encounters"]))}


def _where(axes: dict, members: list[dict]) -> dict[str, list]:
    """For each fact, the values the group spans, when they are not all of the grid's."""
    where = {}
    for axis, values in axes.items():
        seen = [v for v in values if any(m[axis] == v for m in members)]
        if len(seen) < len(values):
            where[axis] = [", ".join(v) or "none" if isinstance(v, list) else v for v in seen]
    return where

"""The trace of one decision, like OpenFisca's --verbose or Catala's --trace.

Every rule of the pack: whether it was in force on the date; each case: whether it was in
force and which of its conditions held; each action: the cases that spoke to it and why one
prevailed (an override, the pack's layer order, agreement) or why none did (a conflict, or no
rule at all). It is built from the engine's own pieces (the version in force, the condition
test, the merge of verdicts) and its verdicts are tested against decide() on every action.
`lang` words what a person reads (titles, `why`, `how`); JSON asks for English, its contract.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from .engine import _holds, _merge, _rule_words, _version, _word, decide, resolve_pack
from .i18n import DEFAULT_LANG, tr
from .models import Encounter
from .packs import Case, Pack, Rule
from .vocab import ACTIONS


def explain(encounter: Encounter, *, now: dt.datetime, on: Optional[dt.date] = None, pack: Optional[Pack] = None,
            lang: str = DEFAULT_LANG) -> dict:
    """The decision's trace as a JSON-ready dict, its human words in `lang`."""
    pack = pack or resolve_pack(encounter.jurisdiction)
    decision = decide(encounter, now=now, on=on, pack=pack, lang=lang)
    day = dt.date.fromisoformat(decision["date"])
    facts = _facts(encounter, decision)
    version = _version(pack, day)
    live = {id(case) for _, case in version.cases}
    candidates: dict[str, list] = {a: [] for a in ACTIONS}
    for rule, case in version.cases:
        if _holds(case.when, facts):
            number = next(i for i, c in enumerate(rule.cases, 1) if c is case)
            for action, verdict in case.then.items():
                candidates[action].append((rule, number, verdict))
    return {
        "id": decision["id"],
        "jurisdiction": decision["jurisdiction"],
        "date": decision["date"],
        "policy": decision["policy"],
        "warrant": {k: decision["warrant"][k] for k in ("kind", "class", "from")},
        "facts": {k: sorted(v) if isinstance(v, frozenset) else v for k, v in facts.items()},
        "rules": [_rule_trace(rule, day, facts, live, _rule_words(pack, rule, "title", lang)) for rule in pack.rules],
        "hold": decision["hold"],
        "actions": {a: {**_settled(candidates[a], pack, lang), "reason": decision["actions"][a]["reason"]} for a in ACTIONS},
    }


def _facts(encounter: Encounter, decision: dict) -> dict:
    """The facts the cases test, with the warrant and the clock as the decision read them."""
    warrant, offenses = decision["warrant"], frozenset(encounter.suspected_offenses)
    return dict(
        warrant_kind=warrant["kind"],
        warrant_class=warrant["class"],
        custody=encounter.custody,
        role=encounter.role,
        dispatch_confirmed=encounter.dispatch_confirmed,
        criminal_confirmed=warrant["class"] == "criminal" and encounter.dispatch_confirmed,
        offenses=offenses,
        has_offense=bool(offenses),
        hold_expired=bool(decision["hold"] and decision["hold"]["expired"]),
    )


def _rule_trace(rule: Rule, day: dt.date, facts: dict, live: set, title: str) -> dict:
    hold = None
    if rule.hold is not None:
        conditions = _conditions(rule.hold.when, facts)
        hold = {
            "limit_minutes": rule.hold.limit_minutes,
            "conditions": conditions,
            "holds": rule.in_force(day) and all(c["holds"] for c in conditions),
        }
    return {
        "id": rule.id,
        "title": title,
        "layer": rule.layer,
        "effective_from": rule.effective_from.isoformat(),
        "effective_to": rule.effective_to.isoformat() if rule.effective_to else None,
        "in_force": rule.in_force(day),
        "cases": [_case_trace(i, case, facts, id(case) in live) for i, case in enumerate(rule.cases, 1)],
        "hold": hold,
    }


def _case_trace(number: int, case: Case, facts: dict, in_force: bool) -> dict:
    conditions = _conditions(case.when, facts)
    return {
        "case": number,
        "in_force": in_force,
        "effective_from": case.effective_from.isoformat() if case.effective_from else None,
        "effective_to": case.effective_to.isoformat() if case.effective_to else None,
        "conditions": conditions,
        "holds": in_force and all(c["holds"] for c in conditions),
        "then": dict(case.then),
    }


def _conditions(when: dict, facts: dict) -> list[dict]:
    """Each condition on its own, tested by the engine's own test."""
    return [
        {
            "fact": key,
            "wants": want,
            "is": sorted(facts["offenses"]) if key.startswith("offenses_") else facts[key],
            "holds": _holds({key: want}, facts),
        }
        for key, want in when.items()
    ]


def _settled(candidates: list, pack: Pack, lang: str) -> dict:
    """How one action was settled: each speaking case's part, the verdict and its rules."""
    if not candidates:
        return {"verdict": "ask-supervisor", "rules": [], "how": tr(lang, "explain.how_no_rule"), "candidates": []}
    overriders: dict[str, list[str]] = {}
    for rule, _, _ in candidates:
        for other in rule.overrides:
            overriders.setdefault(other, []).append(rule.id)
    rank = {layer: i for i, layer in enumerate(pack.prevails)}
    live = [c for c in candidates if c[0].id not in overriders]
    top = min(rank[rule.layer] for rule, _, _ in live)
    winners = [c for c in live if rank[c[0].layer] == top]
    verdict = _merge(winners)
    rows = []
    for rule, number, says in candidates:
        layer = _word(lang, "layers", rule.layer)
        if rule.id in overriders:
            status, why = "overridden", tr(lang, "explain.overridden", by=", ".join(overriders[rule.id]))
        elif rank[rule.layer] > top:
            status, why = "outranked", tr(lang, "explain.outranked", top=_word(lang, "layers", pack.prevails[top]), layer=layer)
        elif verdict is None:
            status, why = "conflicts", tr(lang, "explain.conflicts")
        elif says == verdict:
            status = "decides"
            why = tr(lang, "explain.decides_alone", layer=layer) if len(winners) == 1 else tr(lang, "explain.decides_with", layer=layer)
        else:
            status, why = "joins", tr(lang, "explain.joins", says=_word(lang, "verdicts", says), verdict=_word(lang, "verdicts", verdict))
        rows.append({"rule": rule.id, "case": number, "layer": rule.layer, "says": says, "status": status, "why": why})
    how = [
        word
        for word, applies in (
            (tr(lang, "explain.how_override"), len(live) < len(candidates)),
            (tr(lang, "explain.how_layer_order"), len(winners) < len(live)),
            (tr(lang, "explain.how_conflict"), verdict is None),
            (tr(lang, "explain.how_agreement"), verdict is not None and len(winners) > 1),
        )
        if applies
    ] or [tr(lang, "explain.how_one_rule")]
    rules = list(dict.fromkeys(rule.id for rule, _, _ in winners))
    return {"verdict": verdict or "ask-supervisor", "rules": rules, "how": ", ".join(how), "candidates": rows}

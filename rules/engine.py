"""evaluate(): from an encounter and a date to what the pack requires, permits and prohibits.

The engine knows no jurisdiction. It picks the pack's rules in force on the date, reads the
warrant, computes the hold clock, applies every case whose conditions hold, and settles each
action: explicit overrides first, then the pack's stated layer order, and where rules of the
same rank disagree, `ask-supervisor` naming both. An action no rule decides is
`ask-supervisor` too, so every action always has an answer.

`lang` words the decision's human text (reasons, steps, warnings, the rules' titles and texts)
from the pack translations and the core catalog; keys and verdict values stay English.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from typing import TYPE_CHECKING, NamedTuple, Optional

from .errors import InputError, PackError
from .hold import elapsed_minutes, hold_state
from .i18n import DEFAULT_LANG, tr
from .models import Encounter
from .packs import Pack, Rule
from .registry import find_pack
from .vocab import ACTIONS, CLASS_OF_KIND, LAYER_WORDS

if TYPE_CHECKING:
    from .decision import Decision


def notice(pack: Pack, lang: str = DEFAULT_LANG) -> str:
    return tr(lang, "engine.notice", name=pack.name, reviewed=pack.reviewed.isoformat())


def evaluate(
    encounter: Encounter,
    *,
    now: dt.datetime,
    on: Optional[dt.date] = None,
    pack: Optional[Pack] = None,
    lang: str = DEFAULT_LANG,
) -> Decision:
    """Decide one encounter. `now` is the caller's clock (aware); `on` overrides the date."""
    from .decision import Decision  # on first use: the CLI never validates a decision

    return Decision.model_validate(decide(encounter, now=now, on=on, pack=pack, lang=lang))


def resolve_pack(pack_id: str) -> Pack:
    """The jurisdiction's pack from the active registry: built-in, or loaded with --pack."""
    try:
        return find_pack(pack_id)
    except PackError as exc:
        if exc.source == pack_id:
            raise InputError("jurisdiction", f"unknown jurisdiction {pack_id!r}; {exc.problems[0].split('; ')[-1]}") from None
        raise


def decide(
    encounter: Encounter,
    *,
    now: dt.datetime,
    on: Optional[dt.date] = None,
    pack: Optional[Pack] = None,
    lang: str = DEFAULT_LANG,
) -> dict:
    """The decision as a JSON-ready dict in the contract's shape (see Decision), its human
    text in `lang` (JSON output always asks for English: it is an interface)."""
    if now.tzinfo is None:
        raise ValueError("now must carry a UTC offset")
    pack = pack or resolve_pack(encounter.jurisdiction)
    day = on or encounter.date or now.date()
    warrant, reading, warrant_warnings = _warrant(encounter, lang)
    version = _version(pack, day)
    facts = _facts(warrant["kind"], encounter)
    hold, hold_steps = _clock(_hold_limit(version, facts), encounter.held_minutes, encounter.held_since, now, lang)
    facts["hold_expired"] = bool(hold and hold["expired"])
    matched = [(rule, case) for rule, case in version.cases if _holds(case.when, facts)]
    ruling = _rule_on(pack, day, matched, hold["rule"] if hold else None, lang)
    return {
        "id": encounter.id,
        "jurisdiction": encounter.jurisdiction,
        "date": day.isoformat(),
        "policy": _policy(pack, version),
        "warrant": warrant,
        "actions": ruling.actions,
        "hold": hold,
        "next_steps": _next_steps(hold, hold_steps, _questions(reading, warrant["class"]), ruling, lang),
        "warnings": _dedupe(warrant_warnings + ruling.warns + _date_warnings(pack, version, day, lang) + ruling.doubts),
        "rules": {rule_id: _rule_ref(rule, pack, lang) for rule_id, rule in ruling.cited},
        "notice": notice(pack, lang),
    }


def _facts(kind: str, encounter: Encounter) -> dict:
    """The facts a case may test; `hold_expired` is added once the clock is known."""
    warrant_class = CLASS_OF_KIND[kind]
    return {
        "warrant_kind": kind,
        "warrant_class": warrant_class,
        "custody": encounter.custody,
        "role": encounter.role,
        "dispatch_confirmed": encounter.dispatch_confirmed,
        "criminal_confirmed": warrant_class == "criminal" and encounter.dispatch_confirmed,
        "offenses": frozenset(encounter.suspected_offenses),
        "has_offense": bool(encounter.suspected_offenses),
    }


class _Ruling(NamedTuple):
    """What the cases that apply decide: a function of the pack, the day and those cases only."""

    actions: dict
    steps: list[str]
    warns: list[str]  # the cases' own warnings
    doubts: list[str]  # rules of low confidence behind a verdict
    cited: list[tuple[str, Rule]]  # every rule the decision names, in rule-id order


def _rule_on(pack: Pack, day, matched: list, hold_rule: Optional[str], lang: str = DEFAULT_LANG) -> _Ruling:
    """Settle every action from the matched (rule, case) pairs."""
    candidates: dict[str, list] = {a: [] for a in ACTIONS}
    steps: list[str] = []
    warns: list[str] = []
    cited: dict[str, Rule] = {}
    for rule, case in matched:
        for action, verdict in case.then.items():
            candidates[action].append((rule, case, verdict))
        steps.extend(_case_words(pack, rule, case, "steps", lang) or ())
        if case.warn:
            warns.append(tr(lang, "engine.case_warn", rule=rule.id, warn=_case_words(pack, rule, case, "warn", lang)))
            cited[rule.id] = rule
    actions = {action: _settle(candidates[action], pack, day, lang) for action in ACTIONS}
    for answer in actions.values():
        for rule_id in answer["rules"]:
            cited[rule_id] = pack.rule(rule_id)
    if hold_rule:
        cited[hold_rule] = pack.rule(hold_rule)
    doubts = [
        tr(lang, "engine.low_confidence", rule=r.id)
        for r in cited.values()
        if r.confidence == "low" and any(r.id in a["rules"] for a in actions.values())
    ]
    return _Ruling(actions, steps, warns, doubts, [(rule_id, cited[rule_id]) for rule_id in sorted(cited, key=_rule_sort_key)])


def _policy(pack: Pack, version: "_Version") -> dict:
    return {
        "pack": pack.id,
        "name": pack.name,
        "version": pack.version,
        "effective_from": version.effective_from.isoformat() if version.effective_from else None,
        "reviewed": pack.reviewed.isoformat(),
    }


def _questions(reading, warrant_class: str) -> list[str]:
    """The reader's questions for dispatch, when there is a warrant to ask about."""
    return reading.questions if reading and warrant_class != "none" else []


def _next_steps(hold: Optional[dict], hold_steps: list[str], questions: list[str], ruling: _Ruling,
                lang: str = DEFAULT_LANG) -> list[str]:
    """The clock's step first, then the reader's questions, then the cases' steps."""
    return _dedupe(_hold_step(hold, ruling.actions["detain"]["verdict"], lang) + hold_steps + list(questions) + ruling.steps)


class _Version:
    """The cases and hold limits of one pack in force on one day."""

    def __init__(self, pack: Pack, day: dt.date):
        self.cases = []
        self.holds = []
        starts = []
        for rule in pack.rules:
            if not rule.in_force(day):
                continue
            if rule.layer != "safeguard":  # the fail-safe is always on; it is not a policy version
                starts.append(rule.effective_from)
            if rule.hold:
                self.holds.append(rule)
            for case in rule.cases:
                start = case.effective_from or rule.effective_from
                end = case.effective_to or rule.effective_to
                if start <= day and (end is None or day <= end):
                    self.cases.append((rule, case))
        self.effective_from = max(starts) if starts else None


def _version(pack: Pack, day: dt.date) -> _Version:
    """The pack's view on `day`, shared by every day of the stretch in which no rule or case
    starts or ends, so the cache stays as small as the pack however many dates are asked."""
    cache = pack._versions
    bounds = cache.get("bounds")
    if bounds is None:
        bounds = cache["bounds"] = _bounds(pack)
    stretch = bisect_right(bounds, day)
    version = cache.get(stretch)
    if version is None:
        version = cache[stretch] = _Version(pack, day)
    return version


def _bounds(pack: Pack) -> list[dt.date]:
    """Every day on which a rule or a case comes into force or has just left it."""
    days = set()
    for rule in pack.rules:
        for start, end in [(rule.effective_from, rule.effective_to)] + [(c.effective_from, c.effective_to) for c in rule.cases]:
            if start:
                days.add(start)
            if end and end < dt.date.max:
                days.add(end + dt.timedelta(days=1))
    return sorted(days)


def _warrant(encounter: Encounter, lang: str = DEFAULT_LANG):
    """The warrant reading: stated kind, else the NCIC text's, else unknown; fail-safe on conflict."""
    reading = None
    if encounter.ncic_text:
        from .ncic import read_ncic  # the marker tables load only when there is text to read

        reading = read_ncic(encounter.ncic_text, lang)
    return _warrant_from(encounter.warrant, reading, lang)


def _warrant_from(stated: Optional[str], reading, lang: str = DEFAULT_LANG):
    """_warrant for a stated kind (or None) and the NCIC text's reading (or None)."""
    warnings: list[str] = []
    if stated:
        kind, source = stated, "stated"
        if reading and reading.warrant_class not in ("unknown", CLASS_OF_KIND[kind]):
            warnings.append(tr(lang, "engine.ncic_conflict", read=_word(lang, "warrant_kinds", reading.kind),
                               cls=_word(lang, "warrant_classes", reading.warrant_class),
                               kind=_word(lang, "warrant_kinds", kind)))
            if CLASS_OF_KIND[kind] == "criminal":
                kind = "unknown"
                warnings.append(tr(lang, "engine.fail_safe"))
    elif reading:
        kind, source = reading.kind, "ncic_text"
        if kind == "unknown":
            warnings.append(tr(lang, "engine.ncic_unknown", summary=reading.summary))
    else:
        kind, source = "unknown", "default"
    warrant = {
        "kind": kind,
        "class": CLASS_OF_KIND[kind],
        "from": source,
        "evidence": _evidence(reading) if reading else [],
        "fields": reading.fields if reading else {},
    }
    return warrant, reading, warnings


def _evidence(reading) -> list[dict]:
    """The contract's evidence list of an NCIC reading."""
    return [{k: e[k] for k in ("text", "start", "end", "means", "points")} for e in reading.evidence]


def _hold_limit(version: _Version, facts: dict) -> Optional[tuple[float, str]]:
    """The shortest hold limit whose conditions hold, with its rule id; None when none does."""
    limits = [(r.hold.limit_minutes, r.id) for r in version.holds if _holds(r.hold.when, facts)]
    return min(limits) if limits else None


def _clock(limit: Optional[tuple[float, str]], held_minutes: Optional[float], held_since: Optional[dt.datetime],
           now: dt.datetime, lang: str = DEFAULT_LANG):
    """The contract's hold object under `limit` (None when there is no clock) and its steps,
    from an encounter's two clocks (at most one given)."""
    elapsed = elapsed_minutes(held_minutes, held_since, now)
    if limit is None and elapsed is None:
        return None, []
    limit_minutes, rule_id = limit or (None, None)
    steps = []
    if elapsed is None:
        elapsed = 0.0
        steps.append(tr(lang, "engine.note_start"))
    return hold_state(limit_minutes, elapsed, rule_id), steps


def _hold_step(hold: Optional[dict], detain: str, lang: str = DEFAULT_LANG) -> list[str]:
    """What the clock means for the officer, given the verdict on holding the person."""
    if not hold or hold["limit_minutes"] is None:
        return []
    limit = f"{hold['limit_minutes']:g}"
    if hold["expired"]:
        return [tr(lang, "engine.hold_reached", limit=limit, rule=hold["rule"])]
    if detain == "prohibited":
        return [tr(lang, "engine.no_basis")]
    return [tr(lang, "engine.hold_left", left=f"{hold['remaining_minutes']:g}", limit=limit, rule=hold["rule"])]


def _holds(when: dict, facts: dict) -> bool:
    for key, want in when.items():
        if key == "offenses_any":
            if facts["offenses"].isdisjoint(want):
                return False
        elif key == "offenses_none":
            if not facts["offenses"].isdisjoint(want):
                return False
        elif isinstance(want, bool):
            if facts[key] is not want:
                return False
        elif facts[key] not in want:
            return False
    return True


_COMPATIBLE = {
    frozenset({"required", "permitted"}): "required",
    frozenset({"prohibited", "ask-supervisor"}): "prohibited",
    frozenset({"permitted", "ask-supervisor"}): "ask-supervisor",
    frozenset({"required", "ask-supervisor"}): "ask-supervisor",
    frozenset({"required", "permitted", "ask-supervisor"}): "ask-supervisor",
}


def _settle(candidates: list, pack: Pack, day: dt.date, lang: str = DEFAULT_LANG) -> dict:
    """One verdict for one action from the cases that apply (see module docstring)."""
    if not candidates:
        return {"verdict": "ask-supervisor", "rules": [], "reason": tr(lang, "engine.no_rule", day=day.isoformat())}
    overridden = {other for rule, _, _ in candidates for other in rule.overrides}
    live = [c for c in candidates if c[0].id not in overridden]
    top = min(pack.prevails.index(rule.layer) for rule, _, _ in live)
    winners = [c for c in live if pack.prevails.index(c[0].layer) == top]
    verdict = _merge(winners)
    rules = _dedupe([rule.id for rule, _, _ in winners])
    if verdict is None:
        return {"verdict": "ask-supervisor", "rules": rules, "reason": tr(lang, "engine.disagree", said=_said(winners, lang))}
    rule, case, _ = next(c for c in winners if c[2] == verdict)
    reason = (_case_words(pack, rule, case, "reason", lang) if case.reason else None) or _rule_words(pack, rule, "text", lang)
    also = [r for r in rules if r != rule.id]
    if also:
        reason += tr(lang, "engine.also", rules=", ".join(also))
    beaten = [c for c in candidates if c not in winners and c[2] != verdict]
    if beaten:
        reason += tr(lang, "engine.prevails", said=_said(beaten, lang))
    return {"verdict": verdict, "rules": rules, "reason": reason}


def _said(candidates: list, lang: str) -> str:
    """What each (rule, case, verdict) says, in one line."""
    return "; ".join(tr(lang, "engine.says", rule=r.id, layer=_word(lang, "layers", r.layer), verdict=_word(lang, "verdicts", v))
                     for r, _, v in candidates)


def _word(lang: str, section: str, value: str) -> str:
    """A closed-vocabulary value as `lang` words it; English keeps the contract's own words."""
    if lang == DEFAULT_LANG:
        return LAYER_WORDS[value] if section == "layers" else value
    from .translations import vocabulary

    return vocabulary(lang)[section][value]


def _case_words(pack: Pack, rule: Rule, case, field: str, lang: str):
    """A case's reason, steps or warn in `lang`, falling back to the pack's English."""
    own = getattr(case, field)
    if lang == DEFAULT_LANG:
        return own
    from .translations import text_of

    number = next(n for n, c in enumerate(rule.cases, 1) if c is case)
    return text_of(pack, rule.id, field, lang, case=number, pack_file=_pack_file(pack)) or own


def _rule_words(pack: Pack, rule: Rule, field: str, lang: str):
    """A rule's title, text or summary in `lang` (None for an English summary)."""
    if lang == DEFAULT_LANG:
        return None if field == "summary" else getattr(rule, field)
    from .translations import text_of

    found = text_of(pack, rule.id, field, lang, pack_file=_pack_file(pack))
    return found or (None if field == "summary" else getattr(rule, field))


def _pack_file(pack: Pack):
    from .registry import active_registry

    try:
        return active_registry().path(pack.id)
    except PackError:
        return None


def _merge(cases: list) -> Optional[str]:
    verdicts = frozenset(v for _, _, v in cases)
    if len(verdicts) == 1:
        return next(iter(verdicts))
    return _COMPATIBLE.get(verdicts)


def _date_warnings(pack: Pack, version: _Version, day: dt.date, lang: str = DEFAULT_LANG) -> list[str]:
    out = []
    if version.effective_from is None:
        out.append(tr(lang, "engine.no_rule_in_force", name=pack.name, day=day.isoformat()))
    if day > pack.reviewed:
        out.append(tr(lang, "engine.after_review", day=day.isoformat(), reviewed=pack.reviewed.isoformat()))
    return out


def _rule_ref(rule: Rule, pack: Optional[Pack] = None, lang: str = DEFAULT_LANG) -> dict:
    """A cited rule as the decision shows it; in another language, with a `summary` of its quote."""
    words = {"title": rule.title, "text": rule.text}
    if lang != DEFAULT_LANG:
        words = {field: _rule_words(pack, rule, field, lang) for field in ("title", "text", "summary")}
    return {
        **words,
        "quote": rule.quote,
        "source": rule.source,
        "layer": rule.layer,
        "effective_from": rule.effective_from.isoformat(),
        "effective_to": rule.effective_to.isoformat() if rule.effective_to else None,
        "confidence": rule.confidence,
    }


def _rule_sort_key(rule_id: str):
    head, _, num = rule_id.rpartition("-")
    return (head, int(num) if num.isdigit() else 0, rule_id)


def _dedupe(items: list) -> list:
    return list(dict.fromkeys(items))

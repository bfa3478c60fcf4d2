"""The wizard's questions as data, and which one matters next: pure, no terminal, no clock.

The wizard (cli/wizard.py) asks what `next_question` names and stores what `parse` returns.
This module decides which questions matter for the answers so far (skip logic), which answers
depend on which (so a change on the review screen re-asks only those), and turns the answers
into encounter fields. It holds no policy: whether a question matters for a jurisdiction is
read from the facts its pack's rules test.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from dataclasses import replace
from typing import Callable, Optional

from .i18n import DEFAULT_LANG, tr
from .vocab import CLASS_OF_KIND, OFFENSES

REQUIRED = ("jurisdiction",)  # encounter fields with no default: `--no-input` must be given them
MAX_REFERENCE = 40


@dataclass(frozen=True)
class Option:
    value: str
    title: str
    help: str = ""


@dataclass(frozen=True)
class Question:
    id: str  # the encounter field it fills (`process` is the wizard's own)
    kind: str  # select, text, multiline, confirm or checkbox
    message: str  # English; `worded` gives it in another language
    options: tuple[Option, ...] = ()
    hint: str = ""  # a line shown before a typed answer: what to type
    depends_on: tuple[str, ...] = ()  # answers that decide whether it is asked
    label: str = ""  # its name on the review screen (filled by `worded`)


@dataclass(frozen=True)
class Context:
    """What the questions need from outside: the packs on offer and what each one tests."""

    today: dt.date
    jurisdictions: tuple[Option, ...]
    tested_facts: Callable[[str], frozenset]  # jurisdiction -> facts its rules test
    last_jurisdiction: Optional[str] = None


# English titles (rules/locale/en.toml mirrors them); their one-line helps are in the catalog.
PROCESS = (
    Option("ncic", "An NCIC hit"),
    Option("kind", "A warrant or detainer I can name"),
    Option("none", "Neither"),
)
KINDS = (
    Option("criminal", "Criminal warrant"),
    Option("ice-administrative", "ICE administrative warrant"),
    Option("ice-detainer", "ICE detainer"),
    Option("civil-other", "Other civil process"),
    Option("judicial-immigration-order", "Judge's immigration order"),
    Option("unknown", "Not sure"),
)
ROLES = (
    Option("suspect", "Suspect"),
    Option("driver", "Driver"),
    Option("passenger", "Passenger"),
    Option("victim", "Victim"),
    Option("witness", "Witness"),
    Option("other", "Other"),
)
CUSTODY = (
    Option("none", "Not held"),
    Option("detained", "Detained"),
    Option("arrested", "Arrested"),
    Option("jail", "In jail"),
)

QUESTIONS = (
    Question("jurisdiction", "select", "Which policy applies (your department)?"),
    Question("date", "text", "Date of the encounter", hint="YYYY-MM-DD; Enter keeps today."),
    Question("role", "select", "The person's role", ROLES, depends_on=("jurisdiction",)),
    Question("custody", "select", "Custody status", CUSTODY),
    Question("process", "select", "Is there a warrant or an NCIC hit?", PROCESS),
    Question("warrant", "select", "What kind of process is it?", KINDS, depends_on=("process",)),
    Question(
        "ncic_text", "multiline", "Paste the NCIC hit text",
        hint="All of it, as printed: any case, any number of lines.", depends_on=("process",),
    ),
    Question("dispatch_confirmed", "confirm", "Dispatch confirmed it active and criminal?",
             depends_on=("process", "warrant", "ncic_text")),
    Question(
        "suspected_offenses", "checkbox", "Suspected offences",
        tuple(Option(o, o.replace("-", " ")) for o in OFFENSES), depends_on=("jurisdiction",),
    ),
    Question(
        "held_since", "text", "When did the hold begin?",
        hint="Minutes ago (e.g. 20) or the clock time it began (e.g. 14:05).", depends_on=("custody",),
    ),
    Question(
        "id", "text", "Incident or case number",
        hint="Registers the hold so a supervisor sees it. Never a name; Enter to skip.", depends_on=("custody",),
    ),
)
BY_ID = {q.id: q for q in QUESTIONS}
# The vocabulary section (rules/locale/LANG.toml) that words each select's choices.
TITLES = {"role": "roles", "custody": "custody", "process": "process", "warrant": "warrant_kinds",
          "suspected_offenses": "offenses"}


def worded(question: Question, lang: str = DEFAULT_LANG) -> Question:
    """The question as the officer reads it in `lang`: its message, hint, review label and
    choice titles and helps. Choice values stay the stable English ids."""
    if lang == DEFAULT_LANG:
        message, hint, titles = question.message, question.hint, {}
    else:
        from .translations import vocabulary

        words = vocabulary(lang)
        message, hint = words["questions"][question.id], words["hints"].get(question.id, "")
        titles = words[TITLES[question.id]] if question.id in TITLES else {}
    helps = _helps(lang).get(question.id, {})
    options = tuple(Option(o.value, titles.get(o.value, o.title), helps.get(o.value, "")) for o in question.options)
    return replace(question, message=message, hint=hint, options=options, label=_labels(lang)[question.id])


def _labels(lang: str) -> dict[str, str]:
    return {
        "jurisdiction": tr(lang, "interview.label_jurisdiction"),
        "date": tr(lang, "interview.label_date"),
        "role": tr(lang, "interview.label_role"),
        "custody": tr(lang, "interview.label_custody"),
        "process": tr(lang, "interview.label_process"),
        "warrant": tr(lang, "interview.label_warrant"),
        "ncic_text": tr(lang, "interview.label_ncic_text"),
        "dispatch_confirmed": tr(lang, "interview.label_dispatch_confirmed"),
        "suspected_offenses": tr(lang, "interview.label_suspected_offenses"),
        "held_since": tr(lang, "interview.label_held_since"),
        "id": tr(lang, "interview.label_id"),
    }


def _helps(lang: str) -> dict[str, dict[str, str]]:
    """One line under a choice: what each kind of process, or custody status, means."""
    return {
        "process": {
            "ncic": tr(lang, "interview.help_process_ncic"),
            "kind": tr(lang, "interview.help_process_kind"),
            "none": tr(lang, "interview.help_process_none"),
        },
        "warrant": {
            "criminal": tr(lang, "interview.help_kind_criminal"),
            "ice-administrative": tr(lang, "interview.help_kind_ice_administrative"),
            "ice-detainer": tr(lang, "interview.help_kind_ice_detainer"),
            "civil-other": tr(lang, "interview.help_kind_civil_other"),
            "judicial-immigration-order": tr(lang, "interview.help_kind_judicial_order"),
            "unknown": tr(lang, "interview.help_kind_unknown"),
        },
        "custody": {
            "none": tr(lang, "interview.help_custody_none"),
            "detained": tr(lang, "interview.help_custody_detained"),
            "arrested": tr(lang, "interview.help_custody_arrested"),
            "jail": tr(lang, "interview.help_custody_jail"),
        },
    }
OFFENSE_FACTS = frozenset({"offenses_any", "offenses_none", "has_offense"})


def asked(question: Question, answers: dict, context: Context) -> bool:
    """Whether the question matters, given the answers so far (its skip logic)."""
    rule = _ASKED_WHEN.get(question.id)
    return rule is None or rule(answers, context)


def _pack_tests(*facts: str) -> Callable[[dict, Context], bool]:
    def rule(answers: dict, context: Context) -> bool:
        jurisdiction = answers.get("jurisdiction")
        return jurisdiction is None or not context.tested_facts(jurisdiction).isdisjoint(facts)

    return rule


_ASKED_WHEN: dict[str, Callable[[dict, Context], bool]] = {
    "role": _pack_tests("role"),
    "warrant": lambda a, c: a.get("process") == "kind",
    "ncic_text": lambda a, c: a.get("process") == "ncic",
    "dispatch_confirmed": lambda a, c: reads_criminal(a),
    "suspected_offenses": _pack_tests(*OFFENSE_FACTS),
    "held_since": lambda a, c: a.get("custody", "detained") != "none",
    "id": lambda a, c: a.get("custody", "detained") != "none",
}


def next_question(answers: dict, context: Context) -> Optional[Question]:
    """The first question that matters and has no answer yet; None when the interview is done."""
    return next((q for q in QUESTIONS if q.id not in answers and asked(q, answers, context)), None)


def reopen(answers: dict, question_id: str) -> dict:
    """The answers without `question_id` and every answer that depends on it, however indirectly."""
    gone = {question_id}
    for q in QUESTIONS:  # questions come after those they depend on, so one pass suffices
        if gone.intersection(q.depends_on):
            gone.add(q.id)
    return {k: v for k, v in answers.items() if k not in gone}


def reads_criminal(answers: dict) -> bool:
    """Whether the warrant as described so far reads criminal (so dispatch confirmation matters)."""
    if answers.get("warrant"):
        return CLASS_OF_KIND[answers["warrant"]] == "criminal"
    if answers.get("ncic_text"):
        from .ncic import read_ncic

        return read_ncic(answers["ncic_text"]).warrant_class == "criminal"
    return False


def default(question: Question, previous: dict, context: Context, now: dt.datetime):
    """What the prompt starts with: the earlier answer if there was one, else a sensible default.

    Text questions get text (what the officer would type); the others get a stored value.
    """
    if question.id in previous:
        value = previous[question.id]
        return shown(question, value, now) if question.kind == "text" else value
    if question.id == "jurisdiction":
        ids = [o.value for o in context.jurisdictions]
        return context.last_jurisdiction if context.last_jurisdiction in ids else (ids[0] if ids else None)
    if question.id == "date":
        return context.today.isoformat()
    return _DEFAULTS.get(question.id)


_DEFAULTS = {
    "role": "other",
    "custody": "detained",
    "process": "ncic",
    "warrant": "unknown",
    "ncic_text": "",
    "dispatch_confirmed": False,
    "suspected_offenses": [],
    "held_since": "0",
    "id": "",
}


def parse(question_id: str, text: str, now: dt.datetime, lang: str = DEFAULT_LANG):
    """A text question's typed answer as the value to store; ValueError with what to type instead."""
    return _PARSERS[question_id](text.strip(), now, lang)


def _date(text: str, now: dt.datetime, lang: str) -> dt.date:
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise ValueError(tr(lang, "interview.bad_date", text=repr(text)))


def _ncic_text(text: str, now: dt.datetime, lang: str) -> str:
    if not text:
        raise ValueError(tr(lang, "interview.no_hit_text", neither=worded(BY_ID["process"], lang).options[-1].title))
    return text


def _reference(text: str, now: dt.datetime, lang: str) -> Optional[str]:
    problem = reference_problem(text, lang) if text else None
    if problem:
        raise ValueError(problem)
    return text or None


# "20", "20 min", "20 minutes ago", and in Spanish "hace 20 minutos".
_MINUTES = re.compile(r"(?:hace\s+)?(\d+(?:\.\d+)?)\s*(?:m|min|mins|minutes?|minutos?)?(?:\s+ago)?", re.IGNORECASE)
_CLOCK = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")
CLOCK_SKEW = dt.timedelta(minutes=1)
MAX_HOLD = dt.timedelta(days=7)


def hold_start(text: str, now: dt.datetime, lang: str = DEFAULT_LANG) -> dt.datetime:
    """When the hold began, from minutes ago (`20`), a clock time (`14:05`) or ISO 8601.

    A clock time later than `now` is taken as yesterday's (a hold that ran past midnight);
    naive times are in `now`'s offset. Raises ValueError with what to type instead.
    """
    if now.tzinfo is None:
        raise ValueError("now must carry a UTC offset")
    text = text.strip()
    if m := _MINUTES.fullmatch(text):
        start = now - dt.timedelta(minutes=float(m.group(1)))
    elif m := _CLOCK.fullmatch(text):
        start = now.replace(hour=int(m.group(1)), minute=int(m.group(2)), second=0, microsecond=0)
        if start > now + CLOCK_SKEW:
            start -= dt.timedelta(days=1)
    else:
        try:
            start = dt.datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(tr(lang, "interview.bad_hold_start")) from None
        start = start if start.tzinfo else start.replace(tzinfo=now.tzinfo)
    if start > now + CLOCK_SKEW:
        raise ValueError(tr(lang, "interview.in_the_future", when=start.isoformat(timespec="minutes")))
    if now - start > MAX_HOLD:
        raise ValueError(tr(lang, "interview.over_a_week"))
    return start


_PARSERS = {"date": _date, "ncic_text": _ncic_text, "id": _reference, "held_since": hold_start}


def reference_problem(ref: str, lang: str = DEFAULT_LANG) -> Optional[str]:
    """Why `ref` cannot be a hold reference (None if it can): an incident or case number, never a name."""
    if not ref:
        return tr(lang, "interview.reference_empty")
    if len(ref) > MAX_REFERENCE:
        return tr(lang, "interview.reference_too_long", max=MAX_REFERENCE)
    if not re.fullmatch(r"[A-Za-z0-9._/-]+", ref):
        return tr(lang, "interview.reference_characters")
    if not any(c.isdigit() for c in ref):
        return tr(lang, "interview.reference_no_digit")
    return None


def shown(question: Question, value, now: dt.datetime, lang: str = DEFAULT_LANG) -> str:
    """An answer as words: for the review screen, and as the text a re-asked prompt starts with."""
    if question.id == "held_since":
        local = value.astimezone(now.tzinfo)
        return local.strftime("%H:%M" if local.date() == now.date() else "%Y-%m-%d %H:%M")
    if question.id == "date":
        return value.isoformat()
    if question.kind == "confirm":
        return tr(lang, "interview.yes") if value else tr(lang, "interview.no")
    if question.kind == "checkbox":
        titles = {o.value: o.title for o in question.options}
        return ", ".join(titles.get(v, v) for v in value) or tr(lang, "interview.none_ticked")
    if question.id == "ncic_text":
        lines = value.strip().splitlines()
        return lines[0][:40] + ("…" if len(lines[0]) > 40 or len(lines) > 1 else "")
    if question.id == "id":
        return value or ""
    return next((o.title for o in question.options if o.value == value), str(value))


def review(answers: dict, now: dt.datetime, lang: str = DEFAULT_LANG) -> list[tuple[Question, str]]:
    """The answers in question order, each as words in `lang`, for the review screen."""
    out = []
    for q in QUESTIONS:
        if q.id not in answers:
            continue
        q = worded(q, lang)
        words = shown(q, answers[q.id], now, lang)
        if q.id == "held_since":
            words = tr(lang, "interview.minutes_ago", when=words, minutes=minutes_ago(answers[q.id], now))
        elif q.id == "id" and not words:
            words = tr(lang, "interview.not_registered")
        out.append((q, words))
    return out


def minutes_ago(start: dt.datetime, now: dt.datetime) -> int:
    return max(0, int((now - start).total_seconds() // 60))


def encounter_fields(answers: dict) -> dict:
    """The encounter's fields from the answers: `process` becomes `warrant: none` where it says so."""
    fields = {k: v for k, v in answers.items() if k != "process" and v is not None}
    if answers.get("process") == "none":
        fields["warrant"] = "none"
    return fields


def answers_from_fields(fields: dict, now: dt.datetime) -> dict:
    """Validated encounter fields already given (flags, an answers file) as the interview's answers.

    `held_minutes` becomes a start time, so the clock keeps running through re-checks.
    """
    answers = {k: v for k, v in fields.items() if k != "held_minutes"}
    if fields.get("held_minutes") is not None:
        answers["held_since"] = now - dt.timedelta(minutes=fields["held_minutes"])
    if answers.get("ncic_text"):
        answers["process"] = "ncic"
    elif answers.get("warrant") == "none":
        answers["process"] = "none"
    elif answers.get("warrant"):
        answers["process"] = "kind"
    return answers


def missing(fields: dict) -> list[str]:
    """The required encounter fields that `fields` lacks."""
    return [f for f in REQUIRED if fields.get(f) in (None, "")]


def pack_facts(pack) -> frozenset:
    """The facts a pack's rules test (their `when` keys), so the wizard asks only what can matter."""
    keys = set()
    for rule in pack.rules:
        for case in rule.cases:
            keys.update(case.when)
        if rule.hold:
            keys.update(rule.hold.when)
    return frozenset(keys)

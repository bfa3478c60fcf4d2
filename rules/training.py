"""Roll-call training as data: scenario banks, their computed answers, their pins, the score.

A bank is one TOML file per jurisdiction in `scenarios/`: each scenario tells a story, gives
the encounter it stands for, asks questions about it and names the rules its answer rests
on. Answers are never written down: they are what `decide()` says. `scenarios/pins.json`
records those answers with a fingerprint of every rule they cite, so an edited policy flags
the scenarios that depend on it (as Lexipol flags a bulletin whose policy changed) until a
trainer has reviewed them and re-pinned. No clock: callers pass `now`.

A bank's words in another language sit beside it in `scenarios/i18n/LANG/JURISDICTION.toml`:
per scenario id its title, story and questions (keyed by what each asks about). Only words:
the encounter, and so every answer and pin, is the same in every language.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Iterable, Literal, Mapping, Optional

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator, model_validator

from .engine import decide, resolve_pack
from .errors import InputError, PackError
from .i18n import DEFAULT_LANG, tr
from .models import Encounter
from .packs import read_toml
from .vocab import ACTIONS, VERDICTS

SCENARIO_DIR = Path(__file__).with_name("scenarios")
I18N_DIR = SCENARIO_DIR / "i18n"
PIN_FILE = SCENARIO_DIR / "pins.json"
WARRANT_QUESTION = "warrant_class"
# What a roll-call bank must cover (issue 4); each scenario names one.
TOPICS = (
    "removal-warrant-2019",
    "one-hour-limit",
    "dispatch-confirmation",
    "criminal-cooperation",
    "victims-witnesses",
    "status-questions",
    "jail-detainers",
    "dc-august-2025-order",
    "ncic-traps",
    "law-over-policy",
)
# The answers an officer may give to each kind of question.
CHOICES = {action: VERDICTS for action in ACTIONS} | {WARRANT_QUESTION: ("civil", "criminal", "judicial", "unknown")}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def reflow(story: str) -> str:
    """Line breaks in the file are for its author; blank lines separate paragraphs."""
    return "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", story.strip()))


class Question(_Strict):
    ask: str = Field(min_length=1)
    about: Literal[ACTIONS + (WARRANT_QUESTION,)]  # type: ignore[valid-type]


class Scenario(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    topic: Literal[TOPICS]  # type: ignore[valid-type]
    title: str = Field(min_length=1)
    story: str = Field(min_length=1)
    source: str = Field(min_length=1, description="where the story and its rules come from")
    rests_on: list[str] = Field(min_length=1)
    encounter: Encounter
    questions: list[Question] = Field(min_length=1)

    _reflow = field_validator("story")(classmethod(lambda cls, story: reflow(story)))

    @model_validator(mode="after")
    def _answerable(self):
        enc = self.encounter
        if enc.date is None:
            raise ValueError("encounter.date is required: an answer must not depend on the day it is asked")
        if enc.held_since is not None:
            raise ValueError("encounter: give held_minutes, not held_since (the clock must not change the answer)")
        abouts = [q.about for q in self.questions]
        if len(set(abouts)) != len(abouts):
            raise ValueError("two questions are about the same thing")
        if WARRANT_QUESTION in abouts and not enc.ncic_text:
            raise ValueError("a warrant_class question needs encounter.ncic_text to read")
        return self

    @property
    def jurisdiction(self) -> str:
        return self.encounter.jurisdiction


class Bank(_Strict):
    jurisdiction: str
    scenarios: list[Scenario] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _place_encounters(cls, data):
        """Each encounter happens in the bank's jurisdiction and carries its scenario's id."""
        if not (isinstance(data, dict) and isinstance(data.get("scenarios"), list)):
            return data
        placed = [
            {**s, "encounter": {"jurisdiction": data.get("jurisdiction"), "id": s.get("id"), **s["encounter"]}}
            if isinstance(s, dict) and isinstance(s.get("encounter"), dict)
            else s
            for s in data["scenarios"]
        ]
        return {**data, "scenarios": placed}

    @model_validator(mode="after")
    def _consistent(self):
        ids = [s.id for s in self.scenarios]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"duplicate scenario id(s): {', '.join(dup)}")
        other = [s.id for s in self.scenarios if s.jurisdiction != self.jurisdiction]
        if other:
            raise ValueError(f"scenario(s) {', '.join(other)}: the encounter's jurisdiction must be the bank's")
        return self


def bank_ids() -> list[str]:
    return sorted(p.stem for p in SCENARIO_DIR.glob("*.toml"))


@lru_cache(maxsize=None)
def load_bank(jurisdiction: str) -> Bank:
    """A built-in bank, validated: its shape, and that every rule it names is in its pack."""
    path = SCENARIO_DIR / f"{jurisdiction}.toml"
    if not path.is_file():
        raise InputError("jurisdiction", f"no scenario bank for {jurisdiction!r}; banks: {', '.join(bank_ids())}")
    return parse_bank(read_toml(path), str(path))


def parse_bank(data: dict, source: str) -> Bank:
    try:
        bank = Bank.model_validate(data)
    except ValidationError as exc:
        raise PackError(source, [_problem(e) for e in exc.errors()]) from None
    known = {r.id for r in resolve_pack(bank.jurisdiction).rules}
    unknown = [
        f"scenario {s.id}: rests_on names {r!r}, which is not a rule of pack {bank.jurisdiction}"
        for s in bank.scenarios
        for r in s.rests_on
        if r not in known
    ]
    if unknown:
        raise PackError(source, unknown)
    return bank


def _problem(err: dict) -> str:
    where = ".".join(str(p) for p in err.get("loc", ())) or "file"
    message = "unknown field" if err.get("type") == "extra_forbidden" else err.get("msg", "invalid")
    return f"{where}: {message.removeprefix('Value error, ')}"


def load_banks(jurisdictions: Optional[Iterable[str]] = None) -> list[Bank]:
    return [load_bank(j) for j in (jurisdictions or bank_ids())]


class ScenarioWords(_Strict):
    """One scenario's words in another language."""

    title: str = Field(min_length=1)
    story: str = Field(min_length=1)
    questions: dict[str, str]

    _reflow = field_validator("story")(classmethod(lambda cls, story: reflow(story)))


_BANK_WORDS = TypeAdapter(dict[str, ScenarioWords])


@lru_cache(maxsize=None)
def bank_words(jurisdiction: str, lang: str) -> Mapping[str, ScenarioWords]:
    """A bank's words in `lang` by scenario id; empty in English or where there is no translation."""
    path = I18N_DIR / lang / f"{jurisdiction}.toml"
    if lang == DEFAULT_LANG or not path.is_file():
        return MappingProxyType({})
    try:
        return MappingProxyType(_BANK_WORDS.validate_python(read_toml(path)))
    except ValidationError as exc:
        raise PackError(str(path), [_problem(e) for e in exc.errors()]) from None


def worded(scenario: Scenario, lang: str) -> Scenario:
    """The scenario with its title, story and questions in `lang` (English where it has none)."""
    words = bank_words(scenario.jurisdiction, lang).get(scenario.id)
    if words is None:
        return scenario
    questions = [q.model_copy(update={"ask": words.questions.get(q.about, q.ask)}) for q in scenario.questions]
    return scenario.model_copy(update={"title": words.title, "story": words.story, "questions": questions})


def words_problems(bank: Bank, lang: str) -> list[str]:
    """What the bank's translation into `lang` lacks, and what it words that the bank does not ask."""
    where = f"i18n/{lang}/{bank.jurisdiction}.toml"
    if not (I18N_DIR / lang / f"{bank.jurisdiction}.toml").is_file():
        return [f"{where}: missing"]
    words = bank_words(bank.jurisdiction, lang)
    scenarios = {s.id: s for s in bank.scenarios}
    out = [f"{where}: {sid}: no such scenario in the bank" for sid in words if sid not in scenarios]
    for sid, scenario in scenarios.items():
        if sid not in words:
            out.append(f"{where}: {sid}: no translation")
            continue
        asked = {q.about for q in scenario.questions}
        given = set(words[sid].questions)
        out += [f"{where}: {sid}: question {a}: no translation" for a in sorted(asked - given)]
        out += [f"{where}: {sid}: question {a}: the scenario asks no such question" for a in sorted(given - asked)]
    return out


@dataclass(frozen=True)
class Answer:
    """The computed answer to one question, and what it rests on."""

    about: str
    ask: str
    answer: str
    rules: tuple[str, ...]
    reason: str


def answer_key(scenario: Scenario, *, now: dt.datetime, lang: str = DEFAULT_LANG) -> tuple[dict, list[Answer]]:
    """The decision for the scenario's encounter and, from it, the answer to each question,
    worded in `lang` (the answers themselves are the same in every language)."""
    decision = decide(scenario.encounter, now=now, lang=lang)
    return decision, [_answer(q, decision, lang) for q in scenario.questions]


def _answer(question: Question, decision: dict, lang: str) -> Answer:
    if question.about == WARRANT_QUESTION:
        warrant = decision["warrant"]
        words = [f"'{e['text']}': {e['means']}" for e in warrant["evidence"] if e["points"] != "neutral"]
        reason = "; ".join(words) or tr(lang, "training.no_deciding_words")
        return Answer(question.about, question.ask, warrant["class"], (), reason)
    action = decision["actions"][question.about]
    return Answer(question.about, question.ask, action["verdict"], tuple(action["rules"]), action["reason"])


def bank_problems(bank: Bank, *, now: dt.datetime) -> list[str]:
    """What makes a bank unfit to teach from: a question no rule decides, a rule named but not cited."""
    problems = []
    for s in bank.scenarios:
        _, answers = answer_key(s, now=now)
        cited = {r for a in answers for r in a.rules}
        problems += [
            f"scenario {s.id}: no rule decides {a.about!r}; the answer would be ask-supervisor by default"
            for a in answers
            if a.about != WARRANT_QUESTION and not a.rules
        ]
        problems += [
            f"scenario {s.id}: rests_on names {r}, but no answer cites it (they cite {', '.join(sorted(cited)) or 'nothing'})"
            for r in s.rests_on
            if r not in cited
        ]
    return problems


# --- pins: the bank tied to the policy it was reviewed against ---------------------------


def fingerprint(model: BaseModel) -> str:
    text = json.dumps(model.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def pins(banks: list[Bank], *, now: dt.datetime) -> dict:
    """What pins.json holds: each scenario's answers and the fingerprints of the rules they cite."""
    scenarios, versions = {}, {}
    for bank in banks:
        pack = resolve_pack(bank.jurisdiction)
        versions[bank.jurisdiction] = pack.version
        for s in bank.scenarios:
            _, answers = answer_key(s, now=now)
            cited = sorted(set(s.rests_on).union(*(a.rules for a in answers)))
            scenarios[s.id] = {
                "scenario": fingerprint(s),
                "answers": {a.about: {"answer": a.answer, "rules": list(a.rules)} for a in answers},
                "rules": {r: fingerprint(pack.rule(r)) for r in cited},
            }
    return {"packs": versions, "scenarios": scenarios}


def read_pins(path: Optional[Path] = None) -> dict:
    try:
        return json.loads((path or PIN_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"packs": {}, "scenarios": {}}


def pins_text(pinned: dict) -> str:
    return json.dumps(pinned, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class Drift:
    """A scenario whose answer, wording or cited rules changed since the bank was pinned."""

    scenario: str
    changes: tuple[str, ...]
    rules: tuple[str, ...]  # the cited rules whose content changed


def drift(pinned: dict, current: dict) -> list[Drift]:
    """Compare pins.json with the bank and packs as they are now (only the scenarios in `current`)."""
    old, new = pinned.get("scenarios", {}), current["scenarios"]
    out = []
    for sid in sorted(new):
        if sid not in old:
            out.append(Drift(sid, ("new: not pinned yet",), ()))
            continue
        was, now = old[sid], new[sid]
        rules = tuple(r for r in sorted(was["rules"].keys() | now["rules"].keys()) if was["rules"].get(r) != now["rules"].get(r))
        changes = [f"rule {r} {_rule_change(r, was, now)}" for r in rules]
        if was["scenario"] != now["scenario"]:
            changes.append("the scenario itself was edited")
        for about in sorted(was["answers"].keys() | now["answers"].keys()):
            a, b = was["answers"].get(about), now["answers"].get(about)
            if a != b:
                changes.append(f"{about}: was {_said(a)}, now {_said(b)}")
        if changes:
            out.append(Drift(sid, tuple(changes), rules))
    return out


def stale(pinned: dict, current: dict) -> list[str]:
    """Pinned scenarios that are no longer in the bank."""
    return sorted(pinned.get("scenarios", {}).keys() - current["scenarios"].keys())


def _rule_change(rule_id: str, was: dict, now: dict) -> str:
    if rule_id not in was["rules"]:
        return "is now cited"
    if rule_id not in now["rules"]:
        return "is no longer cited"
    return "was edited since the bank was pinned"


def _said(answer: Optional[dict]) -> str:
    return "not asked" if answer is None else f"{answer['answer']} ({', '.join(answer['rules']) or 'no rule'})"


def by_rule(drifts: list[Drift]) -> dict[str, list[str]]:
    """Each changed rule and the scenarios that depend on it."""
    out: dict[str, list[str]] = {}
    for d in drifts:
        for r in d.rules:
            out.setdefault(r, []).append(d.scenario)
    return dict(sorted(out.items()))


# --- a quiz: which scenarios, in what order, scripted answers, the score ------------------


def select(scenarios: list[Scenario], *, seed: int, count: Optional[int] = None) -> list[Scenario]:
    """The same seed and bank give the same scenarios in the same order."""
    order = sorted(scenarios, key=lambda s: s.id)
    random.Random(seed).shuffle(order)
    return order if count is None else order[:count]


def preset_answers(data: object, scenarios: list[Scenario]) -> dict[tuple[str, str], str]:
    """A scripted run's answers: {scenario id: answer} for one-question scenarios, else
    {scenario id: {question: answer}}; `question` is the action (or warrant_class) asked about."""
    if not isinstance(data, dict):
        raise InputError("answers", "must be a JSON object keyed by scenario id")
    by_id = {s.id: s for s in scenarios}
    out = {}
    for sid, given in data.items():
        scenario = by_id.get(sid)
        if scenario is None:
            raise InputError("answers", f"no scenario {sid!r} in the selected banks")
        if isinstance(given, str):
            if len(scenario.questions) != 1:
                raise InputError(f"answers.{sid}", f"asks {len(scenario.questions)} questions: give {{question: answer}}")
            given = {scenario.questions[0].about: given}
        if not isinstance(given, dict):
            raise InputError(f"answers.{sid}", "must be an answer or an object of answers by question")
        asked = {q.about for q in scenario.questions}
        for about, answer in given.items():
            if about not in asked:
                raise InputError(f"answers.{sid}", f"asks no question about {about!r}; it asks about {', '.join(sorted(asked))}")
            if answer not in CHOICES[about]:
                raise InputError(f"answers.{sid}.{about}", f"{answer!r} is not an answer; one of {', '.join(CHOICES[about])}")
            out[(sid, about)] = answer
    return out


@dataclass(frozen=True)
class Result:
    """One officer's answer to one question."""

    scenario: str
    jurisdiction: str
    question: str
    answer: Optional[str]
    expected: str
    seconds: Optional[float]

    @property
    def correct(self) -> bool:
        return self.answer == self.expected

    def row(self) -> dict:
        seconds = None if self.seconds is None else round(self.seconds, 1)
        return {
            "scenario": self.scenario,
            "jurisdiction": self.jurisdiction,
            "question": self.question,
            "answer": self.answer,
            "expected": self.expected,
            "correct": self.correct,
            "seconds": seconds,
        }


def score(results: list[Result]) -> tuple[int, int]:
    """(right, asked)."""
    return sum(r.correct for r in results), len(results)

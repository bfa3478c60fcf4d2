"""The roll-call quiz at a terminal: show a scenario, ask, reveal the answer with its rule.

What is right, and why, comes from rules.training; this module only asks and renders. The
prompt takes **io (questionary's input=/output=), so tests drive it through a pipe.
"""

from __future__ import annotations

import csv
import json
import time
from typing import Callable, Iterator, Optional

from rich import box
from rich.console import Group
from rich.panel import Panel
from rich.text import Text

from rules.training import CHOICES, WARRANT_QUESTION, Answer, Result, Scenario, answer_key, score
from rules.vocab import ACTION_WORDS

from .render import class_text, highlighted, rules_block, t, verdict_text

ANSWER_WORDS = {
    "required": "Yes, you must",
    "permitted": "Yes, you may",
    "prohibited": "No, you must not",
    "ask-supervisor": "Ask a supervisor first",
    "civil": "Civil",
    "criminal": "Criminal",
    "judicial": "A judge's order (not a crime)",
    "unknown": "Can't tell yet: unknown",
}
CUSTODY_WORDS = {
    "none": "not in custody (a stop or field contact)",
    "detained": "detained at the scene",
    "arrested": "under arrest",
    "jail": "held at the jail",
}
QUESTION_WORDS = {**ACTION_WORDS, WARRANT_QUESTION: "Civil or criminal"}
RESULT_FIELDS = ("scenario", "jurisdiction", "question", "answer", "expected", "correct", "seconds")
Ask = Callable[[str, str], str]


def ask_question(ask: str, about: str, **io) -> str:
    """One question, its answers in plain words; Ctrl-C raises KeyboardInterrupt."""
    from .prompting import Prompter

    return Prompter(**io).select(ask, [(c, ANSWER_WORDS[c], "") for c in CHOICES[about]])


def setting(scenario: Scenario, decision: dict) -> str:
    """Where, when and who, in one line."""
    enc = scenario.encounter
    parts = [decision["policy"]["name"], enc.date.isoformat(), f"the person: {enc.role}", CUSTODY_WORDS[enc.custody]]
    if enc.warrant:
        parts.append({"none": "no warrant", "unknown": "warrant basis not known"}.get(enc.warrant, f"warrant: {enc.warrant}"))
    if enc.held_minutes is not None:
        parts.append(f"held {enc.held_minutes:g} min")
    if enc.dispatch_confirmed:
        parts.append("dispatch confirmed the warrant active and criminal")
    if enc.suspected_offenses:
        parts.append("suspected: " + ", ".join(enc.suspected_offenses))
    return " · ".join(parts)


def scenario_panel(scenario: Scenario, decision: dict, index: int, total: int) -> Panel:
    body = [t(scenario.story.strip()), Text(""), t(setting(scenario, decision), "dim")]
    if scenario.encounter.ncic_text:  # plain: highlighting the deciding words would give the answer away
        body.append(Panel(t(scenario.encounter.ncic_text), title="NCIC", box=box.ROUNDED))
    return Panel(Group(*body), title=t(f"Scenario {index} of {total} · {scenario.title}", "bold"), box=box.HEAVY)


def reveal(answer: Answer, given: Optional[str], decision: dict, ncic_text: Optional[str] = None) -> Group:
    """The verdict, right or wrong, the reason, and the rules with their words."""
    if given is None:
        head = Text("— no answer given", style="bold yellow")
    elif given == answer.answer:
        head = Text("✔ Right", style="bold green")
    else:
        head = Text.assemble(("✘ Not quite", "bold red"), f": you said “{ANSWER_WORDS[given]}”")
    shown = class_text(answer.answer) if answer.about == WARRANT_QUESTION else verdict_text(answer.answer)
    parts = [head, Text.assemble(("Answer: ", "bold"), shown, f"  {ANSWER_WORDS[answer.answer]}"), t(answer.reason)]
    if answer.about == WARRANT_QUESTION and ncic_text:
        parts.append(Panel(highlighted(ncic_text, decision["warrant"]["evidence"]), title="the deciding words", box=box.ROUNDED))
    if answer.rules:
        parts.append(rules_block({r: decision["rules"][r] for r in answer.rules}))
    return Group(*parts, Text(""))


def quiz(
    scenarios: list[Scenario],
    *,
    now,
    console,
    preset: dict[tuple[str, str], str],
    ask: Optional[Ask],
    flagged: dict[str, str],
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[Result]:
    """Each scenario, each question: the preset answer, else `ask` (None: unanswered), then the reveal."""
    for index, scenario in enumerate(scenarios, 1):
        decision, answers = answer_key(scenario, now=now)
        console.print(scenario_panel(scenario, decision, index, len(scenarios)))
        if scenario.id in flagged:
            console.print(t(f"! Review pending: {flagged[scenario.id]}. The answer shown is today's policy.", "bold yellow"))
        for answer in answers:
            given, seconds = preset.get((scenario.id, answer.about)), None
            if given is None and ask is not None:
                start = clock()
                given = ask(answer.ask, answer.about)
                seconds = clock() - start
            else:
                console.print(Text.assemble(("? ", "bold"), t(answer.ask, "bold"), f"  {ANSWER_WORDS.get(given, '(no answer)')}"))
            console.print(reveal(answer, given, decision, scenario.encounter.ncic_text))
            yield Result(scenario.id, scenario.jurisdiction, answer.about, given, answer.answer, seconds)


def score_panel(results: list[Result], seed: int) -> Panel:
    right, asked = score(results)
    body = [Text(f"{right} of {asked} right ({100 * right / asked if asked else 0:.0f}%)", style="bold")]
    missed = [r for r in results if not r.correct]
    if missed:
        body.append(Text("To go over at roll call:", style="bold"))
        body.extend(t(f"  • {r.scenario} · {QUESTION_WORDS[r.question]}: {ANSWER_WORDS[r.expected]}") for r in missed)
    body.append(t(f"Same scenarios, same order: --seed {seed}", "dim"))
    return Panel(Group(*body), title="Score", box=box.HEAVY)


def write_results(path: str, results: list[Result]) -> None:
    """The record a trainer keeps: JSON for a .json path, else CSV."""
    rows = [r.row() for r in results]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        if path.lower().endswith(".json"):
            json.dump(rows, fh, indent=2)
            fh.write("\n")
        else:
            writer = csv.DictWriter(fh, fieldnames=RESULT_FIELDS)
            writer.writeheader()
            writer.writerows(rows)

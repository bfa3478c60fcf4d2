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

from rules.training import CHOICES, WARRANT_QUESTION, Answer, Result, Scenario, answer_key, score, worded

from .i18n import _, language
from .render import class_text, highlighted, rules_block, t, verdict_text, words

RESULT_FIELDS = ("scenario", "jurisdiction", "question", "answer", "expected", "correct", "seconds")
Ask = Callable[[str, str], str]


def answer_words() -> dict[str, str]:
    """Each answer an officer may give, in plain words."""
    return {
        "required": _("quiz.required"),
        "permitted": _("quiz.permitted"),
        "prohibited": _("quiz.prohibited"),
        "ask-supervisor": _("quiz.ask_supervisor"),
        "civil": _("quiz.civil"),
        "criminal": _("quiz.criminal"),
        "judicial": _("quiz.judicial"),
        "unknown": _("quiz.unknown"),
    }


def _custody_words() -> dict[str, str]:
    return {
        "none": _("quiz.custody_none"),
        "detained": _("quiz.custody_detained"),
        "arrested": _("quiz.custody_arrested"),
        "jail": _("quiz.custody_jail"),
    }


def ask_question(ask: str, about: str, **io) -> str:
    """One question, its answers in plain words; Ctrl-C raises KeyboardInterrupt."""
    from .prompting import Prompter

    answers = answer_words()
    return Prompter(**io).select(ask, [(c, answers[c], "") for c in CHOICES[about]])


def setting(scenario: Scenario, decision: dict) -> str:
    """Where, when and who, in one line."""
    enc = scenario.encounter
    role = words("roles")[enc.role].lower()
    parts = [decision["policy"]["name"], enc.date.isoformat(), _("quiz.person", role=role), _custody_words()[enc.custody]]
    if enc.warrant == "none":
        parts.append(_("quiz.no_warrant"))
    elif enc.warrant == "unknown":
        parts.append(_("quiz.basis_unknown"))
    elif enc.warrant:
        parts.append(_("quiz.warrant", kind=words("warrant_kinds")[enc.warrant]))
    if enc.held_minutes is not None:
        parts.append(_("quiz.held", minutes=f"{enc.held_minutes:g}"))
    if enc.dispatch_confirmed:
        parts.append(_("quiz.dispatch_confirmed"))
    if enc.suspected_offenses:
        parts.append(_("quiz.suspected", offenses=", ".join(words("offenses")[o] for o in enc.suspected_offenses)))
    return " · ".join(parts)


def scenario_panel(scenario: Scenario, decision: dict, index: int, total: int) -> Panel:
    body = [t(scenario.story.strip()), Text(""), t(setting(scenario, decision), "dim")]
    if scenario.encounter.ncic_text:  # plain: highlighting the deciding words would give the answer away
        body.append(Panel(t(scenario.encounter.ncic_text), title="NCIC", box=box.ROUNDED))
    title = _("quiz.scenario_title", index=index, total=total, title=scenario.title)
    return Panel(Group(*body), title=t(title, "bold"), box=box.HEAVY)


def reveal(answer: Answer, given: Optional[str], decision: dict, ncic_text: Optional[str] = None) -> Group:
    """The verdict, right or wrong, the reason, and the rules with their words."""
    plain = answer_words()
    if given is None:
        head = Text(_("quiz.no_answer"), style="bold yellow")
    elif given == answer.answer:
        head = Text(_("quiz.right"), style="bold green")
    else:
        head = Text.assemble((_("quiz.not_quite"), "bold red"), _("quiz.you_said", answer=plain[given]))
    shown = class_text(answer.answer) if answer.about == WARRANT_QUESTION else verdict_text(answer.answer)
    parts = [head, Text.assemble((_("quiz.answer"), "bold"), shown, f"  {plain[answer.answer]}"), t(answer.reason)]
    if answer.about == WARRANT_QUESTION and ncic_text:
        evidence = highlighted(ncic_text, decision["warrant"]["evidence"])
        parts.append(Panel(evidence, title=_("quiz.deciding_words"), box=box.ROUNDED))
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
    lang = language()
    for index, scenario in enumerate(scenarios, 1):
        scenario = worded(scenario, lang)
        decision, answers = answer_key(scenario, now=now, lang=lang)
        console.print(scenario_panel(scenario, decision, index, len(scenarios)))
        if scenario.id in flagged:
            console.print(t(_("quiz.review_pending", changes=flagged[scenario.id]), "bold yellow"))
        for answer in answers:
            given, seconds = preset.get((scenario.id, answer.about)), None
            if given is None and ask is not None:
                start = clock()
                given = ask(answer.ask, answer.about)
                seconds = clock() - start
            else:
                said = answer_words().get(given, _("quiz.no_answer_short"))
                console.print(Text.assemble(("? ", "bold"), t(answer.ask, "bold"), f"  {said}"))
            console.print(reveal(answer, given, decision, scenario.encounter.ncic_text))
            yield Result(scenario.id, scenario.jurisdiction, answer.about, given, answer.answer, seconds)


def score_panel(results: list[Result], seed: int) -> Panel:
    right, asked = score(results)
    percent = f"{100 * right / asked if asked else 0:.0f}"
    body = [Text(_("quiz.score", right=right, asked=asked, percent=percent), style="bold")]
    missed = [r for r in results if not r.correct]
    if missed:
        plain, questions = answer_words(), {**words("actions"), WARRANT_QUESTION: _("quiz.civil_or_criminal")}
        body.append(Text(_("quiz.go_over"), style="bold"))
        body.extend(t(f"  • {r.scenario} · {questions[r.question]}: {plain[r.expected]}") for r in missed)
    body.append(t(_("quiz.same_seed", seed=seed), "dim"))
    return Panel(Group(*body), title=_("quiz.score_title"), box=box.HEAVY)


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

"""Presenter mode: one scenario per screen, large and high-contrast, the answer on a key press.

For a projector at roll call: the trainer reads the story out, the room says what it would
do, a key press reveals each verdict as a wide coloured banner with its rule and words.
"""

from __future__ import annotations

from typing import Callable, Optional

from rich import box
from rich.align import Align
from rich.console import Group
from rich.padding import Padding
from rich.panel import Panel
from rich.text import Text

from rules.training import WARRANT_QUESTION, Answer, Scenario, answer_key, worded

from .i18n import _, language
from .render import VERDICT_STYLE, t, words
from .training_ui import answer_words, setting

SCREEN = "bright_white on black"
# Solid backgrounds for every banner, so each reads from the back of the room.
BANNER_STYLE = {
    "required": "bold bright_white on blue",
    "permitted": "bold black on bright_green",
    "prohibited": "bold bright_white on red",
    "ask-supervisor": "bold black on bright_yellow",
    "civil": "bold black on bright_cyan",
    "criminal": "bold bright_white on red",
    "judicial": "bold bright_white on magenta",
    "unknown": "bold black on bright_yellow",
}
Wait = Callable[[str], None]


def press_key(message: str, **io) -> None:
    import questionary

    questionary.press_any_key_to_continue(message, **io).unsafe_ask()


def banner(answer: str) -> Panel:
    """The answer as a three-line solid bar, its word spaced out."""
    word = words("verdicts" if answer in VERDICT_STYLE else "warrant_classes")[answer]
    return Panel(
        Align.center(Text(" ".join(word), style=BANNER_STYLE[answer])),
        style=BANNER_STYLE[answer],
        box=box.HEAVY,
        padding=(1, 2),
    )


def question_screen(scenario: Scenario, decision: dict, index: int, total: int) -> Panel:
    body = [
        Text(scenario.title.upper(), style="bold underline"),
        Text(""),
        t(scenario.story.strip(), "bold"),
        Text(""),
        t(setting(scenario, decision), "italic"),
    ]
    if scenario.encounter.ncic_text:
        body.append(Panel(t(scenario.encounter.ncic_text, "bold"), title="NCIC", box=box.DOUBLE, style=SCREEN))
    body.append(Text(""))
    body.extend(t(f"{i}. {q.ask}", "bold") for i, q in enumerate(scenario.questions, 1))
    return _screen(body, _("presenter.scenario", index=index, total=total))


def answer_screen(scenario: Scenario, decision: dict, answers: list[Answer], index: int, total: int) -> Panel:
    body: list = [Text(scenario.title.upper(), style="bold underline")]
    plain = answer_words()
    for i, answer in enumerate(answers, 1):
        body += [Text(""), t(f"{i}. {answer.ask}", "bold"), banner(answer.answer), t(plain[answer.answer], "bold")]
        if answer.about == WARRANT_QUESTION:
            body.append(t(answer.reason))
        for rule_id in answer.rules:
            rule = decision["rules"][rule_id]
            body.append(Text.assemble((f"{rule_id} ", "bold"), t(rule["title"], "bold")))
            if rule["quote"]:
                body.append(t(f"“{rule['quote']}”", "italic"))
            if rule.get("summary"):
                body.append(t(_("presenter.summary", summary=rule["summary"])))
    return _screen(body, _("presenter.answer", index=index, total=total))


def _screen(body: list, title: str) -> Panel:
    return Panel(Padding(Group(*body), (1, 2)), title=Text(f" {title} ", style="bold"), style=SCREEN, box=box.HEAVY, expand=True)


def present(scenarios: list[Scenario], *, now, console, wait: Optional[Wait]) -> None:
    """Each scenario, then its answers; `wait` pauses for a key (None: a handout, no pauses)."""
    lang = language()
    for index, scenario in enumerate(scenarios, 1):
        scenario = worded(scenario, lang)
        decision, answers = answer_key(scenario, now=now, lang=lang)
        _show(console, question_screen(scenario, decision, index, len(scenarios)))
        if wait:
            wait(_("presenter.press_reveal"))
        _show(console, answer_screen(scenario, decision, answers, index, len(scenarios)))
        if wait and index < len(scenarios):
            wait(_("presenter.press_next"))


def _show(console, screen: Panel) -> None:
    if console.is_terminal:
        console.clear()
    console.print(screen)

"""The interactive wizard: asks what `rules.interview` says matters, lets the officer review and
change any answer, decides with the rules core, shows the decision panel, and runs the live hold
countdown, registering the hold so a supervisor can see it.

Answers come from flags, then an answers file, then prompts, then defaults, into one
Encounter. No policy here: the interview picks the questions and the rules core decides.
Everything the wizard talks to (prompts, screen, clock, keys, hold store) is in `Env`, so tests
drive every path in-process.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Callable, ContextManager, Optional

from rules import interview
from rules.errors import InputError, PackError
from rules.interview import Context, Option, Question

from .console import fail
from .exit_codes import ExitCode
from .hold_store import HoldStore, StoredHold, StoreError, home_dir
from .i18n import _, language
from .prompting import Prompter, exits_cleanly
from .wizard_memory import last_jurisdiction, remember_jurisdiction

# rich (render, countdown, screens) is imported where it is first used, after the first
# question is on screen: start-up to that question is what an officer waits for.

DECIDE = "\0decide"  # the review screen's "decide now" choice; no question has this id


@dataclass
class Env:
    """What the wizard talks to. `terminal_env()` is the real one; tests build their own."""

    prompter: Prompter
    make_console: Callable[[], object]  # a rich Console, made when first needed
    clock: Callable[[], dt.datetime]  # aware "now"
    keys: Callable[[], ContextManager]  # opens a countdown.KeySource
    home: Path

    @cached_property
    def console(self):
        return self.make_console()

    @property
    def store(self) -> HoldStore:
        return HoldStore(self.home)


def terminal_env() -> Env:
    from .console import console

    def keys():
        from .countdown import TerminalKeys

        return TerminalKeys()

    return Env(Prompter(), console, lambda: dt.datetime.now().astimezone(), keys, home_dir())


def run(given: dict, *, no_input: bool, env: Env) -> None:
    """Decide one encounter from `given` (flags over file) and, unless `no_input`, the officer's answers."""
    with exits_cleanly(_("wizard.cancelled"), _("wizard.needs_terminal")):
        try:
            answers = interview.answers_from_fields(_validated(given), env.clock())
            if no_input:
                _decide_without_asking(answers, env)
            else:
                _interview(answers, env)
        except (InputError, PackError) as exc:
            fail(str(exc), ExitCode.USAGE)


def _validated(given: dict) -> dict:
    """The given fields, checked now (so a bad file fails before any question) and typed."""
    if not given:
        return {}  # nothing to check: the engine and the models load after the first question
    from rules.engine import resolve_pack

    from .encounter_input import to_encounter

    placeholder = {} if given.get("jurisdiction") else {"jurisdiction": "?"}
    fields = to_encounter({**given, **placeholder}).model_dump(exclude_unset=True)
    if placeholder:
        fields.pop("jurisdiction")
    else:
        resolve_pack(fields["jurisdiction"])  # an unknown jurisdiction fails here, naming the known ones
    return fields


def _decide_without_asking(answers: dict, env: Env) -> None:
    missing = interview.missing(answers)
    if missing:
        fail(_("wizard.missing", fields=", ".join(missing)), ExitCode.USAGE)
    encounter, decision = _decision(answers, env.clock())
    _show_decision(env, decision, encounter)
    if _hold_running(decision, answers) and answers.get("id"):
        _register(env, None, _stored(answers))


def _interview(answers: dict, env: Env) -> None:
    context = _context(env.clock().date(), last_jurisdiction(env.home))
    _ask_missing(answers, {}, context, env)
    registered: Optional[StoredHold] = None
    while True:
        answers = _review(answers, context, env)
        encounter, decision = _decision(answers, env.clock())
        remember_jurisdiction(env.home, encounter.jurisdiction)
        _show_decision(env, decision, encounter)
        if not _hold_running(decision, answers):
            if registered is not None:
                _say(env, _("wizard.still_stored", ref=registered.ref), "yellow")
            return
        if answers.get("id"):
            registered = _register(env, registered, _stored(answers))
        key, frame = _countdown(encounter, registered, env)
        if key != "c":
            _farewell(key, frame, registered, env)
            return


def _context(today: dt.date, last: Optional[str]) -> Context:
    import sys

    if "rules.registry" in sys.modules:  # packs from files were loaded for this run: list them all
        registry = sys.modules["rules.registry"].active_registry()
        packs = [registry.get(pack_id) for pack_id in registry.ids()]
    else:  # only the built-in packs: their headers suffice, and the first question need not wait
        from rules.pack_index import builtin_headers

        packs = builtin_headers()
    return Context(
        today=today,
        jurisdictions=tuple(Option(p.id, p.name, _("wizard.pack_help", pack=p.id, reviewed=p.reviewed)) for p in packs),
        tested_facts=_tested_facts,
        last_jurisdiction=last,
    )


def _tested_facts(jurisdiction: str) -> frozenset:
    from rules.engine import resolve_pack  # the engine loads after the first question is on screen

    return interview.pack_facts(resolve_pack(jurisdiction))


def _ask_missing(answers: dict, previous: dict, context: Context, env: Env) -> None:
    """Ask, in order, every question that matters and has no answer; earlier answers are the defaults."""
    while (question := interview.next_question(answers, context)) is not None:
        answers[question.id] = _ask(question, interview.default(question, previous, context, env.clock()), context, env)
        if question.id == "ncic_text":
            from .wizard_screens import reading_preview

            env.console.print(reading_preview(answers["ncic_text"]))


def _ask(question: Question, default, context: Context, env: Env):
    lang = language()
    question = interview.worded(question, lang)
    p = env.prompter
    options = context.jurisdictions if question.id == "jurisdiction" else question.options
    choices = [(o.value, o.title, o.help) for o in options]
    if question.kind == "select":
        return p.select(question.message, choices, default=default)
    if question.kind == "checkbox":
        return p.checkbox(question.message, choices, checked=default)
    if question.kind == "confirm":
        return p.confirm(question.message, default=default)
    if question.hint:
        _say(env, question.hint, "dim")

    def problem(text: str) -> Optional[str]:
        try:
            interview.parse(question.id, text, env.clock(), lang)
        except ValueError as exc:
            return str(exc)
        return None

    text = p.text(question.message, default=default, check=problem, multiline=question.kind == "multiline")
    return interview.parse(question.id, text, env.clock(), lang)


def _review(answers: dict, context: Context, env: Env) -> dict:
    """The answers on one screen; change any one and only the questions depending on it are asked again."""
    from .wizard_screens import review_line

    while True:
        review = interview.review(answers, env.clock(), language())
        lines = [(q.id, review_line(q.label, words), "") for q, words in review]
        choice = env.prompter.select(
            _("wizard.review"), [(DECIDE, _("wizard.decide"), "")] + lines, default=DECIDE,
        )
        if choice == DECIDE:
            return answers
        previous, answers = answers, interview.reopen(answers, choice)
        _ask_missing(answers, previous, context, env)


def _decision(answers: dict, now: dt.datetime):
    from rules.engine import decide

    from .encounter_input import to_encounter

    encounter = to_encounter(interview.encounter_fields(answers))
    return encounter, decide(encounter, now=now, lang=language())


def _show_decision(env: Env, decision: dict, encounter) -> None:
    from .render import decision_panel

    env.console.print(decision_panel(decision, encounter.ncic_text))


def _say(env: Env, words: str, style: str = "") -> None:
    from .render import t

    env.console.print(t(words, style))


def _hold_running(decision: dict, answers: dict) -> bool:
    hold = decision["hold"]
    return bool(hold) and hold["limit_minutes"] is not None and "held_since" in answers


def _stored(answers: dict) -> StoredHold:
    return StoredHold(answers["id"], answers["jurisdiction"], answers["held_since"])


def _register(env: Env, registered: Optional[StoredHold], hold: StoredHold) -> Optional[StoredHold]:
    """Put the hold in the store (or correct the one this run put there); a problem is shown, not fatal."""
    if hold == registered:
        return registered
    try:
        if registered is None:
            env.store.start(hold.ref, hold.jurisdiction, hold.started)
        else:
            env.store.amend(registered.ref, hold)
    except StoreError as exc:
        _say(env, _("wizard.not_registered", problem=exc), "yellow")
        return registered
    _say(env, _("wizard.registered", ref=hold.ref), "dim")
    return hold


def _countdown(encounter, registered: Optional[StoredHold], env: Env):
    from rules.engine import decide

    from .countdown import frame_of, run_countdown

    def frame_at(now: dt.datetime):
        released = env.store.released(registered.ref) if registered else None
        return frame_of(decide(encounter, now=now, lang=language()), encounter.held_since, released)

    with env.keys() as keys:
        return run_countdown(frame_at, console=env.console, keys=keys, clock=env.clock)


def _farewell(key: str, frame, registered: Optional[StoredHold], env: Env) -> None:
    now = env.clock()
    held = _("wizard.held", minutes=f"{frame.hold['elapsed_minutes']:.0f}")
    if key == "released":
        message = _("wizard.released_elsewhere", ref=frame.ref, at=f"{frame.released:%H:%M}", held=held)
    elif key == "r" and registered is not None:
        try:
            env.store.release(registered.ref, now)
            message = _("wizard.released", ref=registered.ref, at=f"{now:%H:%M}", held=held)
        except StoreError as exc:
            message = _("wizard.released_store_says", at=f"{now:%H:%M}", held=held, problem=exc)
    elif key == "r":
        message = _("wizard.ended_unregistered", at=f"{now:%H:%M}", held=held)
    elif registered is not None:
        message = _("wizard.keeps_running", ref=registered.ref)
    else:
        message = _("wizard.keeps_running_unregistered", since=f"{frame.started:%H:%M}")
    _say(env, message)



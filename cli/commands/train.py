"""`warrantwise train`: roll-call training from the scenario bank: a quiz, or presenter mode."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..i18n import _
from .encounter_flags import PackFiles, use_packs

HELP = _("app.train") + "\n\n" + _("train.example")


def train(
    jurisdiction: Annotated[
        Optional[list[str]],
        typer.Option("--jurisdiction", "-j", help=_("train.jurisdiction_help")),
    ] = None,
    count: Annotated[int, typer.Option("--count", "-n", min=1, help=_("train.count_help"))] = 10,
    seed: Annotated[
        Optional[int], typer.Option(help=_("train.seed_help"))
    ] = None,
    answers: Annotated[
        Optional[str],
        typer.Option("--answers", help=_("train.answers_help")),
    ] = None,
    no_input: Annotated[bool, typer.Option("--no-input", help=_("train.no_input_help"))] = False,
    results: Annotated[
        Optional[str], typer.Option("--results", help=_("train.results_help"))
    ] = None,
    present: Annotated[
        bool, typer.Option("--present", help=_("train.present_help"))
    ] = False,
    pin: Annotated[
        bool, typer.Option("--pin", help=_("train.pin_help"))
    ] = False,
    pack: PackFiles = None,
) -> None:
    """Roll-call training (help text: HELP, from the catalog)."""
    import datetime as dt
    import secrets

    from rules import training
    from rules.errors import InputError, PackError

    from ..console import console, fail
    from ..exit_codes import ExitCode

    use_packs(pack)
    now = dt.datetime.now().astimezone()
    if pin:
        _repin(now)
        return
    try:
        banks = training.load_banks(jurisdiction)
        pool = [s for bank in banks for s in bank.scenarios]
        preset = training.preset_answers(_read_json(answers), pool) if answers else {}
    except (InputError, PackError) as exc:
        fail(str(exc), ExitCode.USAGE)
    if present and (answers or results):
        fail(_("train.present_alone"), ExitCode.USAGE)
    if results:
        try:
            open(results, "a").close()  # find out now, not after the session, that the record cannot be kept
        except OSError as exc:
            fail(_("train.cannot_write", path=results, reason=exc.strerror or exc), ExitCode.USAGE)
    seed = secrets.randbelow(100_000) if seed is None else seed
    chosen = training.select(pool, seed=seed, count=count)
    unanswered = any((s.id, q.about) not in preset for s in chosen for q in s.questions)
    from .. import presenter, prompting, training_ui

    if not no_input and (present or unanswered):
        prompting.require_terminal(_("train.needs_terminal"))
    out = console()
    with prompting.exits_cleanly(input_ended=_("train.input_ended")):
        if present:
            presenter.present(chosen, now=now, console=out, wait=None if no_input else presenter.press_key)
            return
        flagged = {d.scenario: "; ".join(d.changes) for d in training.drift(training.read_pins(), training.pins(banks, now=now))}
        done: list = []
        try:
            for result in training_ui.quiz(
                chosen, now=now, console=out, preset=preset, ask=None if no_input else training_ui.ask_question, flagged=flagged
            ):
                done.append(result)
        finally:
            if results:
                training_ui.write_results(results, done)
    out.print(training_ui.score_panel(done, seed))


def _read_json(path: str):
    import json

    from rules.errors import InputError

    try:
        with open(path, encoding="utf-8-sig") as fh:
            return json.load(fh)
    except OSError as exc:
        raise InputError("answers", f"cannot read {path}: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError("answers", f"{path} is not valid JSON: {exc}") from None


def _repin(now) -> None:
    """Report each scenario whose answer or cited rules changed, then record the bank as it is now."""
    from rules import training
    from rules.errors import InputError, PackError

    from ..console import console, fail
    from ..exit_codes import ExitCode
    from ..render import t

    try:
        banks = training.load_banks()
        problems = [p for bank in banks for p in training.bank_problems(bank, now=now)]
        current = training.pins(banks, now=now)
    except (InputError, PackError) as exc:
        fail(str(exc), ExitCode.USAGE)
    if problems:
        fail(_("train.cannot_pin", problems="; ".join(problems)), ExitCode.USAGE)
    old = training.read_pins()
    out = console()
    drifts = training.drift(old, current)
    for rule, scenarios in training.by_rule(drifts).items():
        out.print(t(_("train.rule_changed", rule=rule, scenarios=", ".join(scenarios)), "bold yellow"))
    for d in drifts:
        out.print(t(f"{d.scenario}: {'; '.join(d.changes)}"))
    for sid in training.stale(old, current):
        out.print(t(_("train.unpinned", scenario=sid)))
    training.PIN_FILE.write_text(training.pins_text(current), encoding="utf-8")
    out.print(t(_("train.pinned", count=len(current["scenarios"]), path=training.PIN_FILE)))

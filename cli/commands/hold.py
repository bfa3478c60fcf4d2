"""`warrantwise hold`: hold clocks that survive a restart and show in every terminal.

A hold is a reference (an incident or case number, never a name), a jurisdiction and a start
time, kept in the hold store under $WARRANTWISE_HOME. Its limit comes from the rules core:
the pack's limit for a person detained while the warrant is checked.
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..i18n import _
from .encounter_flags import PackFiles, use_packs

HELP = _("app.hold")
app = typer.Typer(help=HELP, no_args_is_help=True)

Ref = Annotated[str, typer.Argument(help=_("hold.ref_help"), show_default=False)]
JsonOpt = Annotated[bool, typer.Option("--json", help=_("hold.json_help"))]


@app.command(help=_("hold.start_help") + "\n\n" + _("hold.start_example"))
def start(
    ref: Ref,
    jurisdiction: Annotated[
        Optional[str], typer.Option("--jurisdiction", "-j", help=_("hold.jurisdiction_help"))
    ] = None,
    since: Annotated[
        Optional[str], typer.Option(help=_("hold.since_help"))
    ] = None,
    minutes_ago: Annotated[Optional[float], typer.Option(min=0, help=_("hold.minutes_ago_help"))] = None,
    pack: PackFiles = None,
) -> None:
    """Start a hold clock."""
    from rules.interview import hold_start

    from ..hold_store import StoreError
    from ..i18n import language
    from ..wizard_memory import last_jurisdiction

    use_packs(pack)
    if since is not None and minutes_ago is not None:
        _fail(_("hold.since_or_minutes"))
    store = _store()
    jurisdiction = jurisdiction or last_jurisdiction(store.home)
    if not jurisdiction:
        _fail(_("hold.give_jurisdiction"))
    _check_jurisdiction(jurisdiction)
    now = _now()
    try:
        started = hold_start(since if since is not None else f"{minutes_ago or 0}", now, language())
    except ValueError as exc:
        _fail(f"--since: {exc}")
    try:
        hold = store.start(ref, jurisdiction, started)
    except StoreError as exc:
        _fail(exc)
    _print_status(hold, now)


@app.command(help=_("hold.status_help"))
def status(
    ref: Ref,
    watch: Annotated[bool, typer.Option("--watch", help=_("hold.watch_help"))] = False,
    json_out: JsonOpt = False,
) -> None:
    """Show one hold."""
    store = _store()
    hold = _get(store, ref)
    if json_out:
        _echo_json(_report(hold, _now()))
    elif watch and hold.released is None:
        _watch(store, hold)
    else:
        _print_status(hold, _now())


@app.command("list", help=_("hold.list_help"))
def list_holds(json_out: JsonOpt = False) -> None:
    """List the running holds."""
    from ..hold_store import StoreError

    now = _now()
    try:
        holds = _store().running()
    except StoreError as exc:
        _fail(exc)
    reports = [_report(h, now) for h in holds]
    if json_out:
        _echo_json(reports)
        return
    from ..console import console

    console().print(_table(reports, now) if reports else _("hold.none_running"))


@app.command(help=_("hold.release_help"))
def release(ref: Ref) -> None:
    """Release a hold."""
    from ..hold_store import StoreError

    store = _store()
    try:
        hold = store.release(ref, _now())
    except StoreError as exc:
        _fail(exc)
    _print_status(hold, _now())


@app.command("fresh-store", help=_("hold.fresh_store_help") + "\n\n" + _("hold.fresh_store_more"))
def fresh_store() -> None:
    """Set a damaged hold store aside."""
    from ..hold_store import StoreError

    store = _store()
    try:
        kept = store.set_aside(_now().strftime("%Y%m%dT%H%M%S"))
    except StoreError as exc:
        _fail(exc)

    typer.echo(_("hold.set_aside", kept=kept, path=store.path))


def _store():
    from ..hold_store import open_store

    return open_store()


def _get(store, ref: str):
    from ..hold_store import StoreError

    try:
        return store.get(ref)
    except StoreError as exc:
        _fail(exc)


def _now():
    import datetime as dt

    return dt.datetime.now().astimezone()


def _fail(problem) -> None:
    """Exit with the problem's words: STORE_FAULT when the hold store itself failed, else USAGE."""
    from ..console import fail
    from ..exit_codes import ExitCode
    from ..hold_store import StoreFault

    fail(str(problem), ExitCode.STORE_FAULT if isinstance(problem, StoreFault) else ExitCode.USAGE)


def _check_jurisdiction(jurisdiction: str) -> None:
    from rules.engine import resolve_pack
    from rules.errors import InputError, PackError

    try:
        resolve_pack(jurisdiction)
    except (InputError, PackError) as exc:
        _fail(exc)


def _decision(hold, now):
    """The rules core's decision for a person detained since the hold began (the store keeps no other facts)."""
    from rules.engine import decide
    from rules.models import Encounter

    from ..i18n import language

    encounter = Encounter(id=hold.ref, jurisdiction=hold.jurisdiction, date=hold.started.date(), held_since=hold.started)
    return decide(encounter, now=hold.released or now, lang=language())


def _report(hold, now) -> dict:
    from rules.hold import hold_phase

    clock = _decision(hold, now)["hold"]
    running = hold.released is None
    phase = hold_phase(clock["remaining_minutes"]) if running and clock and clock["limit_minutes"] is not None else None
    return {**hold.to_json(), "status": "running" if running else "released", "hold": clock, "phase": phase}


def _echo_json(data) -> None:
    import json

    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _print_status(hold, now) -> None:
    """A running hold as one frame of its countdown; a released one as a line."""
    from ..console import console
    from ..countdown import countdown_view, frame_of
    from ..render import hold_text, t

    decision = _decision(hold, now)
    clock = decision["hold"]
    head = t(_("hold.status_head", ref=hold.ref, jurisdiction=hold.jurisdiction,
               began=hold.started.isoformat(timespec="minutes")), "bold")
    if hold.released:
        body = t(_("hold.status_released", at=hold.released.isoformat(timespec="minutes"),
                   minutes=f"{clock['elapsed_minutes']:.0f}"))
    elif clock["limit_minutes"] is None:
        body = hold_text(clock)
    else:
        body = countdown_view(frame_of(decision, hold.started), keys="")
    console().print(head, body)


def _table(reports: list[dict], now):
    import datetime as dt

    from rich import box
    from rich.table import Table

    from ..countdown import began_words
    from ..render import PHASE_STYLE, t

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for name in (_("hold.col_ref"), _("hold.col_jurisdiction"), _("hold.col_began"), _("hold.col_held"), _("hold.col_left")):
        table.add_column(name, overflow="fold")
    for r in reports:
        hold = r["hold"]
        minutes = _("hold.minutes", minutes=f"{hold['remaining_minutes']:.0f}") if hold else ""
        left = {None: _("hold.no_limit"), "expired": _("hold.limit_reached")}.get(r["phase"], minutes)
        table.add_row(
            t(r["ref"]), t(r["jurisdiction"]), t(began_words(dt.datetime.fromisoformat(r["started"]), now)),
            t(_("hold.minutes", minutes=f"{hold['elapsed_minutes']:.0f}")), t(left, PHASE_STYLE.get(r["phase"], "")),
        )
    return table


def _watch(store, hold) -> None:
    """The live countdown for a stored hold; a release from any terminal ends it."""
    from ..console import console
    from ..countdown import TerminalKeys, frame_of, run_countdown
    from ..hold_store import StoreError
    from ..prompting import exits_cleanly, require_terminal

    require_terminal(_("hold.watch_needs_terminal"))

    def frame_at(now):
        return frame_of(_decision(hold, now), hold.started, store.released(hold.ref))

    if _decision(hold, _now())["hold"]["limit_minutes"] is None:
        _print_status(hold, _now())
        return
    with exits_cleanly():
        with TerminalKeys() as keys:
            key = run_countdown(frame_at, console=console(), keys=keys, clock=_now, allowed="rq")[0]
    if key == "r":
        try:
            store.release(hold.ref, _now())
        except StoreError as exc:
            _fail(exc)
    _print_status(_get(store, hold.ref), _now())

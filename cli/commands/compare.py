"""`warrantwise compare`: one encounter in several jurisdictions and on several dates, side by side."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..i18n import _
from .encounter_flags import (
    Custody,
    Date,
    Dispatch,
    EncounterId,
    HeldMinutes,
    HeldSince,
    NcicFile,
    NcicText,
    Offense,
    PackFiles,
    Role,
    Warrant,
    flag_values,
    use_packs,
)

InputFile = Annotated[Optional[str], typer.Option("--input", help=_("check.input_help"))]
HELP = _("app.compare") + "\n\n" + _("compare.example")


def compare(
    places: Annotated[
        Optional[list[str]],
        typer.Option(
            "--in",
            help=_("compare.in_help"),
        ),
    ] = None,
    date: Date = None,
    role: Role = None,
    custody: Custody = None,
    warrant: Warrant = None,
    ncic_text: NcicText = None,
    ncic_file: NcicFile = None,
    dispatch_confirmed: Dispatch = None,
    offense: Offense = None,
    held_minutes: HeldMinutes = None,
    held_since: HeldSince = None,
    id: EncounterId = None,
    input: InputFile = None,
    json_out: Annotated[bool, typer.Option("--json", help=_("compare.json_help"))] = False,
    pack: PackFiles = None,
) -> None:
    """Compare what the policy says about the same encounter across places and dates.

    Example: warrantwise compare --custody none --role driver --warrant none
    --in pg-county@2019-08-01 --in dc-mpd@2025-08-20 --in dc-mpd@2025-10-01
    """
    import datetime as dt
    import json

    from rules.engine import decide
    from rules.errors import InputError, PackError

    from ..console import console, fail
    from ..encounter_input import merge, to_encounter
    from ..exit_codes import ExitCode
    from ..i18n import language

    use_packs(pack)
    if not places:
        fail(_("compare.no_place"), ExitCode.USAGE)
    flags = flag_values(
        date=date, role=role, custody=custody, warrant=warrant, ncic_text=ncic_text, dispatch_confirmed=dispatch_confirmed,
        offense=offense, held_minutes=held_minutes, held_since=held_since, id=id,
    )
    try:
        base = encounter_fields(flags, ncic_file, input)
    except InputError as exc:
        fail(str(exc), ExitCode.USAGE)
    now = dt.datetime.now().astimezone()
    decisions = []
    for place in places:
        jurisdiction, _at, day = place.partition("@")
        try:
            encounter = to_encounter(merge(base, {"jurisdiction": jurisdiction.strip() or None, "date": day.strip() or None}))
            decisions.append(decide(encounter, now=now, lang="en" if json_out else language()))
        except (InputError, PackError) as exc:
            fail(f"--in {place}: {exc}", ExitCode.USAGE)
    if json_out:
        typer.echo(json.dumps(decisions, ensure_ascii=False, indent=2))
        return
    from ..render import compare_view

    console().print(compare_view(decisions))


def encounter_fields(flags: dict, ncic_file: Optional[str], input: Optional[str]) -> dict:
    """The encounter's fields as `check` reads them: an --input file, overridden by flags."""
    from ..console import fail
    from ..encounter_input import load_answers_file, merge
    from ..exit_codes import ExitCode
    from .encounter_flags import read_text_arg

    if ncic_file is not None:
        if flags.get("ncic_text") is not None:
            fail(_("common.ncic_text_or_file"), ExitCode.USAGE)
        flags = {**flags, "ncic_text": read_text_arg(ncic_file)}
    return merge(load_answers_file(input) if input else None, flags)

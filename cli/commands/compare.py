"""`warrantwise compare`: one encounter in several jurisdictions and on several dates, side by side."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..i18n import _
from .encounter_flags import (
    PackFiles,
    encounter_command,
    encounter_fields,
    use_packs,
)

InputFile = Annotated[Optional[str], typer.Option("--input", help=_("check.input_help"))]
HELP = _("app.compare") + "\n\n" + _("compare.example")


@encounter_command(without=("jurisdiction",))
def compare(
    flags: dict,
    ncic_file: Optional[str],
    places: Annotated[
        Optional[list[str]],
        typer.Option(
            "--in",
            help=_("compare.in_help"),
        ),
    ] = None,
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

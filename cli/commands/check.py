"""`warrantwise check`: one encounter from flags or a file, one decision."""

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
    Jurisdiction,
    NcicFile,
    NcicText,
    Offense,
    PackFiles,
    Role,
    Warrant,
    flag_values,
    read_text_arg,
    use_packs,
)

HELP = _("app.check") + "\n\n" + _("check.example")


def check(
    jurisdiction: Jurisdiction = None,
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
    input: Annotated[
        Optional[str], typer.Option("--input", help=_("check.input_help"))
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help=_("check.json_help"))] = False,
    pack: PackFiles = None,
) -> None:
    """Decide one encounter: what the policy requires, permits and prohibits, and why.

    Example: warrantwise check -j pg-county --date 2019-08-01 --custody detained
    --ncic-text "OUTSTANDING ADMINISTRATIVE WARRANT OF REMOVAL" --held-minutes 5
    """
    import datetime as dt
    import json

    from rules.engine import decide
    from rules.errors import InputError, PackError

    from ..console import console, fail
    from ..i18n import language
    from ..encounter_input import load_answers_file, merge, to_encounter
    from ..exit_codes import ExitCode

    use_packs(pack)
    flags = flag_values(
        jurisdiction=jurisdiction, date=date, role=role, custody=custody, warrant=warrant, ncic_text=ncic_text,
        dispatch_confirmed=dispatch_confirmed, offense=offense, held_minutes=held_minutes, held_since=held_since, id=id,
    )
    if ncic_file is not None:
        if ncic_text is not None:
            fail(_("common.ncic_text_or_file"), ExitCode.USAGE)
        flags["ncic_text"] = read_text_arg(ncic_file)
    try:
        data = merge(load_answers_file(input) if input else None, flags)
        if "jurisdiction" not in data:
            raise InputError("jurisdiction", _("check.no_jurisdiction"))
        encounter = to_encounter(data)
        decision = decide(encounter, now=dt.datetime.now().astimezone(), lang="en" if json_out else language())
    except (InputError, PackError) as exc:
        fail(str(exc), ExitCode.USAGE)
    if json_out:
        typer.echo(json.dumps(decision, ensure_ascii=False, indent=2))
        return
    from ..render import decision_panel

    console().print(decision_panel(decision, encounter.ncic_text))

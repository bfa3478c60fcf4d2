"""`warrantwise wizard` (and `warrantwise` alone on a terminal): the encounter, question by question."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from .compare import encounter_fields
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
    use_packs,
)


def wizard(
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
    answers: Annotated[
        Optional[str],
        typer.Option("--answers", help="Encounter fields as a JSON or TOML file; flags override it, the wizard asks the rest."),
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Never prompt: decide from flags and --answers, or fail naming what is missing.")
    ] = False,
    pack: PackFiles = None,
) -> None:
    """Walk through an encounter question by question, review the answers, get the decision,
    and watch the hold countdown (keys: r release, c re-check, q quit).

    Answers come from flags, then --answers FILE, then questions, then defaults. With --id the
    hold is registered so a supervisor sees it with `warrantwise hold list`.

    Example: warrantwise wizard -j pg-county --custody detained
    """
    from rules.errors import InputError

    from .. import wizard as flow
    from ..console import fail
    from ..exit_codes import ExitCode
    from ..i18n import _
    from ..prompting import require_terminal

    use_packs(pack)
    flags = flag_values(
        jurisdiction=jurisdiction, date=date, role=role, custody=custody, warrant=warrant, ncic_text=ncic_text,
        dispatch_confirmed=dispatch_confirmed, offense=offense, held_minutes=held_minutes, held_since=held_since, id=id,
    )
    try:
        given = encounter_fields(flags, ncic_file, answers)
    except InputError as exc:
        fail(str(exc), ExitCode.USAGE)
    if not no_input:
        require_terminal(_("wizard.needs_terminal"))
    flow.run(given, no_input=no_input, env=flow.terminal_env())

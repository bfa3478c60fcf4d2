"""`warrantwise wizard` (and `warrantwise` alone on a terminal): the encounter, question by question."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..i18n import _
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

HELP = _("app.wizard") + "\n\n" + _("wizard.more")


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
        typer.Option("--answers", help=_("wizard.answers_help")),
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help=_("wizard.no_input_help"))
    ] = False,
    pack: PackFiles = None,
) -> None:
    """The encounter, question by question (help text: HELP, from the catalog)."""
    from rules.errors import InputError

    from .. import wizard as flow
    from ..console import fail
    from ..exit_codes import ExitCode
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

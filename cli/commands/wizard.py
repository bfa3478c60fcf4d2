"""`warrantwise wizard` (and `warrantwise` alone on a terminal): the encounter, question by question."""

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

HELP = _("app.wizard") + "\n\n" + _("wizard.more")


@encounter_command()
def wizard(
    flags: dict,
    ncic_file: Optional[str],
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
    try:
        given = encounter_fields(flags, ncic_file, answers)
    except InputError as exc:
        fail(str(exc), ExitCode.USAGE)
    if not no_input:
        require_terminal(_("wizard.needs_terminal"))
    flow.run(given, no_input=no_input, env=flow.terminal_env())

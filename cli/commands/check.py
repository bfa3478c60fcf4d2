"""`warrantwise check`: one encounter from flags or a file, one decision."""

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

HELP = _("app.check") + "\n\n" + _("check.example")


@encounter_command()
def check(
    flags: dict,
    ncic_file: Optional[str],
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
    from ..encounter_input import to_encounter
    from ..exit_codes import ExitCode

    use_packs(pack)
    try:
        data = encounter_fields(flags, ncic_file, input)
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

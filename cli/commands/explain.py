"""`warrantwise explain`: the trace of one decision, rule by rule and action by action."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..i18n import _
from .compare import InputFile
from .encounter_flags import (
    PackFiles,
    encounter_command,
    encounter_fields,
    use_packs,
)

HELP = _("app.explain") + "\n\n" + _("explain.example")


@encounter_command()
def explain(
    flags: dict,
    ncic_file: Optional[str],
    input: InputFile = None,
    json_out: Annotated[bool, typer.Option("--json", help=_("explain.json_help"))] = False,
    pack: PackFiles = None,
) -> None:
    """Explain one decision: every rule considered, whether it was in force, which conditions
    held, and which rule prevailed for each action and why.

    Example: warrantwise explain -j dc-mpd --date 2025-08-20 --custody arrested --warrant ice-administrative
    """
    import datetime as dt
    import json

    from rules.errors import InputError, PackError
    from rules.explain import explain as trace_of

    from ..console import console, fail
    from ..encounter_input import to_encounter
    from ..exit_codes import ExitCode
    from ..i18n import language

    use_packs(pack)
    try:
        data = encounter_fields(flags, ncic_file, input)
        if "jurisdiction" not in data:
            raise InputError("jurisdiction", _("check.no_jurisdiction"))
        trace = trace_of(to_encounter(data), now=dt.datetime.now().astimezone(), lang="en" if json_out else language())
    except (InputError, PackError) as exc:
        fail(str(exc), ExitCode.USAGE)
    if json_out:
        typer.echo(json.dumps(trace, ensure_ascii=False, indent=2))
        return
    from ..render import trace_view

    console().print(trace_view(trace))

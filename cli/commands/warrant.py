"""`warrantwise warrant`: a supervisor reads an NCIC hit: civil or criminal, and why."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..i18n import _

HELP = _("app.warrant") + "\n\n" + _("warrant.example")


def warrant(
    text: Annotated[Optional[str], typer.Argument(help=_("warrant.text_help"))] = None,
    file: Annotated[Optional[str], typer.Option("--file", "-f", help=_("warrant.file_help"))] = None,
    json_out: Annotated[bool, typer.Option("--json", help=_("warrant.json_help"))] = False,
) -> None:
    """Read NCIC hit text: the kind of process, civil or criminal, the deciding words explained,
    what is missing and what to ask dispatch.

    Example: warrantwise warrant "OUTSTANDING ADMINISTRATIVE WARRANT OF REMOVAL"
    """
    import json
    import sys

    from rules.ncic import read_ncic

    from ..console import console, fail
    from ..exit_codes import ExitCode
    from ..i18n import language
    from .encounter_flags import read_text_arg

    if file is not None and text is not None:
        fail(_("warrant.text_or_file"), ExitCode.USAGE)
    if file is not None:
        text = read_text_arg(file)
    elif text is None or text == "-":
        if sys.stdin.isatty():
            fail(_("warrant.no_text"), ExitCode.USAGE)
        text = sys.stdin.read()
    reading = read_ncic(text, "en" if json_out else language())
    result = {
        "kind": reading.kind,
        "class": reading.warrant_class,
        "summary": reading.summary,
        "evidence": reading.evidence,
        "fields": reading.fields,
        "found": reading.found,
        "missing": reading.missing,
        "questions": reading.questions,
    }
    if json_out:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    from ..render import reading_panel

    console().print(reading_panel(text, result))

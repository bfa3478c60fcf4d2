"""The encounter flags shared by `check`, `compare` and the wizard, declared once."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..i18n import _
from ..pack_files import PackFiles, use_packs  # noqa: F401 - every command's flags are imported from here

Jurisdiction = Annotated[Optional[str], typer.Option("--jurisdiction", "-j", help=_("common.jurisdiction_help"))]
Date = Annotated[Optional[str], typer.Option(help=_("common.date_help"))]
Role = Annotated[Optional[str], typer.Option(help=_("common.role_help"))]
Custody = Annotated[Optional[str], typer.Option(help=_("common.custody_help"))]
Warrant = Annotated[Optional[str], typer.Option(help=_("common.warrant_help"))]
NcicText = Annotated[Optional[str], typer.Option("--ncic-text", help=_("common.ncic_text_help"))]
NcicFile = Annotated[Optional[str], typer.Option("--ncic-file", help=_("common.ncic_file_help"))]
Dispatch = Annotated[
    Optional[bool], typer.Option("--dispatch-confirmed/--not-dispatch-confirmed", help=_("common.dispatch_help"))
]
Offense = Annotated[Optional[list[str]], typer.Option("--offense", help=_("common.offense_help"))]
HeldMinutes = Annotated[Optional[float], typer.Option(help=_("common.held_minutes_help"))]
HeldSince = Annotated[Optional[str], typer.Option(help=_("common.held_since_help"))]
EncounterId = Annotated[Optional[str], typer.Option("--id", help=_("common.id_help"))]


def flag_values(**flags) -> dict:
    """The encounter fields given as flags (None where a flag was not given)."""
    offenses = flags.pop("offense", None)
    return {
        "id": flags.get("id"),
        "jurisdiction": flags.get("jurisdiction"),
        "date": flags.get("date"),
        "role": flags.get("role"),
        "custody": flags.get("custody"),
        "warrant": flags.get("warrant"),
        "ncic_text": flags.get("ncic_text"),
        "dispatch_confirmed": flags.get("dispatch_confirmed"),
        "suspected_offenses": offenses or None,
        "held_minutes": flags.get("held_minutes"),
        "held_since": flags.get("held_since"),
    }


def read_text_arg(path: Optional[str]) -> Optional[str]:
    """Text from a file path, or from standard input for '-'."""
    if path is None:
        return None
    import sys

    if path == "-":
        return sys.stdin.read()
    try:
        with open(path, encoding="utf-8-sig") as fh:
            return fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        from ..console import fail
        from ..exit_codes import ExitCode

        fail(_("common.cannot_read", path=path, why=getattr(exc, "strerror", None) or exc), ExitCode.USAGE)

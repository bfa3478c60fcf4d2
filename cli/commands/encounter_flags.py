"""The encounter flags shared by `check`, `compare` and the wizard, declared once."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..pack_files import PackFiles, use_packs  # noqa: F401 - every command's flags are imported from here

Jurisdiction = Annotated[
    Optional[str], typer.Option("--jurisdiction", "-j", help="Policy pack: pg-county, dc-mpd, miami-dade, greenbelt, or a pack loaded with --pack.")
]
Date = Annotated[Optional[str], typer.Option(help="Date of the encounter, YYYY-MM-DD; picks the policy in force. Default: today.")]
Role = Annotated[Optional[str], typer.Option(help="The person's role: suspect, driver, passenger, victim, witness, other.")]
Custody = Annotated[
    Optional[str], typer.Option(help="none (stop or field contact), detained, arrested, jail. Default: detained.")
]
Warrant = Annotated[
    Optional[str],
    typer.Option(
        help="Kind of process if known: none, criminal, ice-administrative, ice-detainer, civil-other, "
        "judicial-immigration-order, unknown. Leave out to read it from the NCIC text."
    ),
]
NcicText = Annotated[Optional[str], typer.Option("--ncic-text", help="The NCIC hit as printed (quote it).")]
NcicFile = Annotated[Optional[str], typer.Option("--ncic-file", help="Read the NCIC hit from a file; '-' reads standard input.")]
Dispatch = Annotated[
    Optional[bool],
    typer.Option("--dispatch-confirmed/--not-dispatch-confirmed", help="Dispatch confirmed the warrant is active and criminal."),
]
Offense = Annotated[
    Optional[list[str]],
    typer.Option(
        "--offense",
        help="A suspected offence (repeat for more): drug-trafficking, human-trafficking, money-laundering, "
        "terrorism, customs, gang, smuggling, other-crime.",
    ),
]
HeldMinutes = Annotated[Optional[float], typer.Option(help="Minutes the person has been held so far.")]
HeldSince = Annotated[
    Optional[str], typer.Option(help="When the hold began, ISO 8601 with a UTC offset, e.g. 2026-11-21T14:05-05:00.")
]
EncounterId = Annotated[Optional[str], typer.Option("--id", help="Your reference for this encounter (a case number, never a name).")]


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

        fail(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}", ExitCode.USAGE)

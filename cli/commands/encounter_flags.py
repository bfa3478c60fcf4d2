"""The encounter flags shared by `check`, `compare`, `explain` and the wizard, declared once."""

from __future__ import annotations

import functools
import inspect
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


# The flags every encounter command takes, in the order --help lists them.
ENCOUNTER_FLAGS = (
    ("jurisdiction", Jurisdiction), ("date", Date), ("role", Role), ("custody", Custody), ("warrant", Warrant),
    ("ncic_text", NcicText), ("ncic_file", NcicFile), ("dispatch_confirmed", Dispatch), ("offense", Offense),
    ("held_minutes", HeldMinutes), ("held_since", HeldSince), ("id", EncounterId),
)


def encounter_command(without: tuple[str, ...] = ()):
    """Give a command the encounter flags (all but `without`) ahead of its own options.

    The flags are declared once, here, not in every command's signature. The command receives
    them as `flags` (the encounter fields given, see flag_values) and `ncic_file`.
    """
    shared = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=kind)
        for name, kind in ENCOUNTER_FLAGS
        if name not in without
    ]

    def wrap(func):
        own = inspect.signature(func, eval_str=True)
        rest = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own.parameters.values()
                if p.name not in ("flags", "ncic_file")]

        @functools.wraps(func)
        def command(**options):
            given = {p.name: options.pop(p.name) for p in shared}
            ncic_file = given.pop("ncic_file", None)
            return func(flags=flag_values(**given), ncic_file=ncic_file, **options)

        command.__signature__ = own.replace(parameters=shared + rest)  # what typer reads
        command.__annotations__ = {p.name: p.annotation for p in command.__signature__.parameters.values()}
        return command

    return wrap


def encounter_fields(flags: dict, ncic_file: Optional[str], input: Optional[str]) -> dict:
    """The encounter's fields: an --input/--answers file, overridden by the flags given."""
    from ..console import fail
    from ..encounter_input import load_answers_file, merge
    from ..exit_codes import ExitCode

    if ncic_file is not None:
        if flags.get("ncic_text") is not None:
            fail(_("common.ncic_text_or_file"), ExitCode.USAGE)
        flags = {**flags, "ncic_text": read_text_arg(ncic_file)}
    return merge(load_answers_file(input) if input else None, flags)


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

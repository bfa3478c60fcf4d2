"""Rich consoles made per call, so width and colour follow the current terminal and env."""

from __future__ import annotations

import sys


def console(stderr: bool = False, **kwargs):
    from rich.console import Console

    return Console(file=sys.stderr if stderr else sys.stdout, highlight=False, **kwargs)


def fail(message: str, code: int) -> None:
    """Print an error (never a traceback) to stderr and exit with `code`."""
    import typer
    from rich.text import Text

    from .i18n import _
    from .safe_text import printable

    # A Text, not markup: the message may echo user input, and markup would also turn :name: into emoji.
    # Into a log or a pipe the message stays one line, so a file path in it comes out whole;
    # on a terminal it is wrapped to the width.
    out = console(stderr=True)
    out.print(Text.assemble((_("common.error"), "bold red"), printable(message)), soft_wrap=not out.is_terminal)
    raise typer.Exit(code)

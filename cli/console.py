"""Rich consoles made per call, so width and colour follow the current terminal and env."""

from __future__ import annotations

import sys


def console(stderr: bool = False, **kwargs):
    from rich.console import Console

    return Console(file=sys.stderr if stderr else sys.stdout, highlight=False, **kwargs)


def fail(message: str, code: int) -> None:
    """Print an error (never a traceback) to stderr and exit with `code`."""
    import typer

    from .safe_text import printable

    console(stderr=True).print(f"[bold red]error:[/] {_escape(printable(message))}")
    raise typer.Exit(code)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)

"""The typer app. Imports only typer and the command modules, which import only typer at
the top, so `--help` and scripted runs start fast."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from . import __version__
from .commands import batch, check, rules_cmd, warrant

app = typer.Typer(
    name="warrantwise",
    help=(
        "warrantwise: what your department's immigration policy requires, permits and prohibits in an "
        "encounter, with the rule, its source and its words, and the one-hour hold timer.\n\n"
        "Answers reflect the policy text on record as of each pack's review date. Not legal advice: "
        "when in doubt, ask a supervisor."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command("check")(check.check)
app.command("batch")(batch.batch)
app.command("warrant")(warrant.warrant)
app.add_typer(rules_cmd.app, name="rules")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"warrantwise {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = None,
) -> None:
    """warrantwise."""


def main() -> None:
    """Console entry point: no traceback on a closed pipe or Ctrl-C."""
    try:
        app()
    except BrokenPipeError:
        _quiet_broken_pipe()
    except KeyboardInterrupt:
        sys.stderr.write("\nCancelled.\n")
        sys.exit(130)


def _quiet_broken_pipe() -> None:
    import os

    # Python flushes stdout at exit; point it at /dev/null so that flush cannot fail again.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(0)

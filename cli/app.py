"""The typer app. Imports only typer and the command modules, which import only typer at
the top, so `--help` and scripted runs start fast."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from . import __version__

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
# The command registry: (name, module under cli.commands, attribute). A function becomes a
# command; a typer.Typer becomes a group of subcommands. Add a command by adding a line here.
COMMANDS = [
    ("check", "check", "check"),
    ("batch", "batch", "batch"),
    ("warrant", "warrant", "warrant"),
    ("rules", "rules_cmd", "app"),
]


def _register() -> None:
    import importlib

    for name, module, attr in COMMANDS:
        target = getattr(importlib.import_module(f"cli.commands.{module}"), attr)
        if isinstance(target, typer.Typer):
            app.add_typer(target, name=name)
        else:
            app.command(name)(target)


_register()


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

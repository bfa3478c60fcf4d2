"""The typer app and its command registry.

`warrantwise --help` lists the commands from the COMMANDS table without importing a single
command module; a command's module is imported only when that command runs or shows its own
help. So every start pays for typer and the one command used, however many commands there are.
"""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer
from typer.core import TyperCommand, TyperGroup

from . import __version__
from .pack_files import PackFiles, use_packs

# The command registry: (name, module under cli.commands, attribute, summary). A function
# becomes a command; a typer.Typer becomes a group of subcommands. The summary is what
# `warrantwise --help` lists, so listing needs no import: the first paragraph of the command's
# own help (tests/test_import_discipline.py checks that the two agree). Add a command by adding
# a line here.
COMMANDS = [
    ("check", "check", "check", "Decide one encounter: what the policy requires, permits and prohibits, and why."),
    ("batch", "batch", "batch", "Decide many encounters: one output record per input record, in order."),
    ("warrant", "warrant", "warrant", "Read NCIC hit text: the kind of process, civil or criminal, the deciding words explained, what is missing and what to ask dispatch."),
    ("rules", "rules_cmd", "app", "The policy packs: list them, show one pack's rules with their sources; start, test and diff a pack."),
    ("wizard", "wizard", "wizard", "Walk through an encounter question by question, review the answers, get the decision, and watch the hold countdown (keys: r release, c re-check, q quit)."),
    ("hold", "hold", "app", "Hold clocks that survive a restart: start, watch, list and release holds by incident number."),
    ("train", "train", "train", "Roll-call training: scenarios from the policy, answered and scored, with the rule and its words."),
    ("compare", "compare", "compare", "Compare what the policy says about the same encounter across places and dates."),
    ("explain", "explain", "explain", "Explain one decision: every rule considered, whether it was in force, which conditions held, and which rule prevailed for each action and why."),
]


class _Listed(TyperCommand):
    """A command as the registry lists it: name and summary, its module not yet imported."""

    def __init__(self, name: str, module: str, attr: str, summary: str):
        super().__init__(name=name, help=summary)
        self.module, self.attr = module, attr

    def load(self) -> TyperCommand:
        import importlib

        target = getattr(importlib.import_module(f"cli.commands.{self.module}"), self.attr)
        holder = typer.Typer()
        if isinstance(target, typer.Typer):
            holder.add_typer(target, name=self.name)
        else:
            holder.command(self.name)(target)
        return typer.main.get_group(holder).commands[self.name]


class _LazyGroup(TyperGroup):
    """The root group: lists the registry's commands, imports one only when it is resolved to run."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for name, module, attr, *summary in COMMANDS:
            self.commands.setdefault(name, _Listed(name, module, attr, summary[0] if summary else ""))

    def resolve_command(self, ctx, args):
        name, command, rest = super().resolve_command(ctx, args)
        if isinstance(command, _Listed):
            command = self.commands[name] = command.load()
        return name, command, rest


app = typer.Typer(
    name="warrantwise",
    help=(
        "warrantwise: what your department's immigration policy requires, permits and prohibits in an "
        "encounter, with the rule, its source and its words, and the one-hour hold timer.\n\n"
        "Answers reflect the policy text on record as of each pack's review date. Not legal advice: "
        "when in doubt, ask a supervisor."
    ),
    cls=_LazyGroup,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"warrantwise {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = None,
    pack: PackFiles = None,
) -> None:
    """warrantwise."""
    use_packs(pack, fresh=True)


def main() -> None:
    """Console entry point: no traceback on a closed pipe or Ctrl-C. With no arguments on a
    terminal it starts the wizard; with no terminal it prints the help (`no_args_is_help`)."""
    try:
        app(args=sys.argv[1:] or (["wizard"] if sys.stdin.isatty() and sys.stdout.isatty() else []))
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
    sys.exit(1)  # as typer exits on a closed pipe inside a command: not every answer was written

"""The typer app and its command registry.

`warrantwise --help` lists the commands from the COMMANDS table without importing a single
command module; a command's module is imported only when that command runs or shows its own
help. So every start pays for typer and the one command used, however many commands there are.

The language (`--lang`, WARRANTWISE_LANG, the locale) is picked in main() before typer parses
anything, so every help text is read in it: summaries here are looked up when the group is
built, and command modules word their help when they are imported.
"""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer
from typer.core import TyperCommand, TyperGroup

from rules.i18n import LANGS, pick_language

from . import __version__
from .i18n import _, lang_from_argv, set_language
from .pack_files import PackFiles, use_packs

# The command registry: (name, module under cli.commands, attribute, summary). A function
# becomes a command; a typer.Typer becomes a group of subcommands. The summary is what
# `warrantwise --help` lists, so listing needs no import: the first paragraph of the command's
# own help (tests/test_import_discipline.py checks that the two agree, in every language). It is
# a function, so it is worded in the language picked at start. A command module may set HELP,
# its whole help in that language (else typer takes its docstring). Add a command by adding a line.
COMMANDS = [
    ("check", "check", "check", lambda: _("app.check")),
    ("batch", "batch", "batch", lambda: _("app.batch")),
    ("warrant", "warrant", "warrant", lambda: _("app.warrant")),
    ("rules", "rules_cmd", "app", lambda: _("app.rules")),
    ("wizard", "wizard", "wizard", lambda: _("app.wizard")),
    ("hold", "hold", "app", lambda: _("app.hold")),
    ("train", "train", "train", lambda: _("app.train")),
    ("compare", "compare", "compare", lambda: _("app.compare")),
    ("explain", "explain", "explain", lambda: _("app.explain")),
]


class _Listed(TyperCommand):
    """A command as the registry lists it: name and summary, its module not yet imported."""

    def __init__(self, name: str, module: str, attr: str, summary: str):
        super().__init__(name=name, help=summary)
        self.module, self.attr = module, attr

    def load(self) -> TyperCommand:
        import importlib

        module = importlib.import_module(f"cli.commands.{self.module}")
        target = getattr(module, self.attr)
        holder = typer.Typer()
        worded = {"help": module.HELP} if hasattr(module, "HELP") else {}
        if isinstance(target, typer.Typer):
            holder.add_typer(target, name=self.name, **worded)
        else:
            holder.command(self.name, **worded)(target)
        return typer.main.get_group(holder).commands[self.name]


class _LazyGroup(TyperGroup):
    """The root group: lists the registry's commands, imports one only when it is resolved to run."""

    def __init__(self, **kwargs):
        super().__init__(**{**kwargs, "help": _("app.help")})
        for name, module, attr, *summary in COMMANDS:
            self.commands.setdefault(name, _Listed(name, module, attr, summary[0]() if summary else ""))
        helps = {"version": _("app.version_help"), "lang": _("app.lang_help", langs=", ".join(LANGS)),
                 "pack": _("common.pack_help")}
        for param in self.params:  # declared at import, before the language was picked
            param.help = helps.get(param.name, param.help)

    def resolve_command(self, ctx, args):
        name, command, rest = super().resolve_command(ctx, args)
        if isinstance(command, _Listed):
            command = self.commands[name] = command.load()
        return name, command, rest


app = typer.Typer(
    name="warrantwise",
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
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True)
    ] = None,
    lang: Annotated[Optional[str], typer.Option("--lang", metavar="LANG")] = None,
    pack: PackFiles = None,
) -> None:
    """warrantwise."""
    if lang:  # main() has already picked it; this serves callers that invoke the app directly
        try:
            set_language(pick_language(lang))
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--lang") from None
    use_packs(pack, fresh=True)


def main() -> None:
    """Console entry point: no traceback on a closed pipe or Ctrl-C. With no arguments on a
    terminal it starts the wizard; with no terminal it prints the help (`no_args_is_help`)."""
    argv = sys.argv[1:]
    try:
        set_language(pick_language(lang_from_argv(argv)))
    except ValueError as exc:
        sys.stderr.write(f"{_('app.bad_lang', why=exc)}\n")
        sys.exit(2)
    try:
        app(args=argv or (["wizard"] if sys.stdin.isatty() and sys.stdout.isatty() else []))
    except BrokenPipeError:
        _quiet_broken_pipe()
    except KeyboardInterrupt:
        sys.stderr.write(f"\n{_('app.cancelled')}\n")
        sys.exit(130)


def _quiet_broken_pipe() -> None:
    import os

    # Python flushes stdout at exit; point it at /dev/null so that flush cannot fail again.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(1)  # as typer exits on a closed pipe inside a command: not every answer was written

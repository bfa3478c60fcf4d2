"""The typer app: the root command, and the group that lists cli.app's COMMANDS table.

A command's module is imported only when that command runs or shows its own help, so every start
pays for typer and the one command used, however many commands there are. (`warrantwise --help`
itself does not import this module at all: cli/root_help.py draws it.)

The language is picked in cli.app.main() before typer parses anything, so every help text is read
in it: the summaries and the root options' help are looked up when the group is built, and command
modules word their help when they are imported.
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from typer.core import TyperCommand, TyperGroup

from rules.i18n import pick_language

from . import __version__
from .app import COMMANDS, root_option_helps, summaries
from .i18n import _, set_language
from .pack_files import PackFiles, use_packs


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
        listed = summaries()
        for name, module, attr, *_summary in COMMANDS:
            self.commands.setdefault(name, _Listed(name, module, attr, listed[name]))
        helps = root_option_helps()
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

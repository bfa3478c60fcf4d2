"""The command registry and the console entry point.

`warrantwise --help` lists the commands from the COMMANDS table without importing a single
command module, nor typer: cli/root_help.py draws it as typer would. Anything else goes to the
typer app (cli/typer_app.py, also importable as `cli.app.app`), which imports a command's module
only when that command runs or shows its own help. So every start pays for typer and the one
command used, however many commands there are.

The language (`--lang`, WARRANTWISE_LANG, the locale) is picked in main() before anything is
parsed, so every help text is read in it: summaries here are looked up when the root help is
drawn or the group is built, and command modules word their help when they are imported.
"""

from __future__ import annotations

import os
import sys

from rules.i18n import LANGS, pick_language

from .i18n import _, lang_from_argv, set_language
from .no_plugins import keep_plugins_out

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


def summaries() -> dict[str, str]:
    """Each command's summary in the language of the moment, in the registry's order."""
    return {name: summary[0]() if summary else "" for name, _module, _attr, *summary in COMMANDS}


def root_option_helps() -> dict[str, str]:
    """The root options' help in the language of the moment, by parameter name (typer declares
    the options at import, before the language is picked; the root group re-words them)."""
    return {"version": _("app.version_help"), "lang": _("app.lang_help", langs=", ".join(LANGS)),
            "pack": _("common.pack_help")}


def __getattr__(name: str):
    """`app`, the typer app (cli/typer_app.py), imported on first use: the root help needs no typer."""
    if name == "app":
        from .typer_app import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Console entry point: no traceback on a closed pipe or Ctrl-C. With no arguments on a
    terminal it starts the wizard; with no terminal it prints the help (`no_args_is_help`)."""
    keep_plugins_out()
    argv = sys.argv[1:]
    try:
        set_language(pick_language(lang_from_argv(argv)))
    except ValueError as exc:
        sys.stderr.write(f"{_('app.bad_lang', why=exc)}\n")
        sys.exit(2)
    if not argv and sys.stdin.isatty() and sys.stdout.isatty():
        argv = ["wizard"]
    from . import root_help

    try:
        status = root_help.answer(argv)  # the root help alone: drawn without typer, if it can be
        if status is not None:
            sys.exit(status)
        from .typer_app import app

        app(args=argv)
    except BrokenPipeError:
        _quiet_broken_pipe()
    except KeyboardInterrupt:
        sys.stderr.write(f"\n{_('app.cancelled')}\n")
        sys.exit(130)


def _quiet_broken_pipe() -> None:
    # Python flushes stdout at exit; point it at /dev/null so that flush cannot fail again.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(1)  # as typer exits on a closed pipe inside a command: not every answer was written

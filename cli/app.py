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
    # No pydantic plugin installed beside warrantwise (telemetry, say) is handed the encounters
    # it validates: it sends nothing anywhere (docs/security.md). Set the variable to choose.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if os.environ["PYDANTIC_DISABLE_PLUGINS"] in _ALL_PLUGINS_OFF:
        _no_plugin_search()
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


_ALL_PLUGINS_OFF = ("__all__", "1", "true")  # the values pydantic reads as every plugin disabled
_LOADER = "pydantic.plugin._loader"


def _no_plugin_search() -> None:
    """With every plugin disabled, pydantic's plugin loader finds none; but it imports
    importlib.metadata (and email, csv with it: about 13 ms of every start that checks an
    encounter) before it reads the variable. So a loader that finds none is imported in its
    place, if and when pydantic asks for it (nothing is imported here)."""
    if _LOADER not in sys.modules and _NoPlugins not in sys.meta_path:
        sys.meta_path.insert(0, _NoPlugins)


class _NoPlugins:
    """The import system's finder and loader for the stand-in (see _no_plugin_search). Anything
    asked of the stand-in but get_plugins is the real loader's, imported then: a newer
    pydantic that asks for more only loses the saving."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name != _LOADER:
            return None
        from importlib.machinery import ModuleSpec

        sys.meta_path.remove(_NoPlugins)  # one stand-in, once
        return ModuleSpec(name, _NoPlugins)

    @staticmethod
    def create_module(spec):
        return None  # a plain module

    @staticmethod
    def exec_module(module) -> None:
        module.get_plugins = lambda *args, **kwargs: ()
        module.__getattr__ = lambda name: _real_loader(module, name)


def _real_loader(stand_in, name: str):
    if name.startswith("__"):  # what the import system looks for (__path__): not the loader's
        raise AttributeError(name)
    import importlib

    if sys.modules.get(_LOADER) is stand_in:  # the real one is imported once, however often asked
        del sys.modules[_LOADER]
    return getattr(importlib.import_module(_LOADER), name)


def _quiet_broken_pipe() -> None:
    import os

    # Python flushes stdout at exit; point it at /dev/null so that flush cannot fail again.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(1)  # as typer exits on a closed pipe inside a command: not every answer was written

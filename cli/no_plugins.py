"""No pydantic plugin sees an encounter, and none is looked for.

pydantic hands every input it validates to each plugin installed in the environment (a
telemetry package, say); warrantwise sends nothing anywhere (docs/security.md), so the
command turns plugins off unless the environment chooses. With every plugin off, pydantic's
plugin loader would still import importlib.metadata to look for them, so a stand-in that
finds none takes its place.
"""

from __future__ import annotations

import os
import sys


def keep_plugins_out() -> None:
    """Plugins off unless PYDANTIC_DISABLE_PLUGINS is set; and, when all are off, no search."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if os.environ["PYDANTIC_DISABLE_PLUGINS"] in _ALL_PLUGINS_OFF:
        _no_plugin_search()


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

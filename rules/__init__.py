"""warrantwise's rules core: pure Python, no terminal I/O.

    from rules import Encounter, evaluate
    decision = evaluate(Encounter(jurisdiction="pg-county", ncic_text="..."), now=now)

The names below load on first use, so the CLI can read its message catalogs (rules.i18n)
without importing the engine and pydantic.
"""

from importlib import import_module

_HOME = {"decide": "engine", "evaluate": "engine", "InputError": "errors", "PackError": "errors",
         "Decision": "decision", "Encounter": "models", "read_ncic": "ncic"}
__all__ = sorted(_HOME)


def __getattr__(name: str):
    if name not in _HOME:
        raise AttributeError(f"module 'rules' has no attribute {name!r}")
    return getattr(import_module(f".{_HOME[name]}", __name__), name)

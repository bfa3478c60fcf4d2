"""The CLI's language and messages: `_(key, **params)`, a key such as "panel.why", from cli/locale/LANG/*.toml.

The language is picked once per run, before any command module is imported (their --help
texts are read at import): `--lang` on the command line, else WARRANTWISE_LANG, else the
locale (see rules.i18n.pick_language).
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from rules.i18n import DEFAULT_LANG, pick_language, translate

UI_CATALOG = Path(__file__).with_name("locale")
_current: dict[str, Optional[str]] = {"lang": None}


def set_language(lang: str) -> None:
    _current["lang"] = lang


def language() -> str:
    if _current["lang"] is None:
        try:
            _current["lang"] = pick_language()
        except ValueError:
            _current["lang"] = DEFAULT_LANG
    return _current["lang"]


def lang_from_argv(argv: list[str]) -> Optional[str]:
    """The value of --lang in the raw arguments, read before typer parses them."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _(key: str, **params) -> str:
    return translate(UI_CATALOG, language(), key, **params)

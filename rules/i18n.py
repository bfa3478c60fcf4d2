"""Message catalogs: every sentence a person reads, in each language, kept out of the code.

A catalog is a folder per language (`locale/en/`, `locale/es/`) of TOML files; a key is the
file's name and the entry's key, e.g. `engine.no_rule` is `no_rule` in `engine.toml`. Values
are `str.format` templates. Code names keys as string literals only, so a test can match the
keys used against the keys written, both ways, for every language. The core's catalog lives
beside this file; the CLI has its own under `cli/locale/` and uses the same loader.

JSON and CSV output stay in English whatever the language: they are an interface.
"""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping, Optional

LANGS = ("en", "es")
DEFAULT_LANG = "en"
CORE_CATALOG = Path(__file__).with_name("locale")
ENV_VAR = "WARRANTWISE_LANG"


@lru_cache(maxsize=None)
def _file(root: Path, lang: str, stem: str) -> Mapping[str, str]:
    """One catalog file's messages, read on first use so a run loads only the files it needs."""
    path = root / lang / f"{stem}.toml"
    if not path.is_file():
        return MappingProxyType({})
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    for key, value in data.items():
        if not isinstance(value, str):
            raise ValueError(f"{path}: {key} must be a string")
    return MappingProxyType(data)


def catalog(root: Path, lang: str) -> Mapping[str, str]:
    """All messages of one catalog in one language, keyed `file.key` (for checks and tools)."""
    return MappingProxyType({
        f"{path.stem}.{key}": value
        for path in sorted((root / lang).glob("*.toml"))
        for key, value in _file(root, lang, path.stem).items()
    })


def translate(root: Path, lang: str, key: str, **params) -> str:
    """The message `key` in `lang` (English where a translation is missing: tests forbid that)."""
    stem, _, name = key.partition(".")
    text = _file(root, lang, stem).get(name)
    if text is None:
        text = _file(root, DEFAULT_LANG, stem)[name]
    return text.format(**params) if params else text


def tr(lang: str, key: str, **params) -> str:
    """A message of the rules core."""
    return translate(CORE_CATALOG, lang, key, **params)


def pick_language(flag: Optional[str] = None, environ: Optional[Mapping[str, str]] = None) -> str:
    """The language asked for: the flag, else WARRANTWISE_LANG, else the locale, else English."""
    env = os.environ if environ is None else environ
    for value in (flag, env.get(ENV_VAR)):
        if value:
            lang = value.strip().lower().replace("_", "-").split("-")[0]
            if lang not in LANGS:
                raise ValueError(f"unknown language {value!r}; known: {', '.join(LANGS)}")
            return lang
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:
            lang = value.lower().split(".")[0].split("_")[0]
            return lang if lang in LANGS else DEFAULT_LANG
    return DEFAULT_LANG

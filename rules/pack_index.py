"""Where the built-in packs are and what each is called, read without validating them.

The wizard's first question (which jurisdiction?) needs only each pack's id, name and review
date; reading those straight from the TOML lets it appear before pydantic and the engine load.
Everything that decides goes through rules.packs, which validates.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import NamedTuple

PACK_DIR = Path(__file__).with_name("packs")
LAYER_DIR = PACK_DIR / "layers"
TESTS_SUFFIX = ".tests.toml"


class PackHeader(NamedTuple):
    id: str
    name: str
    reviewed: str


def pack_files_in(folder: Path) -> list[Path]:
    """The pack files in a folder: every `*.toml` except the tests beside them."""
    return sorted(p for p in folder.glob("*.toml") if not p.name.endswith(TESTS_SUFFIX))


def builtin_headers() -> list[PackHeader]:
    """Each built-in pack's id, name and review date, as its file states them."""
    headers = []
    for path in pack_files_in(PACK_DIR):
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
        headers.append(PackHeader(str(data.get("id", path.stem)), str(data.get("name", path.stem)), str(data.get("reviewed", ""))))
    return headers

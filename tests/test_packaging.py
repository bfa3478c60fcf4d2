"""`pip install .` (not editable) must ship every data file the program reads: packs, layers,
translations, message catalogs, the scenario bank. A file no package-data glob matches would
work in a checkout and fail on an officer's laptop."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _matches(rel: Path, pattern: str) -> bool:
    parts = pattern.split("/")
    return len(parts) == len(rel.parts) and all(fnmatch.fnmatchcase(p, g) for p, g in zip(rel.parts, parts))


def test_every_data_file_is_shipped():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    globs = config["package-data"]
    unshipped = []
    for package in config["packages"]:
        if "." in package:
            continue
        base = ROOT / package
        for path in base.rglob("*"):
            if path.is_dir() or path.suffix in (".py", ".pyc") or "__pycache__" in path.parts:
                continue
            rel = path.relative_to(base)
            if not any(_matches(rel, g) for g in globs.get(package, [])):
                unshipped.append(str(path.relative_to(ROOT)))
    assert not unshipped, f"add these to [tool.setuptools.package-data] in pyproject.toml: {unshipped}"


def test_every_python_folder_is_a_listed_package():
    packages = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    for top in ("cli", "rules"):
        for init in (ROOT / top).rglob("__init__.py"):
            name = ".".join(init.parent.relative_to(ROOT).parts)
            assert name in packages, f"{name} has code but is not in [tool.setuptools] packages"

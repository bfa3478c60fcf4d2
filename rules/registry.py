"""Which packs a run can use, by id: the built-in ones and packs loaded from files.

Pure: it is given paths (the CLI turns `--pack` and WARRANTWISE_PACKS into them) and loads
and validates every file up front, so a broken or clashing pack stops the run before any
decision rests on it. A file pack may not reuse another file's id, nor a built-in pack's
unless it says `replaces_builtin = true`: a department shipping its own edition of a built-in
pack must say so, and every decision then names the file's version.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Optional

from .errors import PackError
from .packs import (
    PACK_DIR,
    Pack,
    builtin_pack_ids,
    load_builtin,
    load_pack_file,
    pack_files_in,
)


class PackRegistry:
    """The built-in packs plus the packs in `files` (pack files, or folders of them)."""

    def __init__(self, files: Iterable[Path] = ()):
        self._files: dict[str, Path] = {}
        self._packs: dict[str, Pack] = {}
        self._builtin = frozenset(builtin_pack_ids())
        for path in _expand(files):
            if path in self._files.values():
                continue
            pack = load_pack_file(path)
            if pack.id in self._files:
                raise PackError(str(path), [f"pack id {pack.id!r} is also the id of {self._files[pack.id]}: rename one"])
            if (pack.id in self._builtin) != pack.replaces_builtin:
                raise PackError(str(path), [_clash(pack.id, pack.id in self._builtin)])
            self._files[pack.id] = path
            self._packs[pack.id] = pack

    def with_files(self, files: Iterable[Path]) -> PackRegistry:
        """This registry with more pack files added (the same checks apply)."""
        files = list(files)
        return PackRegistry([*self._files.values(), *files]) if files else self

    def ids(self) -> list[str]:
        return sorted(self._builtin | set(self._packs))

    def get(self, pack_id: str) -> Pack:
        if pack_id in self._packs:
            return self._packs[pack_id]
        if pack_id in self._builtin:
            return load_builtin(pack_id)
        raise PackError(pack_id, [f"no such pack; known packs: {', '.join(self.ids())}"])

    def path(self, pack_id: str) -> Path:
        """The file the pack was read from (its tests sit beside it)."""
        self.get(pack_id)
        return self._files.get(pack_id) or PACK_DIR / f"{pack_id}.toml"

    def file_of(self, pack_id: str) -> Optional[Path]:
        """The file a pack came from when it is not built in, else None."""
        return self._files.get(pack_id)


def _expand(paths: Iterable[Path]) -> list[Path]:
    """Pack files as given, and the pack files inside each folder given."""
    out = []
    for path in map(Path, paths):
        if path.is_dir():
            out.extend(p.resolve() for p in pack_files_in(path))
        elif path.is_file():
            out.append(path.resolve())
        else:
            raise PackError(str(path), ["no such pack file or folder"])
    return out


def _clash(pack_id: str, is_builtin: bool) -> str:
    if is_builtin:
        return (f"pack id {pack_id!r} is a built-in pack's id: choose another id, or, to replace the built-in "
                "pack on purpose, add `replaces_builtin = true` to the file")
    return f"replaces_builtin = true, but there is no built-in pack {pack_id!r} to replace"


_active = PackRegistry()


def use_registry(registry: PackRegistry) -> None:
    """Make `registry` the one the engine resolves jurisdictions through."""
    global _active
    _active = registry


def active_registry() -> PackRegistry:
    return _active


def find_pack(pack_id: str) -> Pack:
    """A pack by id, from the active registry."""
    return _active.get(pack_id)

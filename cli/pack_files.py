"""`--pack FILE` and WARRANTWISE_PACKS: policy packs from files, beside the built-in ones.

Its own module, importing only typer at the top, so the root command can take `--pack`
without importing any command module.
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from .i18n import _


def __getattr__(name: str):
    """`PackFiles`, its help in the language of the moment (command modules import it after
    the language is set; the root command's copy is re-worded by cli.typer_app)."""
    if name == "PackFiles":
        return Annotated[Optional[list[str]], typer.Option("--pack", help=_("common.pack_help"))]
    raise AttributeError(name)


def use_packs(files: Optional[list[str]], *, fresh: bool = False) -> None:
    """Make `--pack` files resolvable as jurisdictions for the rest of this run.

    The root command calls this once per run with `fresh`, starting from the built-in packs
    and the WARRANTWISE_PACKS folder; a command's own `--pack` adds to what is there.
    A pack that does not load, or clashes with another's id, stops the run (exit 2).
    """
    import os
    import sys
    from pathlib import Path

    folder = os.environ.get("WARRANTWISE_PACKS") if fresh else None
    if not files and not folder:
        if fresh and "rules.registry" in sys.modules:  # nothing to load: undo an earlier run's packs in this process
            registry = sys.modules["rules.registry"]
            registry.use_registry(registry.PackRegistry())
        return

    from rules.errors import PackError
    from rules.registry import PackRegistry, active_registry, use_registry

    from .console import fail
    from .exit_codes import ExitCode

    paths = [Path(f) for f in files or []]
    if folder and not Path(folder).is_dir():
        fail(_("common.no_pack_folder", folder=folder), ExitCode.USAGE)
    try:
        base = PackRegistry([Path(folder)] if folder else []) if fresh else active_registry()
        use_registry(base.with_files(paths))
    except PackError as exc:
        fail(str(exc), ExitCode.USAGE)

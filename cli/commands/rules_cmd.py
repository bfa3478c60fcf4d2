"""`warrantwise rules`: the policy packs, their versions and their rules with sources."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..i18n import _
from . import pack_authoring
from .encounter_flags import PackFiles, use_packs

HELP = _("app.rules")
app = typer.Typer(help=HELP, no_args_is_help=True)

DateOpt = Annotated[Optional[str], typer.Option(help=_("rules.date_help"))]
JsonOpt = Annotated[bool, typer.Option("--json", help=_("rules.json_help"))]


def _day(date: Optional[str]):
    import datetime as dt

    from ..console import fail
    from ..exit_codes import ExitCode

    if date is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(date)
    except ValueError:
        fail(_("rules.bad_date", got=repr(date)), ExitCode.USAGE)


@app.command("list", help=_("rules.list_help"))
def list_packs(date: DateOpt = None, json_out: JsonOpt = False, packs: PackFiles = None) -> None:
    """List the packs: version, review date, and the rules in force on the date."""
    import json

    from rules.registry import active_registry

    use_packs(packs)
    registry = active_registry()
    day = _day(date)
    rows = []
    for pack_id in registry.ids():
        pack = registry.get(pack_id)
        in_force = [r for r in pack.rules if r.in_force(day)]
        rows.append({
            "pack": pack.id,
            "name": pack.name,
            "version": pack.version,
            "reviewed": pack.reviewed.isoformat(),
            "effective_from": max((r.effective_from for r in in_force), default=None),
            "rules_in_force": [r.id for r in in_force],
            "file": str(registry.file_of(pack_id) or "") or None,
        })
    if json_out:
        typer.echo(json.dumps(rows, indent=2, default=str))
        return
    from rich.table import Table

    from ..console import console
    from ..render import t

    files = [_("rules.pack_from", pack=row["pack"], file=row["file"]) for row in rows if row["file"]]
    table = Table(title=_("rules.list_title", day=day.isoformat()),
                  caption=t(_("rules.loaded_from", files="; ".join(files))) if files else None)
    for col in (_("rules.col_pack"), _("rules.col_name"), _("rules.col_version"), _("rules.col_reviewed"),
                _("rules.col_in_force_from"), _("rules.col_rules_in_force")):
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(t(row["pack"]), t(row["name"]), t(row["version"]), t(row["reviewed"]),
                      t(row["effective_from"] or "—"), t(", ".join(row["rules_in_force"]) or _("rules.none")))
    console().print(table)


@app.command("show", help=_("rules.show_help"))
def show_pack(
    pack: Annotated[str, typer.Argument(help=_("rules.pack_arg_help"))],
    date: DateOpt = None,
    json_out: JsonOpt = False,
    all_rules: Annotated[bool, typer.Option("--all", help=_("rules.all_help"))] = False,
    packs: PackFiles = None,
) -> None:
    """Show a pack's rules: words, quote, source, layer, dates and confidence."""
    import json

    from ..console import console

    use_packs(packs)
    day = _day(date)
    loaded, pack_file = pack_authoring.load_pack_arg(pack)
    rules = [r for r in loaded.rules if all_rules or r.in_force(day)]
    if json_out:
        typer.echo(json.dumps({
            "pack": loaded.id, "name": loaded.name, "version": loaded.version, "reviewed": loaded.reviewed.isoformat(),
            "prevails": loaded.prevails, "layer_files": [str(p) for p in loaded.layer_files], "date": day.isoformat(),
            "rules": [{**r.model_dump(mode="json", exclude={"cases", "hold"}), "in_force": r.in_force(day)} for r in rules],
        }, indent=2, ensure_ascii=False))
        return
    from ..render import pack_view

    console().print(pack_view(loaded, rules, day, pack_file))


@app.command("validate", help=_("rules.validate_help"))
def validate_packs(
    files: Annotated[list[str], typer.Argument(help=_("rules.files_help"))],
) -> None:
    """Check pack files (help text: rules.validate_help in the catalog)."""
    from pathlib import Path

    from rules.packs import pack_file_problems, pack_files_in

    from ..console import fail
    from ..exit_codes import ExitCode
    from ..safe_text import printable

    paths = []
    for name in files:
        path = Path(name)
        if not path.exists():
            fail(_("rules.no_such_file", name=name), ExitCode.USAGE)
        paths.extend(pack_files_in(path) if path.is_dir() else [path])
    failed = 0
    for path in paths:
        problems = pack_file_problems(path)
        for problem in problems:
            typer.echo(printable(problem))
        typer.echo(printable(_("rules.problems", path=path, count=len(problems)) if problems else _("rules.valid", path=path)))
        failed += bool(problems)
    if failed:
        raise typer.Exit(ExitCode.PACK_PROBLEMS)


app.command("new", help=_("rules.new_help"))(pack_authoring.new_pack)
app.command("test", help=_("rules.test_help"))(pack_authoring.run_pack_tests)
app.command("diff", help=_("rules.diff_help"))(pack_authoring.diff_pack)

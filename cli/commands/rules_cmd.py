"""`warrantwise rules`: the policy packs, their versions and their rules with sources."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

app = typer.Typer(help="The policy packs: list them, or show one pack's rules with their sources.", no_args_is_help=True)

DateOpt = Annotated[Optional[str], typer.Option(help="Show what is in force on this date (YYYY-MM-DD). Default: today.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print as JSON.")]


def _day(date: Optional[str]):
    import datetime as dt

    from ..console import fail
    from ..exit_codes import ExitCode

    if date is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(date)
    except ValueError:
        fail(f"--date: must be a date written YYYY-MM-DD (got {date!r})", ExitCode.USAGE)


@app.command("list")
def list_packs(date: DateOpt = None, json_out: JsonOpt = False) -> None:
    """List the packs: version, review date, and the rules in force on the date."""
    import json

    from rules.packs import builtin_pack_ids, load_builtin

    day = _day(date)
    rows = []
    for pack_id in builtin_pack_ids():
        pack = load_builtin(pack_id)
        in_force = [r for r in pack.rules if r.in_force(day)]
        rows.append({
            "pack": pack.id,
            "name": pack.name,
            "version": pack.version,
            "reviewed": pack.reviewed.isoformat(),
            "effective_from": max((r.effective_from for r in in_force), default=None),
            "rules_in_force": [r.id for r in in_force],
        })
    if json_out:
        typer.echo(json.dumps(rows, indent=2, default=str))
        return
    from rich.table import Table

    from ..console import console
    from ..render import t

    table = Table(title=f"Policy packs on {day.isoformat()}")
    for col in ("pack", "name", "version", "reviewed", "version in force from", "rules in force"):
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(t(row["pack"]), t(row["name"]), t(row["version"]), t(row["reviewed"]),
                      t(row["effective_from"] or "—"), t(", ".join(row["rules_in_force"]) or "none"))
    console().print(table)


@app.command("show")
def show_pack(
    pack: Annotated[str, typer.Argument(help="The pack id, e.g. pg-county.")],
    date: DateOpt = None,
    json_out: JsonOpt = False,
    all_rules: Annotated[bool, typer.Option("--all", help="Also show rules not in force on the date.")] = False,
) -> None:
    """Show a pack's rules: words, quote, source, layer, dates and confidence."""
    import json

    from rules.errors import PackError
    from rules.packs import load_builtin

    from ..console import console, fail
    from ..exit_codes import ExitCode

    day = _day(date)
    try:
        loaded = load_builtin(pack)
    except PackError as exc:
        fail(str(exc), ExitCode.USAGE)
    rules = [r for r in loaded.rules if all_rules or r.in_force(day)]
    if json_out:
        typer.echo(json.dumps({
            "pack": loaded.id, "name": loaded.name, "version": loaded.version, "reviewed": loaded.reviewed.isoformat(),
            "prevails": loaded.prevails, "date": day.isoformat(),
            "rules": [{**r.model_dump(mode="json", exclude={"cases", "hold"}), "in_force": r.in_force(day)} for r in rules],
        }, indent=2, ensure_ascii=False))
        return
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    from rules.vocab import LAYER_WORDS

    from ..render import t

    parts = [t(f"{loaded.description}"), t(f"Which layer prevails on conflict: {' > '.join(LAYER_WORDS[x] for x in loaded.prevails)}", "dim")]
    for r in rules:
        status = "in force" if r.in_force(day) else "NOT in force"
        parts.append(Text.assemble((f"\n{r.id} ", "bold"), (r.title, "bold"), f"  [{status} on {day.isoformat()}]"))
        parts.append(t(r.text))
        if r.quote:
            parts.append(t(f"  “{r.quote}”", "italic"))
        parts.append(t(f"  {LAYER_WORDS[r.layer]} · {r.effective_from} to {r.effective_to or 'now'} · confidence {r.confidence}", "dim"))
        parts.append(t(f"  source: {r.source}", "dim"))
        if r.note:
            parts.append(t(f"  note: {r.note}", "dim"))
    console().print(Panel(Group(*parts), title=f"{loaded.name} · pack {loaded.id} {loaded.version} · reviewed {loaded.reviewed}"))

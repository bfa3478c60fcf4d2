"""`warrantwise batch`: many encounters in, one decision (or error record) per line out."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..i18n import _
from .encounter_flags import PackFiles, use_packs

HELP = _("app.batch") + "\n\n" + _("batch.more")


def batch(
    path: Annotated[str, typer.Argument(help=_("batch.path_help"))],
    input_format: Annotated[
        Optional[str], typer.Option("--input-format", help=_("batch.input_format_help"))
    ] = None,
    output_format: Annotated[str, typer.Option("--format", help=_("batch.format_help"))] = "jsonl",
    output: Annotated[Optional[str], typer.Option("--output", "-o", help=_("batch.output_help"))] = None,
    pack: PackFiles = None,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help=_("batch.workers_help"))
    ] = 1,
) -> None:
    """Decide many encounters: one output record per input record, in order.

    A record that cannot be decided gets an error record {"id", "line", "error"} in its place
    and the run goes on. Exit 0 when every record was decided, 1 when any failed, 2 for usage
    errors. Example: warrantwise batch stops.jsonl --format csv -o decisions.csv
    """
    import contextlib
    import datetime as dt
    import json
    import sys

    from rules.engine import decide

    from ..batch_io import CSV_COLUMNS, csv_row, decide_items, read_csv, read_jsonl
    from ..console import fail
    from ..exit_codes import ExitCode

    use_packs(pack)
    fmt = (input_format or ("csv" if path.lower().endswith(".csv") else "jsonl")).lower()
    if fmt not in ("jsonl", "csv"):
        fail(_("batch.bad_input_format", value=repr(input_format)), ExitCode.USAGE)
    if output_format not in ("jsonl", "csv", "table"):
        fail(_("batch.bad_format", value=repr(output_format)), ExitCode.USAGE)
    files = contextlib.ExitStack()
    try:
        source = sys.stdin.buffer if path == "-" else files.enter_context(open(path, "rb"))
    except OSError as exc:
        fail(_("common.cannot_read", path=path, why=exc.strerror or exc), ExitCode.USAGE)
    fast = fmt == output_format == "jsonl"
    if workers > 1 and not fast:
        fail(_("batch.workers_jsonl"), ExitCode.USAGE)
    try:
        if fast:
            sys.stdout.flush()
            sink = files.enter_context(open(output, "wb")) if output else sys.stdout.buffer
        else:
            sink = files.enter_context(open(output, "w", encoding="utf-8", newline="")) if output else sys.stdout
    except OSError as exc:
        fail(_("batch.cannot_write", path=output, why=exc.strerror or exc), ExitCode.USAGE)
    now = dt.datetime.now().astimezone()
    if fast:
        from ..batch_jsonl import decide_jsonl

        with files:
            failed = decide_jsonl(source, sink, now, workers)
        _done(failed)
        return
    items = (read_csv if fmt == "csv" else read_jsonl)(source)
    outputs = decide_items(items, lambda encounter: decide(encounter, now=now))
    failed = 0
    with files:
        if output_format == "jsonl":
            for out in outputs:
                failed += "error" in out
                sink.write(json.dumps(out, ensure_ascii=False) + "\n")
        elif output_format == "csv":
            import csv

            writer = csv.writer(sink)
            writer.writerow(CSV_COLUMNS)
            for out in outputs:
                failed += "error" in out
                writer.writerow(csv_row(out))
        else:
            from ..render import batch_tables

            failed = batch_tables(outputs, sink)
    _done(failed)


def _done(failed: int) -> None:
    from ..exit_codes import ExitCode

    if failed:
        typer.echo(_("batch.failed", count=failed), err=True)
        raise typer.Exit(ExitCode.RECORD_ERRORS)

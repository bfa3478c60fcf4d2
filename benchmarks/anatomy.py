"""Where one process's batch time goes: the same records decided in other forms and orders,
in this process, by turns (docs/performance.md, "What session 15 changed").

    python3 benchmarks/anatomy.py               # 400,000 encounters, 5 rounds
    python3 benchmarks/anatomy.py -n 100000 --rounds 3

The records are benchmarks/run.py's (benchmarks/data.py, a bad line in every 1,000), in four
files:
- as generated;
- every hit that names a person given a stock text instead: what person hits cost among the
  other records;
- sorted by NCIC text, and grouped only by kind of text (none, stock, a person named): what
  the order of the records costs, though a batch must keep its input's order.
Each round runs cli.batch_jsonl.decide_jsonl over each file, output to /dev/null, in an order
that turns from round to round; each variant is reported against the generated order, by
the median of ratios taken round by round. Then the good records, read beforehand, are
decided twice in their order: the first time the memos fill, the second they are warm.
Module-level caches (ncic's) stay warm from run to run in one process: only the very first
run pays them, and a median over the rounds leaves that one aside.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

import data  # noqa: E402  (benchmarks/data.py)

from cli.batch_jsonl import decide_jsonl  # noqa: E402
from rules.decider import Decider  # noqa: E402
from rules.errors import InputError, PackError  # noqa: E402
from rules.models import Encounter  # noqa: E402

STOCK = f"MKE/{data.MKES[0]}\nOFF/{data.OFF_CODES[0]}\nMIS/{data.PHRASES[4]}"  # one of data.py's stock texts
NOW = dt.datetime(2026, 11, 21, 12, tzinfo=dt.timezone.utc)


def text_of(record) -> str:
    return (record.get("ncic_text") or "") if isinstance(record, dict) else ""


def kind_of(record) -> int:
    """0: no NCIC text, 1: a stock text, 2: a text naming a person; 3 for a line that is not a record."""
    if not isinstance(record, dict):
        return 3
    text = text_of(record)
    return 0 if not text else 2 if "NAM/" in text else 1


def variants(lines: list[str]) -> dict[str, list[str]]:
    """The four files' lines, by name (the module's docstring says what each changes)."""
    records = []
    for line in lines:
        try:
            records.append(json.loads(line))
        except ValueError:
            records.append(None)
    stock = [json.dumps({**record, "ncic_text": STOCK}) + "\n" if kind_of(record) == 2 else line
             for record, line in zip(records, lines)]
    by_text = sorted(range(len(lines)), key=lambda i: (kind_of(records[i]) == 3, text_of(records[i])))
    by_kind = sorted(range(len(lines)), key=lambda i: kind_of(records[i]))
    return {"as generated": lines, "person hits given a stock text": stock,
            "sorted by NCIC text": [lines[i] for i in by_text], "grouped by kind of text": [lines[i] for i in by_kind]}


def timed(path: Path) -> float:
    with open(path, "rb") as source, open(os.devnull, "wb") as sink:
        started = time.perf_counter()
        decide_jsonl(source, sink, NOW)
        return time.perf_counter() - started


def by_turns(files: dict[str, Path], rounds: int) -> dict[str, list[float]]:
    names = list(files)
    walls: dict[str, list[float]] = {name: [] for name in names}
    for i in range(rounds):
        for name in names[i % len(names):] + names[:i % len(names)]:
            walls[name].append(timed(files[name]))
    return walls


def twice(lines: list[str]) -> tuple[float, float, int]:
    """Seconds to decide the good records, read beforehand, the first time and the second."""
    encounters = []
    for line in lines:
        try:
            encounters.append(Encounter.model_validate_json(line).__dict__)
        except ValueError:
            continue
    decider, walls = Decider(NOW), []
    for _ in range(2):
        started = time.perf_counter()
        for e in encounters:
            try:
                decider.pieces(e)
            except (InputError, PackError):  # an unknown jurisdiction: an error record in a batch
                pass
        walls.append(time.perf_counter() - started)
    return walls[0], walls[1], len(encounters)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=400_000, help="encounters (default 400,000)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the four files (default 5)")
    args = parser.parse_args()
    lines = list(data.lines(args.n, bad_every=1000))
    print(f"{args.n:,} encounters, {args.rounds} rounds, Python {sys.version.split()[0]}; seconds to decide each file")
    with tempfile.TemporaryDirectory(prefix="ww-anatomy-") as tmp:
        files = {}
        for name, content in variants(lines).items():
            files[name] = Path(tmp) / f"{len(files)}.jsonl"
            files[name].write_text("".join(content), encoding="utf-8")
        walls = by_turns(files, args.rounds)
    base = walls["as generated"]
    for name, wall in walls.items():
        ratios = [w / b for w, b in zip(wall, base)]
        print(f"  {name:32} {statistics.median(wall):6.2f} s ({min(wall):.2f} to {max(wall):.2f})"
              f"   x {statistics.median(ratios):.3f} ({min(ratios):.3f} to {max(ratios):.3f})")
    first, second, count = twice(lines)
    print(f"  the {count:,} good records, read beforehand and decided in their order: "
          f"{first / count * 1e6:.2f} us a record the first time, {second / count * 1e6:.2f} us the second")


if __name__ == "__main__":
    main()

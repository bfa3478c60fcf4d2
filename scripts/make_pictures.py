"""Draw the officer's guide pictures (docs/img/*.svg) from the real renderers, on a fixed clock,
so they show what warrantwise shows today. Run after changing a renderer or a pack:

    python3 scripts/make_pictures.py [--out docs/img]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402

from cli.countdown import countdown_view, frame_of  # noqa: E402
from cli.render import decision_panel  # noqa: E402
from cli.wizard_screens import reading_preview  # noqa: E402
from rules.engine import decide  # noqa: E402
from rules.models import Encounter  # noqa: E402

EDT = dt.timezone(dt.timedelta(hours=-4))
BEGAN = dt.datetime(2019, 8, 1, 14, 5, tzinfo=EDT)
HIT = "OUTSTANDING ADMINISTRATIVE WARRANT OF REMOVAL"
WIDTH = 60  # what an officer's in-car terminal shows; the pictures prove it stays readable


def encounter(**fields) -> Encounter:
    return Encounter(id="24-001", jurisdiction="pg-county", date=BEGAN.date(), custody="detained", held_since=BEGAN,
                     **fields)


def picture(draw, path: Path, title: str) -> None:
    console = Console(record=True, width=WIDTH, file=io.StringIO(), force_terminal=True, color_system="truecolor")
    draw(console)
    console.save_svg(str(path), title=title)
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)

    civil = encounter(ncic_text=HIT)
    picture(lambda c: c.print(reading_preview(HIT)), out / "ncic-preview.svg", "warrantwise wizard: the hit, read")
    picture(lambda c: c.print(decision_panel(decide(civil, now=BEGAN + dt.timedelta(minutes=22)), HIT)),
            out / "decision-panel.svg", "warrantwise wizard: the decision")

    unknown = encounter(warrant="unknown")

    def countdown(console: Console) -> None:
        for minutes in (22, 47, 57, 61):  # ok, under 15 left, under 5 left, at the limit
            now = BEGAN + dt.timedelta(minutes=minutes, seconds=30)
            console.print(f"{now:%H:%M:%S}", style="dim")
            console.print(countdown_view(frame_of(decide(unknown, now=now), BEGAN)))

    picture(countdown, out / "countdown.svg", "warrantwise wizard: the hold countdown")


if __name__ == "__main__":
    main()

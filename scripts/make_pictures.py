"""Draw the officer's guide pictures (docs/img/*.svg) from the real renderers, on a fixed clock,
so they show what warrantwise shows today, and the README's pictures of `check` (docs/img/check.svg,
and docs/es/img/check.svg in Spanish; tests/test_pictures.py keeps those two current). Run after
changing a renderer, a catalog or a pack:

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
from cli.i18n import set_language  # noqa: E402
from cli.render import decision_panel  # noqa: E402
from cli.wizard_screens import reading_preview  # noqa: E402
from rules.engine import decide  # noqa: E402
from rules.models import Encounter  # noqa: E402

EDT = dt.timezone(dt.timedelta(hours=-4))
BEGAN = dt.datetime(2019, 8, 1, 14, 5, tzinfo=EDT)
HIT = "OUTSTANDING ADMINISTRATIVE WARRANT OF REMOVAL"
WIDTH = 60  # what an officer's in-car terminal shows; the pictures prove it stays readable
README_WIDTH = 100


def encounter(**fields) -> Encounter:
    return Encounter(id="24-001", jurisdiction="pg-county", date=BEGAN.date(), custody="detained", held_since=BEGAN,
                     **fields)


def svg(draw, title: str, width: int = WIDTH) -> str:
    console = Console(record=True, width=width, file=io.StringIO(), force_terminal=True, color_system="truecolor")
    draw(console)
    return console.export_svg(title=title)


def picture(draw, path: Path, title: str, width: int = WIDTH) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(svg(draw, title, width), encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


README_CHECK = "warrantwise check -j pg-county --date 2019-08-01 --held-minutes 5 --ncic-text ..."


def check_pictures() -> dict[Path, tuple]:
    """The README's pictures of `check` (English, and Spanish for docs/es): path -> (draw, title)."""
    stop = Encounter(jurisdiction="pg-county", date=BEGAN.date(), custody="detained", held_minutes=5, ncic_text=HIT)

    def draw(lang: str):
        def drawing(console: Console) -> None:
            set_language(lang)
            try:
                console.print(decision_panel(decide(stop, now=BEGAN, lang=lang), HIT))
            finally:
                set_language("en")
        return drawing

    return {ROOT / "docs" / "img" / "check.svg": (draw("en"), README_CHECK),
            ROOT / "docs" / "es" / "img" / "check.svg": (draw("es"), README_CHECK + " --lang es")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    for path, (draw, title) in check_pictures().items():
        picture(draw, path, title, width=README_WIDTH)

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

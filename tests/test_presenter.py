"""Presenter screens on a laptop terminal (80 columns) and a projector (200 columns)."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from cli import presenter
from rules.training import answer_key, load_bank
from tests.conftest import unwrapped

SCENARIOS = {s.id: s for b in ("pg-county", "dc-mpd") for s in load_bank(b).scenarios}
WIDTHS = [80, 200]


def render(renderable, width: int, color: bool = False) -> list[str]:
    console = Console(file=io.StringIO(), width=width, color_system="standard" if color else None,
                      force_terminal=color, legacy_windows=False, _environ={})
    console.print(renderable)
    return console.file.getvalue().splitlines()


def screens(scenario_id: str, now):
    scenario = SCENARIOS[scenario_id]
    decision, answers = answer_key(scenario, now=now)
    return (presenter.question_screen(scenario, decision, 2, 5),
            presenter.answer_screen(scenario, decision, answers, 2, 5))


@pytest.mark.parametrize("width", WIDTHS)
def test_the_question_screen_fills_the_width_and_gives_nothing_away(width, now):
    question, _ = screens("pg-2019-the-hit", now)
    lines = render(question, width)
    assert all(len(line) == width for line in lines), "one full-width screen, no line spilling over"
    text = unwrapped("\n".join(lines))
    assert "SCENARIO 2 / 5" in text and "THE 2019 HIT" in text
    assert "OUTSTANDING ADMINISTRATIVE WARRANT OF REMOVAL" in text
    assert "3. May you call ICE about the driver?" in text
    for answer in ("C I V I L", "P R O H I B I T E D", "PG-1"):
        assert answer not in text


@pytest.mark.parametrize("width", WIDTHS)
def test_the_answer_screen_shows_each_verdict_as_a_banner_with_its_rule(width, now):
    _, answer = screens("dc-eo-traffic-stop", now)
    lines = render(answer, width)
    assert all(len(line) == width for line in lines)
    text = unwrapped("\n".join(lines))
    assert "ANSWER 2 / 5" in text and "P E R M I T T E D" in text and "P R O H I B I T E D" in text
    assert "DC-M1" in text and "sharing information about persons not in MPD custody" in text
    banner_rows = [line for line in lines if "P E R M I T T E D" in line]
    assert len(banner_rows) == 1 and banner_rows[0].count("━") == 0  # the word sits inside its bar


@pytest.mark.parametrize("width", WIDTHS)
def test_a_long_quote_folds_inside_the_screen(width, now):
    _, answer = screens("pg-hold-2023-state-law", now)  # MD-1's long statutory quote
    lines = render(answer, width)
    assert all(len(line) == width for line in lines)
    assert "prolong the detention" in unwrapped("\n".join(lines))


def test_the_wider_screen_needs_fewer_lines(now):
    question, answer = screens("pg-mixed-hit", now)
    assert len(render(answer, 200)) < len(render(answer, 80))
    assert len(render(question, 200)) < len(render(question, 80))


def test_every_banner_is_a_solid_colour_block():
    for answer, style in presenter.BANNER_STYLE.items():
        assert " on " in style and style.startswith("bold"), answer
    lines = render(presenter.banner("prohibited"), 80, color=True)
    assert all("\x1b[" in line for line in lines) and "41" in lines[1]  # red background on the word's row

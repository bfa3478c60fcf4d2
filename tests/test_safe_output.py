"""Untrusted text is shown literally: markup, terminal control sequences and very long words
never style, move the cursor or break a panel, in any command or error message.

Each command runs with colour forced (so rich writes its own escape codes), and its output is
played on a terminal emulator (pyte): what an officer would see is checked, not the bytes.
"""

from __future__ import annotations

import json
import re

import pyte
import pytest
from typer.testing import CliRunner

from cli.app import app

runner = CliRunner()
WIDTH = 100
HOSTILE = (
    "[bold red]STYLED[/] :skull: "  # rich markup and an emoji code
    "\x1b[2J\x1b[H"  # CSI: clear the screen, cursor home
    "\x1b[31mRED "  # SGR: colour
    "\x1b]0;pwned\x07"  # OSC: set the window title, ended by BEL
    "\x9b2J"  # an 8-bit CSI
    "back\x08\x08\x08\x08 "  # backspaces
    "over\rX "  # a carriage return
    "\u202eevil\u202c\u200b "  # a bidi override and a zero-width space
    "line\u2028sep " + "W" * 300  # a Unicode line separator and a very long word
)
SHOWN = ["[bold red]STYLED[/]", ":skull:", "\\x1b[2J", "\\x1b]0;pwned\\x07", "\\x9b", "\\x08", "\\r", "\\u202e", "\\u2028"]
ONLY_STYLES = re.compile(r"\x1b\[[0-9;]*m")  # the one escape sequence rich may write itself: a style


@pytest.fixture(autouse=True)
def _colour(monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def screen_of(output: str) -> pyte.Screen:
    screen = pyte.Screen(WIDTH, output.count("\n") + 5)
    screen.set_mode(pyte.modes.LNM)  # a line feed also returns the carriage, as a terminal's tty does
    pyte.Stream(screen).feed(output)
    return screen


def assert_shown_literally(output: str, shown: list[str] = SHOWN) -> list[str]:
    """Only rich's own style codes reach the terminal; the hostile text shows as text. The screen lines."""
    assert not re.search(r"[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b\u2028\u2029]", output)
    assert "\x1b" not in ONLY_STYLES.sub("", output), "an escape sequence other than a style reached the terminal"
    screen = screen_of(output)
    assert screen.title == ""
    lines = [line.rstrip() for line in screen.display]
    text = "\n".join(lines)
    for words in shown:
        assert words in text, words
    assert "💀" not in text
    return lines


def assert_framed(lines: list[str]) -> None:
    """Every line of every panel starts and ends with its border, at the same columns."""
    panels = 0
    for i, top in enumerate(lines):
        if top[:1] not in ("┏", "╭") or top.startswith(" "):
            continue
        panels += 1
        bottom = next(j for j in range(i + 1, len(lines)) if lines[j][:1] in ("┗", "╰"))
        for row in lines[i + 1:bottom]:
            assert row[:1] in ("┃", "│") and row[-1:] in ("┃", "│") and len(row) == len(top), row
        assert len(lines[bottom]) == len(top)
    assert panels, "no panel found"


def test_check_panel_shows_ncic_text_and_id_literally():
    result = run("check", "-j", "pg-county", "--date", "2019-08-01", "--held-minutes", "5",
                 "--ncic-text", f"ICE DETAINER {HOSTILE}", "--id", HOSTILE)
    assert result.exit_code == 0, result.output
    lines = assert_shown_literally(result.stdout)
    assert_framed(lines)
    assert any("PROHIBITED" in line for line in lines)


def test_warrant_panel_shows_the_hit_literally():
    result = run("warrant", f"NAM/{HOSTILE} ICE DETAINER MIS/{HOSTILE}")
    assert result.exit_code == 0, result.output
    assert_framed(assert_shown_literally(result.stdout))


def test_batch_table_shows_ids_texts_and_errors_literally(tmp_path):
    path = tmp_path / "hostile.jsonl"
    good = {"id": HOSTILE, "jurisdiction": "pg-county", "date": "2019-08-01", "ncic_text": f"ICE DETAINER {HOSTILE}"}
    bad = {"id": "bad", "jurisdiction": "pg-county", "role": HOSTILE}
    path.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    result = run("batch", str(path), "--format", "table")
    assert result.exit_code == 1
    # The id is folded into a narrow column; the error, listed under the table at full width, shows the words.
    lines = assert_shown_literally(result.stdout, shown=SHOWN[:3])
    assert all(len(line) <= WIDTH for line in lines)
    assert any(line.startswith("ERROR line 2 (bad): role:") for line in lines)


def _toml(value: str) -> str:
    return json.dumps(value)  # a JSON string is a TOML basic string, control characters escaped


def test_rules_show_shows_a_pack_file_literally(tmp_path):
    pack = tmp_path / "hostile.toml"
    pack.write_text(
        f"""id = "hostile"
name = {_toml(HOSTILE)}
version = {_toml("1 " + HOSTILE)}
reviewed = 2026-01-01
description = {_toml(HOSTILE)}
prevails = ["department-policy"]

[[rules]]
id = "H-1"
title = {_toml(HOSTILE)}
text = {_toml(HOSTILE)}
quote = {_toml(HOSTILE)}
source = {_toml(HOSTILE)}
cites = "nowhere"
note = {_toml(HOSTILE)}
layer = "department-policy"
effective_from = 2020-01-01
confidence = "low"

  [[rules.cases]]
  when = {{ warrant_class = ["civil"] }}
  then = {{ detain = "prohibited" }}
""",
        encoding="utf-8",
    )
    result = run("rules", "show", str(pack))
    assert result.exit_code == 0, result.output
    assert_framed(assert_shown_literally(result.stdout))


@pytest.mark.parametrize(
    "args",
    [
        ["check", "-j", HOSTILE[:190]],  # an unknown jurisdiction, echoed
        ["check", "-j", "pg-county", "--role", HOSTILE],  # a bad value, echoed
        ["rules", "show", HOSTILE],  # an unknown pack, echoed
        ["batch", HOSTILE],  # a file that cannot be read, named
    ],
    ids=["jurisdiction", "role", "pack", "batch file"],
)
def test_error_messages_echo_input_literally(args):
    result = run(*args)
    assert result.exit_code == 2, result.output
    lines = [line.rstrip() for line in screen_of(result.stderr).display]
    text = "\n".join(lines)
    assert text.lstrip().startswith("error:")
    assert "\x1b" not in ONLY_STYLES.sub("", result.stderr)
    assert "[bold red]STYLED[/]" in text and "\\x1b[2J" in text and "💀" not in text

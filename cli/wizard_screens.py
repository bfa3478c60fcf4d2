"""What the wizard shows between questions: the NCIC reading as soon as the text is pasted,
and the review screen's lines. Untrusted text goes through `printable` into Text, never markup.
"""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from rules.ncic import read_ncic
from rules.translations import vocabulary

from .i18n import _, language
from .render import class_text, highlighted, t
from .safe_text import printable

REVIEW_WIDTH = 56  # a review line fits a 60-column terminal with the pointer


def reading_preview(text: str) -> Group:
    """What warrantwise reads in the pasted hit, with the words that decided it highlighted."""
    lang = language()
    reading = read_ncic(text, lang)
    kind = vocabulary(lang)["warrant_kinds"].get(reading.kind, reading.kind)
    parts: list = [
        Text.assemble((_("wizard.i_read"), "bold"), class_text(reading.warrant_class), f"  {kind}"),
        t(reading.summary),
        highlighted(text, reading.evidence),
    ]
    deciding = reading.deciding
    if deciding:
        parts.append(Text(_("wizard.deciding_words"), style="bold"))
        parts.extend(t(f"  “{e['text']}”: {e['means']}") for e in deciding)
    else:
        parts.append(Text(_("wizard.nothing_decides"), style="yellow"))
    return Group(*parts, Text(""))


def review_line(label: str, words: str) -> str:
    """One answer on the review screen, cut to fit a narrow terminal."""
    line = f"{label}: {printable(words)}".replace("\n", " ")
    return line if len(line) <= REVIEW_WIDTH else line[: REVIEW_WIDTH - 1] + "…"

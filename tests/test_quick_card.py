"""The officer's quick card says what the program does: its words, its questions, its hour, its reading of a hit."""

from __future__ import annotations

import re

import pytest

from rules.hold import URGENT_MINUTES, WARN_MINUTES
from rules.interview import QUESTIONS
from rules.ncic import read_ncic
from rules.packs import load_builtin
from rules.translations import vocabulary

from .conftest import ROOT

CARDS = {"en": ROOT / "docs" / "quick-card.md", "es": ROOT / "docs" / "es" / "quick-card.md"}
MINUTES = {"en": "minutes", "es": "minutos"}
NOTICE = {"en": "**Not legal advice.**", "es": "**No es asesoría legal.**"}
HIT_ROW = re.compile(r"^\| `([^`]+)` \| \*\*([^*]+)\*\* \|", re.M)


def card(lang: str) -> str:
    return CARDS[lang].read_text(encoding="utf-8")


def test_the_verdict_words_are_the_programs():
    shown = list(vocabulary("en")["verdicts"].values())
    assert shown == ["REQUIRED", "PERMITTED", "PROHIBITED", "ASK A SUPERVISOR"]
    assert all(f"| **{words}** |" in card("en") for words in shown)
    spanish = ["OBLIGATORIO", "PERMITIDO", "PROHIBIDO", "CONSULTE A UN SUPERVISOR"]
    assert list(vocabulary("es")["verdicts"].values()) == spanish
    assert all(f"| **{words}** |" in card("es") for words in spanish)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_card_lists_every_question_the_wizard_asks_in_order(lang):
    text = card(lang)
    asked = [text.index(f"| {n} | {vocabulary(lang)['questions'][q.id]} |") for n, q in enumerate(QUESTIONS, 1)]
    assert asked == sorted(asked)
    assert "| 1 | Which policy applies (your department)? | dc-mpd, greenbelt, miami-dade, pg-county |" in card("en")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_hour_is_pg_countys_limit_and_the_countdowns_warnings(lang):
    limit = load_builtin("pg-county").rule("PG-3").hold.limit_minutes
    text = card(lang)
    for minutes in (limit, WARN_MINUTES, URGENT_MINUTES):
        assert f"**{minutes:g} {MINUTES[lang]}**" in text
    assert NOTICE[lang] in text


@pytest.mark.parametrize("lang", ["en", "es"])
def test_each_hit_on_the_card_reads_as_the_card_says(lang):
    classes = {words: cls for cls, words in vocabulary(lang)["warrant_classes"].items()}
    rows = HIT_ROW.findall(card(lang))
    assert len(rows) >= 16
    for hit, says in rows:
        assert read_ncic(hit).warrant_class == classes[says], f"{hit!r}: the card says {says}"


def test_both_cards_show_the_same_hits():
    assert HIT_ROW.findall(card("en"))[0][0] == "OUTSTANDING ADMINISTRATIVE WARRANT OF REMOVAL"
    assert [h for h, _ in HIT_ROW.findall(card("en"))] == [h for h, _ in HIT_ROW.findall(card("es"))]

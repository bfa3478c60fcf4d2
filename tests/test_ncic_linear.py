"""The NCIC reader stays linear: no pattern can backtrack without bound, adversarial
megabytes are read (the timeout only catches a runaway, it is not a speed claim: the
figures come from benchmarks/run.py), and the reader's shortcuts change no reading."""

from __future__ import annotations

import random
import re

import pytest

from rules import ncic
from rules.ncic import read_ncic
from rules.ncic_codes import FIELD_CODES
from rules.ncic_markers import ANCHORS, MARKERS
from rules.vocab import WARRANT_KINDS

MB = 1 << 20
# An unbounded quantifier (*, +, {n,}) that is neither possessive nor lazy, outside [...] and escapes.
GREEDY = re.compile(r"(?<![*+?}])(?:[*+]|\{\d+,\})(?![+?])")


def rep(piece: str) -> str:
    return (piece * (MB // len(piece) + 1))[:MB]


ADVERSARIAL = {
    "negations": rep("not "),
    "negations, a judge far away": rep("not the ")[: MB - 5] + "judge",
    "comparisons": rep("confused "),
    "offence words": rep("off-"),
    "field codes": rep("OFF/"),
    "one marker word": rep("immigration "),
    "phrase starts": rep("warrant of "),
    "statutes": rep("8 u.s.c. "),
    "form numbers": rep("i-"),
    "spaces": " " * MB,
    "one long word": "writ of " + "a" * MB,
    "unicode dashes and spaces": rep("\u2014\u00a0ICE "),
    "everything at once": rep("not the judge or court nor criminal ICE detainer OFF/8004 rather than "),
}


@pytest.mark.parametrize("source", [mk.source for mk in MARKERS] + [ncic._OFF_WORD.pattern, ncic._OFF_VALUE.pattern])
def test_every_unbounded_repeat_is_possessive(source):
    bare = re.sub(r"\[(?:\\.|[^\]\\])*\]", "C", re.sub(r"\\.", "e", source))
    assert not GREEDY.search(bare), f"a greedy unbounded repeat can backtrack: {source}"


@pytest.mark.timeout(120)
@pytest.mark.parametrize("text", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_an_adversarial_megabyte_is_read(text):
    reading = read_ncic(text)
    assert reading.kind in WARRANT_KINDS


def test_the_word_finder_finds_exactly_the_words_worth_a_look():
    rng = random.Random(5)
    vocabulary = list(ANCHORS) + list(FIELD_CODES) + ["off", "offense8004", "offer", "x", "judge2", "2", "of"]
    wanted = set(ANCHORS) | set(FIELD_CODES)
    for _ in range(2000):
        low = "".join(rng.choice(vocabulary) + rng.choice([" ", "/", "-", "", "\u00e9", "_", "9"]) for _ in range(12))
        words = [(w.start(), w.group()) for w in re.finditer(r"[a-z0-9]+", low) if w.group() in wanted or w.group().startswith("off")]
        assert [(w.start(), w.group()) for w in ncic._starts().finditer(low)] == words, low


def test_skipping_far_negations_changes_no_reading(monkeypatch):
    rng = random.Random(9)
    words = ["not", "without", "rather", "than", "instead", "of", "confused", "vs", "the", "judge", "judicial", "officers",
             "court", "magistrate", "criminal", "crimes", "felony", "warrant", "misjudge", "crimea", "x" * 30]
    texts = ["".join(rng.choice(words) + rng.choice([" ", " " * 45, ".", ";", "\n", ", ", "-"]) for _ in range(rng.randint(2, 40)))
             for _ in range(3000)]
    fast = [read_ncic(text) for text in texts]
    monkeypatch.setattr(ncic, "_near", lambda *args: True)  # every window scanned, as the patterns alone would
    assert [read_ncic(text) for text in texts] == fast

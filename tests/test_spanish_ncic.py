"""The NCIC reader in Spanish: every marker meaning has Spanish, nothing is stale, and the
language never changes a classification, an offset or an evidence text."""

from __future__ import annotations

from rules.ncic import EXL_MEANS, meanings, read_ncic
from rules.ncic_codes import OFFENSE_CODES
from rules.ncic_markers import MARKERS

from .conftest import DATA, jsonl


def test_every_meaning_has_spanish_and_none_is_stale():
    english = {m.means for m in MARKERS} | {means for _, _, means in OFFENSE_CODES.values()} | {EXL_MEANS}
    spanish = meanings("es")
    assert not english - set(spanish), f"no Spanish for: {sorted(english - set(spanish))}"
    assert not set(spanish) - english, f"stale entries (no marker says these any more): {sorted(set(spanish) - english)}"


def test_spanish_reads_the_same_as_english():
    for text in [row["text"] for row in jsonl(DATA / "ncic-domain.jsonl")] + ["MKE/EWF OFF/3531 EXL/1 OFF/9999"]:
        en, es = read_ncic(text), read_ncic(text, "es")
        assert (en.kind, en.fields) == (es.kind, es.fields)
        assert [(e["text"], e["start"], e["end"], e["points"]) for e in en.evidence] == \
               [(e["text"], e["start"], e["end"], e["points"]) for e in es.evidence]


def test_a_removal_warrant_reads_in_spanish():
    reading = read_ncic("OUTSTANDING ADMINISTRATIVE WARRANT OF REMOVAL", "es")
    assert reading.summary == "Una orden administrativa (civil) de ICE, no una orden penal firmada por un juez."
    assert reading.evidence[0]["means"].startswith("una orden administrativa la emite un agente de inmigración")
    assert reading.missing[0].startswith("Qué la haría penal: ")
    assert reading.questions == ["Pregunte a despacho si también hay una orden o un cargo penal aparte."]

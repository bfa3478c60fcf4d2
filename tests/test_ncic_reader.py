"""The NCIC reader: records and free text, codes, forms, traps, and the fail-safe."""

from __future__ import annotations

import pytest

from rules import read_ncic
from tests.conftest import DATA, jsonl

DOMAIN = jsonl(DATA / "ncic-domain.jsonl")


@pytest.mark.parametrize("case", DOMAIN, ids=[c["id"] for c in DOMAIN])
def test_domain_corpus(case):
    """Quotes from ncic-reference.md with their labels: never a false criminal."""
    cls = read_ncic(case["text"]).warrant_class
    if case["label"] == "ambiguous":
        assert cls != "criminal"
    else:
        assert cls == case["label"]


def test_evidence_spans_point_into_the_original_text():
    text = "MKE/IMMIGRATION VIOLATOR\nNAM/DOE, JOHN\r\nOFF/8004\nMIS/Outstanding  Administrative\tWarrant of Removal"
    reading = read_ncic(text)
    assert reading.kind == "ice-administrative"
    for e in reading.evidence:
        assert text[e["start"]:e["end"]] == e["text"]
    assert any(e["text"] == "Administrative\tWarrant of Removal" for e in reading.evidence)


@pytest.mark.parametrize("text", [
    "Outstanding administrative \u201cwarrant\u201d of removal",
    "ICE \u2018administrative\u2019 warrant",
    "deportation \u2018proceedings\u2019 pending",
])
def test_curly_quotes_read_as_straight_ones_with_the_original_words_as_evidence(text):
    """Pasted hits often carry curly quotes: they separate words as straight ones do, and the
    evidence quotes the text as written."""
    straight = text.translate({0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"'})
    curly, plain = read_ncic(text), read_ncic(straight)
    assert (curly.kind, curly.warrant_class) == (plain.kind, plain.warrant_class)
    assert [(e["start"], e["end"]) for e in curly.evidence] == [(e["start"], e["end"]) for e in plain.evidence]
    assert curly.evidence and all(text[e["start"]:e["end"]] == e["text"] for e in curly.evidence)
    assert any(ch in e["text"] for e in curly.evidence for ch in "\u2018\u2019\u201c\u201d")


def test_field_value_records_are_parsed_as_typed():
    reading = read_ncic("MKE/EWF NAM/DOE,JOHN.DOB/19800101.OFF/3531.EXL/1.MIS/Warrant issued by Superior Court")
    assert reading.fields == {
        "MKE": "EWF", "NAM": "DOE,JOHN", "DOB": "19800101", "OFF": "3531", "EXL": "1",
        "MIS": "Warrant issued by Superior Court",
    }
    assert reading.kind == "criminal"


def test_slash_words_are_not_fields():
    reading = read_ncic("Form I-205, Warrant of Removal/Deportation")
    assert reading.fields == {}
    assert reading.kind == "ice-administrative"


@pytest.mark.parametrize(
    "text, kind",
    [
        ("off/8004", "ice-administrative"),
        ("OFF/8003", "criminal"),
        ("OFF/8005", "unknown"),
        ("OFF/0399", "unknown"),
        ("OFF/6411", "criminal"),
        ("OFFENSE CODE 6300", "criminal"),
        ("OFF/9999", "unknown"),
    ],
)
def test_offence_codes(text, kind):
    assert read_ncic(text).kind == kind


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Form I-200", "ice-administrative"),
        ("i205", "ice-administrative"),
        ("FORM I-247A", "ice-detainer"),
        ("I 247D request", "ice-detainer"),
        ("I-862 Notice to Appear", "ice-administrative"),
    ],
)
def test_ice_forms(text, kind):
    assert read_ncic(text).kind == kind


@pytest.mark.parametrize(
    "text",
    [
        "wanted by ICE for an order of deportation arrest warrant",  # 'arrest warrant' inside a civil phrase
        "final order of removal from an Immigration Judge",  # 'Judge' that is not a court
        "DHS IMMIGRATION DETAINER - REQUEST FOR VOLUNTARY ACTION: suspected of terrorism; criminal street gang, 18 U.S.C. 521",
        "an administrative warrant, not signed by a judge",
    ],
)
def test_traps_that_look_criminal_read_civil(text):
    assert read_ncic(text).warrant_class == "civil"


@pytest.mark.parametrize(
    "text",
    [
        "ABSCOND WHILE ON PAROLE",  # an 'abscond' that is criminal supervision, not immigration
        "MKE/EWW MISDEMEANOR WARRANT",
        "Signed by a United States Magistrate Judge",
        "PREVIOUSLY DEPORTED FELON",
    ],
)
def test_criminal_markers(text):
    assert read_ncic(text).warrant_class == "criminal"


@pytest.mark.parametrize(
    "text",
    [
        "SELF-ADMITTED GANG MEMBERSHIP AT TIME OF ARREST OR INCARCERATION",
        "KNOWN OR APPROPRIATELY SUSPECTED TERRORIST FILE",
        "SUBJECT IS SUSPECTED OR BELIEVED TO BE ASSOCIATED WITH TERRORISM OR A TERRORIST ORGANIZATION",
    ],
)
def test_watch_list_records_are_not_warrants(text):
    reading = read_ncic(text)
    assert reading.kind == "unknown"
    assert any("not a warrant" in q or "not one" in q for q in reading.questions)


def test_mixed_civil_and_criminal_process_reads_unknown():
    reading = read_ncic("OUTSTANDING ADMINISTRATIVE WARRANT OF REMOVAL. ALSO FELONY WARRANT, SUPERIOR COURT")
    assert reading.kind == "unknown"
    assert "Mixed" in reading.summary


def test_judge_and_immigration_order_is_judicial_not_criminal():
    reading = read_ncic("UNITED STATES DISTRICT COURT order authorizing removal proceedings custody")
    assert reading.kind == "judicial-immigration-order"
    assert reading.warrant_class == "judicial"


@pytest.mark.parametrize("text", ["", "   \n\t", "WARRANT", "the check came back positive", "ICE"])
def test_weak_or_empty_text_reads_unknown(text):
    assert read_ncic(text).kind == "unknown"


def test_any_case_and_spacing():
    assert read_ncic("outstanding   ADMINISTRATIVE\n\n warrant\u00a0of  removal").kind == "ice-administrative"
    assert read_ncic("Warrant\u2013of\u2013Removal").kind == "ice-administrative"


def test_reader_tells_what_is_missing_and_what_to_ask():
    civil = read_ncic("OUTSTANDING ADMINISTRATIVE WARRANT OF REMOVAL")
    assert "What would make it criminal" in civil.missing[0]
    criminal = read_ncic("PREVIOUSLY DEPORTED FELON")
    assert any("8 U.S.C. 1326" in q for q in criminal.questions)
    unknown = read_ncic("IMMIGRATION")
    assert any("I-200" in q for q in unknown.questions)


def test_a_judges_order_about_immigration_custody_is_judicial_not_criminal():
    reading = read_ncic("ORDER OF U.S. DISTRICT JUDGE AUTHORIZING IMMIGRATION CUSTODY")
    assert reading.kind == "judicial-immigration-order" and reading.warrant_class == "judicial"
    # A judge's warrant that names a crime stays criminal.
    assert read_ncic("SUPERIOR COURT WARRANT: ILLEGAL REENTRY, IMMIGRATION").warrant_class == "criminal"


RECORD = "MKE/EWF NAM/{name} DOB/{dob}\nOFF/{code}\nMIS/NOT SIGNED BY A JUDGE; OUTSTANDING ADMINISTRATIVE WARRANT OF REMOVAL"


@pytest.mark.parametrize("code", ["8004", "3531"])
def test_the_person_does_not_change_the_reading(code):
    """Hits that differ only in the name and date of birth read alike; offsets stay the text's own."""
    readings = []
    for name, dob in [("DOE, JOHN", "19800101"), ("VAN DER BERG-OKONKWO, MARIA JOSÉ", "1975"), ("LI", "")]:
        text = RECORD.format(name=name, dob=dob, code=code)
        reading = read_ncic(text)
        assert reading.fields["NAM"] == name
        for e in reading.evidence:
            assert text[e["start"]:e["end"]] == e["text"]
        readings.append((reading.kind, [(e["text"], e["means"], e["points"]) for e in reading.evidence]))
    assert readings[0] == readings[1] == readings[2]


def test_a_name_that_is_also_a_marker_word_is_read_as_it_stands():
    """Only a value with no marker word is set aside: the fail-safe reads every word that could matter."""
    reading = read_ncic("NAM/ICE DETAINER\nOFF/3531")
    assert reading.kind == "unknown"  # a detainer and a drug crime: mixed, never criminal
    assert {e["text"] for e in reading.evidence} >= {"ICE DETAINER", "OFF/3531"}


def test_a_name_ending_in_a_sign_right_before_a_field_keeps_that_field():
    """"NAM/DOE-OFF/8004": OFF is a field (a sign stands before it), so the name is read as it
    stands; collapsed to "x", it would join OFF into one word and the code would be lost."""
    from rules import ncic

    for text, code in [("NAM/DOE-OFF/8004", "OFF/8004"), ("NAM/ROE (JR)EXL/1 MIS/FELONY", "EXL/")]:
        assert ncic.shared_form(text)[0] == text  # nothing collapsed
        assert code in [e["text"] for e in read_ncic(text).evidence]
    assert ncic.shared_form("NAM/DOE OFF/8004")[0] == "NAM/x OFF/8004"


def _records_by_regex(text: str):
    """The FIELD/VALUE records as first written: a regex over the folded text for the field
    starts, each value to the next field or its line's end, person values judged folded."""
    import re

    from rules import ncic

    low = ncic._fold(text)
    codes = "|".join(sorted(ncic.FIELD_CODES))
    starts = [(m.start(), m.end(), m.group(1).upper()) for m in re.finditer(rf"(?<![a-z0-9])({codes})/", low)]
    values: dict[str, list[str]] = {}
    people = []
    for i, (_, value_start, code) in enumerate(starts):
        stop = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        if "\n" in text[value_start:stop]:
            stop = text.index("\n", value_start)
        value = text[value_start:stop].strip(" .;,\t\r")
        if not value:
            continue
        values.setdefault(code, []).append(value)
        folded = low[value_start:stop]
        core = folded.strip(" .;,\t\r")
        if code in ncic.PERSON_FIELDS and core and core[-1].isascii() and core[-1].isalnum() \
                and not ncic._marker_word().search(core):
            start = value_start + len(folded) - len(folded.lstrip(" .;,\t\r"))
            people.append((start, start + len(core)))
    return starts, {code: "; ".join(parts) for code, parts in values.items()}, people


def test_field_records_read_in_one_pass_agree_with_a_regex_reading():
    """The split-based reading against a regex over the folded text, on hits of every shape:
    codes in any case, slashes that are not fields, empty and repeated values, odd spaces,
    names that are marker words."""
    import random

    from rules import ncic

    rng = random.Random(11)
    found = 0
    for _ in range(20000):
        text = "".join(rng.choice(HIT_BITS) for _ in range(rng.randint(1, 14)))
        records = ncic._records(text)
        assert records == _records_by_regex(text), repr(text)
        found += bool(records[2])
    assert found > 100  # person values were found, not only texts without any


HIT_BITS = ["MKE", "mke", "NaM", "DOB", "dob", "OFF", "MIS", "FILE", "file", "XNAM", "2DOB", "/", "/", "/", " ", "\n",
            "\t", "\f", "\u00a0", ".", ",", ";", "-", "DOE", "Judge", "19560312", "8", "ICE", "crim", "é", "\u2014", "x"]


def test_the_shared_form_planned_per_layout_is_the_form_every_field_read_gives():
    """shared_form reads only the person values, where a plan made once per layout of slashes
    says they are; on hits of every shape (and hits naming a person with stock lines) it gives
    what reading every field (_records) gives."""
    import random

    from rules import ncic

    rng = random.Random(12)
    planned = 0
    people = ["DOE, JOHN", "x", "Judge", "DOE-", " ROE ", "19560312", "", "NGUYEN\u00a0"]
    lines = ["MKE/EW", "OFF/8004", "MIS/SUBJECT IS A DEPORTED CRIMINAL/AGGRAVATED FELON", "FILE/2", "EXL/1", "OCA/88-1"]
    for number in range(20000):
        if number % 2:
            text = "".join(rng.choice(HIT_BITS) for _ in range(rng.randint(1, 14)))
        else:
            parts = [f"NAM/{rng.choice(people)}", f"DOB/{rng.choice(people)}", *rng.sample(lines, 2)]
            rng.shuffle(parts)
            text = rng.choice([" ", "\n", "", "/"]).join(parts)
        spans = ncic._records(text)[2]
        assert ncic.shared_form(text) == (ncic._collapsed(text, spans), [text[a:b] for a, b in spans]), repr(text)
        pieces = text.split("/")
        planned += bool(spans) and ncic._plan(tuple(map(ncic._TAIL, pieces[:-1]))) is not None
    assert planned > 2000  # the plan, not only the reading of every field, gave most forms

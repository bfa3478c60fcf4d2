"""Fuzzing the NCIC reader and the encounter parser, with a fixed budget so CI stays stable.

Every property runs a fixed number of examples from a fixed seed (`derandomize`), with no
example database, so CI sees the same inputs on every run.

- The reader never raises, on any string.
- The reader never reads "criminal" from a text with no criminal marker, and ICE-form wording
  added to a text that does not read criminal (a civil one, say) never makes it criminal.
- The reader and the batch parser are linear: see `assert_linear` for the bound.
- The batch parser never raises on any bytes and gives one output per record.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import json
import re
import time

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cli.batch_io import decide_items, read_csv, read_jsonl
from rules.engine import decide
from rules.models import Encounter
from rules.ncic import read_ncic
from rules.ncic_codes import OFFENSE_CODES
from rules.ncic_markers import MARKERS

from .conftest import DATA, NOW, jsonl

FUZZ = settings(max_examples=300, deadline=dt.timedelta(seconds=5), derandomize=True, database=None,
                suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
PARSE = settings(FUZZ, max_examples=100)  # each example decides several records: fewer, to keep the budget
TIMED = settings(max_examples=12, deadline=None, derandomize=True, database=None,
                 suppress_health_check=[HealthCheck.too_slow])

# What can make the reader say "criminal": a marker that decides (strength 2) and points to a
# crime or a court, an offence code of a crime, or the extradition field. The reader tries a
# marker only at one of its first words, so a text without those words and codes has no criminal marker.
CRIMINAL_WORDS = frozenset(a for m in MARKERS if m.strength == 2 and m.points in ("criminal", "judicial") for a in m.anchors)
CRIMINAL_CODES = re.compile(
    r"(?<![0-9])(?:" + "|".join(c for c, (_, points, _) in OFFENSE_CODES.items() if points == "criminal") + r")(?![0-9])"
)
_TOKEN = re.compile(r"[a-z0-9]+")


def has_criminal_marker(text: str) -> bool:
    low = text.lower()
    tokens = set(_TOKEN.findall(low))
    return bool(tokens & CRIMINAL_WORDS) or "exl" in tokens or CRIMINAL_CODES.search(low) is not None


def _samples() -> list[str]:
    rows = jsonl(DATA / "shared-ncic-samples.jsonl") + jsonl(DATA / "ncic-domain.jsonl")
    return [r["text"] for r in rows]


# Real NCIC and police wording, and the marker words that cannot decide "criminal".
FORM_WORDING = [
    "FORM I-200 WARRANT FOR ARREST OF ALIEN",
    "I-205 WARRANT OF REMOVAL/DEPORTATION",
    "IMMIGRATION DETAINER - NOTICE OF ACTION (DHS FORM I-247A)",
    "ADMINISTRATIVE WARRANT OF REMOVAL",
    "I-862 NOTICE TO APPEAR",
]
SAFE_PHRASES = sorted({p for p in _samples() + FORM_WORDING if not has_criminal_marker(p)} | {
    "OUTSTANDING ADMINISTRATIVE WARRANT OF REMOVAL", "IMMIGRATION VIOLATOR FILE", "OFF/8004", "OFF/0399", "OFF/8005",
    "NAM/DOE, JOHN", "DOB/19800101", "MKE/EW", "ORI/DCICE0000", "MIS/SUBJECT IS AN ABSCONDER", "IMMIGRATION JUDGE",
    "IMMIGRATION COURT", "COURT SUBPOENA", "WRIT OF REPLEVIN", "ARREST WARRANT", "BENCH WARRANT", "WARRANT", "JUDGE",
    "COURT", "CHARGED WITH", "GANG MEMBER", "NSEERS", "ICE", "NCIC", "REMOVABLE ALIEN", "DEPORTATION ARREST WARRANT",
    "VERIFY WITH ORIGINATING AGENCY", "CONFIRM WITH LESC", "NO EXTRADITION LIMITS UNKNOWN",
})
SAFE_WORDS = sorted({a for m in MARKERS for a in m.anchors} - CRIMINAL_WORDS - {"exl"})
SEPARATORS = st.sampled_from([" ", "  ", "\n", "\r\n", "\t", "/", ". ", ", ", "; ", " - ", ":", "\u00a0", "\u2014"])
ANY_CHAR = st.characters(exclude_categories=())  # any code point: controls, format characters, lone surrogates
NOISE = st.text(ANY_CHAR, max_size=12)
PIECE = st.one_of(st.sampled_from(SAFE_PHRASES), st.sampled_from(SAFE_WORDS), NOISE)


@st.composite
def texts(draw, piece=PIECE, max_pieces=25) -> str:
    pieces = draw(st.lists(piece, max_size=max_pieces))
    out = ""
    for p in pieces:
        out += draw(SEPARATORS) + (p.upper() if draw(st.booleans()) else p)
    return out


def test_the_vocabulary_cannot_be_empty_of_meaning():
    """The generators below must contain civil words and no criminal one, or the properties prove nothing."""
    assert "administrative" in SAFE_WORDS and "detainer" in SAFE_WORDS and "criminal" not in SAFE_WORDS
    assert read_ncic("OUTSTANDING ADMINISTRATIVE WARRANT OF REMOVAL").warrant_class == "civil"
    assert has_criminal_marker("FAILURE TO APPEAR") and has_criminal_marker("OFF/0301") and has_criminal_marker("EXL/1")
    assert read_ncic("FAILURE TO APPEAR").warrant_class == "criminal"


@FUZZ
@given(st.text(ANY_CHAR, max_size=400))
def test_the_reader_never_raises_and_its_evidence_points_into_the_text(text):
    reading = read_ncic(text)
    assert reading.warrant_class in ("civil", "criminal", "judicial", "unknown")
    for e in reading.evidence:
        assert text[e["start"]:e["end"]] == e["text"]


@FUZZ
@given(texts())
def test_no_criminal_marker_never_reads_criminal(text):
    assume(not has_criminal_marker(text))
    reading = read_ncic(text)
    assert reading.warrant_class != "criminal", (text, reading.summary, reading.evidence)


ANY_PIECE = st.one_of(st.sampled_from(SAFE_PHRASES), st.sampled_from(_samples()), st.sampled_from(SAFE_WORDS), NOISE)


@FUZZ
@given(texts(piece=ANY_PIECE, max_pieces=8), st.sampled_from(FORM_WORDING), st.integers(min_value=0))
def test_ice_form_wording_never_turns_a_reading_criminal(text, form, where):
    """Inserted anywhere into a text that does not read criminal (civil ones among them), ICE-form
    wording never makes it read criminal."""
    assume(read_ncic(text).warrant_class != "criminal")
    at = where % (len(text) + 1)
    changed = f"{text[:at]} {form} {text[at:]}"
    assert read_ncic(changed).warrant_class != "criminal", changed


def best_time(fn, arg) -> float:
    """The fastest of three runs, garbage collection off: the least noisy measure of the work done."""
    times = []
    gc.disable()
    try:
        for _ in range(3):
            start = time.perf_counter()
            fn(arg)
            times.append(time.perf_counter() - start)
    finally:
        gc.enable()
    return min(times)


def assert_linear(fn, make, size: int) -> None:
    """The bound: work on 8n repeats of a pattern is at most 3 x 8 x the work on n, plus 20 ms.

    Linear code needs 8x; quadratic code needs 64x, which a budget of 24x + 20 ms cannot hide
    at these sizes, while scheduler noise of a few milliseconds cannot fail it.
    """
    small, large = make(size), make(8 * size)
    t1, t8 = best_time(fn, small), best_time(fn, large)
    assert t8 <= 24 * t1 + 0.020, f"{len(small)} chars: {t1 * 1000:.1f} ms; {len(large)} chars: {t8 * 1000:.1f} ms"


def repeated(pattern: str, chars: int) -> str:
    return (pattern * (chars // len(pattern) + 1))[:chars]


ANY_WORDS = st.one_of(st.sampled_from(SAFE_PHRASES), st.sampled_from(_samples()), st.sampled_from(sorted(CRIMINAL_WORDS)),
                      st.sampled_from(SAFE_WORDS), NOISE)


@TIMED
@given(texts(piece=ANY_WORDS, max_pieces=12).filter(lambda s: s.strip()))
def test_the_reader_takes_linear_time(pattern):
    assert_linear(read_ncic, lambda n: repeated(pattern, n), 4_000)


@TIMED
@given(texts(piece=ANY_WORDS, max_pieces=12).filter(lambda s: s.strip()))
def test_one_batch_line_takes_linear_time(pattern):
    def run(line: bytes) -> None:
        list(decide_items(read_jsonl(io.BytesIO(line)), lambda e: decide(e, now=NOW)))

    record = {"jurisdiction": "pg-county", "date": "2019-08-01"}
    assert_linear(run, lambda n: json.dumps({**record, "ncic_text": repeated(pattern, n)}).encode(), 4_000)


FIELDS = list(Encounter.model_fields) + ["pack", "name"]
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
    | st.sampled_from(["pg-county", "dc-mpd", "2019-08-01", "2019-08-01T10:00:00-04:00", "criminal", "gang", "jail"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
RECORDS = st.dictionaries(st.sampled_from(FIELDS), JSON_VALUES, max_size=8).map(lambda d: {"jurisdiction": "pg-county", **d})


@st.composite
def jsonl_files(draw) -> bytes:
    lines = []
    for record in draw(st.lists(RECORDS, max_size=6)):
        line = json.dumps(record).encode()
        if draw(st.booleans()):  # damage it: cut it short, or put random bytes in
            at = draw(st.integers(0, len(line)))
            line = line[:at] + draw(st.binary(max_size=8))
        lines.append(line.replace(b"\n", b" "))
    lines.extend(draw(st.lists(st.binary(max_size=30), max_size=3)))
    return b"\n".join(draw(st.permutations(lines)))


def blank(raw: bytes) -> bool:
    """A blank line is not a record; a line that is not even UTF-8 is one (it gets an error record)."""
    try:
        return not raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        return False


def run_batch(reader, data: bytes) -> list[dict]:
    return list(decide_items(reader(io.BytesIO(data)), lambda e: decide(e, now=NOW)))


@PARSE
@given(jsonl_files())
def test_the_jsonl_parser_never_raises_and_answers_every_record(data):
    out = run_batch(read_jsonl, data)
    records = [n for n, raw in enumerate(data.split(b"\n"), 1) if not blank(raw.removeprefix(b"\xef\xbb\xbf") if n == 1 else raw)]
    assert len(out) == len(records)
    for o, line in zip(out, records):
        assert ("error" in o and o["line"] == line) or "actions" in o
    json.dumps(out, ensure_ascii=False).encode("utf-8")  # every answer can be written out


CSV_CELLS = st.one_of(st.sampled_from(["pg-county", "5", "-1", "NaN", "yes", "maybe", "gang;smuggling", "2019-02-30", '"', '""', ""]),
                      st.text(ANY_CHAR, max_size=10))


@PARSE
@given(st.lists(st.lists(CSV_CELLS, max_size=9), max_size=6), st.sampled_from(["\n", "\r\n"]))
def test_the_csv_parser_never_raises(rows, newline):
    header = "id,jurisdiction,date,warrant,held_minutes,dispatch_confirmed,suspected_offenses,ncic_text"
    text = newline.join([header] + [",".join(row) for row in rows])
    out = run_batch(read_csv, text.encode("utf-8", "surrogatepass"))
    assert all(("error" in o and o["line"] >= 2) or "actions" in o for o in out)
    json.dumps(out, ensure_ascii=False).encode("utf-8")

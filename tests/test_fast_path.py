"""The batch fast path says exactly what the straightforward path says.

rules.decider assembles each decision from memoised JSON pieces; cli.batch_jsonl reads lines
straight into the model. Both must give, byte for byte, json.dumps(decide(...)) and the
contract model evaluate() validates, over thousands of varied encounters: every pack, dates
on and beside every rule window's edges, NCIC texts, hold clocks either side of the limits,
and bad lines.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import itertools
import json
import random

import pytest

from cli import batch_jsonl
from cli.batch_io import decide_items, read_jsonl
from rules import decider as decider_module
from rules.decider import GROUP_OF, Decider
from rules.engine import _bounds, decide, evaluate
from rules.errors import InputError
from rules.models import Encounter
from rules.ncic_codes import OFFENSE_CODES
from rules.packs import BOOL_FACTS, ENUM_FACTS, builtin_pack_ids, load_builtin
from rules.vocab import CUSTODY, OFFENSES, ROLES, WARRANT_KINDS

from .conftest import DATA, NOW, jsonl, shared_file

NCIC_TEXTS = [None, "OUTSTANDING ADMINISTRATIVE WARRANT OF REMOVAL", "MKE/EWF OFF/3531 EXL/1 MIS/WARRANT ISSUED BY SUPERIOR COURT",
              "SUBJECT IS A DEPORTED CRIMINAL/AGGRAVATED FELON", "ICE DETAINER I-247A", "the check came back positive"]


def ncic_texts() -> list:
    texts = NCIC_TEXTS + [row["text"] for row in jsonl(DATA / "ncic-domain.jsonl")]
    return texts + [row["text"] for row in jsonl(shared_file("ncic-samples.jsonl"))]


def days() -> list:
    """Every day a rule or case starts or stops, the day before, the review dates, and 'today'."""
    out = {None}
    for pack_id in builtin_pack_ids():
        pack = load_builtin(pack_id)
        for day in _bounds(pack) + [pack.reviewed, pack.reviewed + dt.timedelta(days=1)]:
            out.update({day, day - dt.timedelta(days=1)})
    return sorted(out, key=lambda d: d or dt.date.min)


def clocks() -> list[dict]:
    minutes = [{}, {"held_minutes": 0}, {"held_minutes": 5}, {"held_minutes": 29.995}, {"held_minutes": 30},
               {"held_minutes": 59.99}, {"held_minutes": 60}, {"held_minutes": 61.5}, {"held_minutes": 600}]
    since = [{"held_since": (NOW - dt.timedelta(minutes=m)).isoformat()} for m in (0.5, 45, 90)]
    return minutes + since + [{"held_since": (NOW + dt.timedelta(seconds=30)).isoformat()}]  # a slow clock, not an error


def encounters(count: int, seed: int, since: bool = True) -> list[dict]:
    """Varied encounters; `since=False` leaves out clocks read against the time of the run."""
    rng = random.Random(seed)
    texts, all_days = ncic_texts(), days()
    all_clocks = [clock for clock in clocks() if since or "held_since" not in clock]
    out = []
    for number in range(count):
        record = {"id": f"r{number}", "jurisdiction": rng.choice(builtin_pack_ids()), "role": rng.choice(ROLES),
                  "custody": rng.choice(CUSTODY), "dispatch_confirmed": rng.random() < 0.3,
                  "suspected_offenses": rng.sample(OFFENSES, rng.choice([0, 0, 1, 2])), **rng.choice(all_clocks)}
        day = rng.choice(all_days)
        if day:
            record["date"] = day.isoformat()
        text = rng.choice(texts)
        if text:
            record["ncic_text"] = text
        if rng.random() < 0.5:
            record["warrant"] = rng.choice(WARRANT_KINDS)
        out.append(record)
    return out


def straight(encounter: Encounter) -> bytes:
    return (json.dumps(decide(encounter, now=NOW), ensure_ascii=False) + "\n").encode()


@pytest.mark.parametrize("cap", [4096, 7], ids=["memo", "memo-starting-afresh"])
def test_each_line_is_the_straightforward_decision(monkeypatch, cap):
    monkeypatch.setattr(decider_module, "_CAP", cap)
    fast = Decider(NOW)
    for record in encounters(2500, seed=cap):
        encounter = Encounter.model_validate(record)
        line = fast.line(encounter)
        assert line == straight(encounter), record
        assert json.loads(line) == evaluate(encounter, now=NOW).to_json_dict(), record


def test_every_combination_of_the_facts_cases_test(now):
    fast = Decider(NOW)
    kinds = [{"warrant": k} for k in WARRANT_KINDS] + [{"ncic_text": "IMMIGRATION VIOLATOR FILE"}]
    for pack_id, kind, custody, role, dispatch, offenses, clock in itertools.product(
        builtin_pack_ids(), kinds, CUSTODY, ROLES, (False, True), ([], ["gang"], ["human-trafficking", "customs"]),
        ({}, {"held_minutes": 10}, {"held_minutes": 75}),
    ):
        encounter = Encounter(jurisdiction=pack_id, date="2025-08-20", custody=custody, role=role,
                              dispatch_confirmed=dispatch, suspected_offenses=offenses, **kind, **clock)
        assert fast.line(encounter) == straight(encounter)


def test_every_fact_a_pack_may_test_has_a_lookup_group():
    assert set(GROUP_OF) == set(ENUM_FACTS) | set(BOOL_FACTS)


@pytest.mark.parametrize("record", [
    {"jurisdiction": "atlantis"},
    {"jurisdiction": "pg-county", "held_since": "2999-01-01T00:00:00+00:00"},
])
def test_a_record_that_cannot_be_decided_fails_the_same_way(record):
    encounter = Encounter.model_validate(record)
    with pytest.raises(InputError) as straight_error:
        decide(encounter, now=NOW)
    with pytest.raises(InputError) as fast_error:
        Decider(NOW).line(encounter)
    assert str(fast_error.value) == str(straight_error.value)


# Lines the fast reader must leave to the checked path, or read exactly as it does.
TRICKY_LINES = [
    b'{"id": 7, "jurisdiction": "pg-county"}',
    b'{"id": 1e2, "jurisdiction": "pg-county"}',
    b'{"id": -0.0, "jurisdiction": "dc-mpd"}',
    b'{"id": NaN, "jurisdiction": "pg-county"}',
    b'{"id": "nan-minutes", "jurisdiction": "pg-county", "held_minutes": NaN}',
    b'{"id": "big", "jurisdiction": "pg-county", "held_minutes": 1e400}',
    b'{"id": "\\ud83d\\ude00", "jurisdiction": "pg-county"}',
    b'{"id": "twice", "jurisdiction": "atlantis", "jurisdiction": "pg-county"}',
    b'{"id": "str-minutes", "jurisdiction": "pg-county", "held_minutes": "12.5"}',
    b'{"id": "str-bool", "jurisdiction": "pg-county", "dispatch_confirmed": "yes"}',
    b'{"id": "int-bool", "jurisdiction": "pg-county", "dispatch_confirmed": 1}',
    b'{"id": "float-bool", "jurisdiction": "pg-county", "dispatch_confirmed": 1.0}',
    b'{"id": "int-date", "jurisdiction": "pg-county", "date": 20190801}',
    b'{"id": "ts", "jurisdiction": "pg-county", "held_since": 1700000000}',
    b'{"id": "z", "jurisdiction": "pg-county", "held_since": "2026-11-21T11:00:00Z"}',
    b'{"id": "dup-offence", "jurisdiction": "pg-county", "suspected_offenses": ["gang", "gang"]}',
    b'{"id": "esc", "jurisdiction": "pg-county", "ncic_text": "ICE\\u00a0DETAINER \\u2014 I\\u2011247"}',
    b'\xef\xbb\xbf{"id": "bom-not-first", "jurisdiction": "pg-county"}',
    b'{"id": "crlf", "jurisdiction": "pg-county"}\r',
    b"   ",
    b"",
    b"[1, 2]",
    b'{"id": "cut", "jurisdiction":',
    b'{"id": "unknown", "jurisdiction": "pg-county", "name": "x"}',
    b'{"id": "neg", "jurisdiction": "pg-county", "held_minutes": -1}',
    b'{"id": "bad-utf8", "jurisdiction": "pg-county", "ncic_text": "ICE \xff"}',
    b'{"id": "unknown-pack", "jurisdiction": "atlantis"}',
    b'{"id": "future", "jurisdiction": "pg-county", "held_since": "2999-01-01T00:00:00+00:00"}',
    b'{"id": "two-clocks", "jurisdiction": "pg-county", "held_minutes": 5, "held_since": "2026-11-21T11:00:00Z"}',
    # keys spelled with escapes read as the keys themselves: the checks look at values, not bytes
    b'{"id": "two-clocks-escaped", "jurisdiction": "pg-county", "held_minutes": 5, "held\\u005fsince": "2026-11-21T11:00:00Z"}',
    b'{"id": "dup-offence-escaped", "jurisdiction": "pg-county", "suspected\\u005foffenses": ["gang", "g\\u0061ng"]}',
]


def straight_batch(data: bytes) -> bytes:
    outs = decide_items(read_jsonl(io.BytesIO(data)), lambda encounter: decide(encounter, now=NOW))
    return b"".join((json.dumps(out, ensure_ascii=False) + "\n").encode() for out in outs)


def fast_batch(data: bytes, workers: int = 1) -> tuple[bytes, int]:
    sink = io.BytesIO()
    failed = batch_jsonl.decide_jsonl(io.BytesIO(data), sink, NOW, workers)
    return sink.getvalue(), failed


def mixed_file(count: int = 600, since: bool = True) -> bytes:
    lines = [json.dumps(record).encode() for record in encounters(count, seed=11, since=since)]
    for i, tricky in enumerate(line for line in TRICKY_LINES if since or b"held_since" not in line):
        lines.insert(1 + i * (count // len(TRICKY_LINES)), tricky)
    return b'\xef\xbb\xbf' + b"\n".join(lines) + b"\n" + json.dumps({"id": "last, no newline", "jurisdiction": "pg-county"}).encode()


@pytest.mark.parametrize("block, chunk", [(batch_jsonl.BLOCK_BYTES, batch_jsonl.CHUNK_LINES), (batch_jsonl.BLOCK_BYTES, 3),
                                          (64, 2), (1, 1)], ids=["blocks", "small-chunks", "small-blocks", "line-by-line"])
def test_the_batch_fast_path_writes_what_the_straightforward_path_writes(monkeypatch, block, chunk):
    monkeypatch.setattr(batch_jsonl, "BLOCK_BYTES", block)
    monkeypatch.setattr(batch_jsonl, "CHUNK_LINES", chunk)
    data = mixed_file()
    expected = straight_batch(data)
    out, failed = fast_batch(data)
    assert out == expected
    assert failed == sum(b'"error": ' in line for line in expected.splitlines())
    assert failed > 0


def test_clean_lines_are_validated_a_chunk_at_a_time_and_read_as_encounter_reads_them():
    records = encounters(200, seed=3) + [{"jurisdiction": "pg-county"}, {"jurisdiction": "dc-mpd", "role": "driver"}]
    lines = [json.dumps(record).encode() + b"\n" for record in records]
    chunk, _ = batch_jsonl._lean(lines)
    assert chunk is not None  # the one-call path is taken, not only its fallback
    for line, lean in zip(lines, chunk):  # every field, given or not (no offences as an empty tuple)
        assert {**lean, "suspected_offenses": list(lean["suspected_offenses"])} == Encounter.model_validate_json(line).model_dump()
    assert batch_jsonl._lean(lines[:5] + [TRICKY_LINES[0] + b"\n"])[0] is None


class _FullDisk(io.BytesIO):
    def write(self, data):
        raise OSError(28, "No space left on device")


@pytest.mark.parametrize("enabled", [True, False], ids=["collector-on", "collector-off"])
def test_a_batch_runs_without_cycle_collection_and_leaves_the_collector_as_it_found_it(monkeypatch, enabled):
    """Off while deciding (workers forked then inherit it), as it was after, even when the
    output fails: a script that decides a batch and goes on keeps its collector."""
    seen = []
    real = batch_jsonl.decide_lines
    monkeypatch.setattr(batch_jsonl, "decide_lines", lambda *args: seen.append(gc.isenabled()) or real(*args))
    (gc.enable if enabled else gc.disable)()
    try:
        out, _ = fast_batch(mixed_file(50))
        assert out == straight_batch(mixed_file(50))
        assert seen and not any(seen)
        assert gc.isenabled() is enabled
        with pytest.raises(OSError):
            batch_jsonl.decide_jsonl(io.BytesIO(mixed_file(50)), _FullDisk(), NOW)
        assert gc.isenabled() is enabled
    finally:
        gc.enable()

BAD_LINES = {
    "not JSON": b"not json at all",
    "a value out of range": b'{"id": "neg", "jurisdiction": "pg-county", "held_minutes": -1}',
    "both clocks": next(line for line in TRICKY_LINES if b'"two-clocks"' in line),
    "a repeated offence": b'{"id": "dup", "jurisdiction": "pg-county", "suspected_offenses": ["gang", "gang"]}',
    "an unclosed brace": b'{"id": "open", "jurisdiction": "pg-county"',
}


@pytest.mark.parametrize("bad", BAD_LINES.values(), ids=BAD_LINES.keys())
def test_a_bad_line_is_read_on_its_own_and_the_lines_around_it_a_chunk_at_a_time(monkeypatch, bad):
    lines = [json.dumps(record).encode() + b"\n" for record in encounters(40, seed=5)]
    lines[17] = bad + b"\n"
    read_alone = []
    monkeypatch.setattr(batch_jsonl, "_from_json", lambda raw: read_alone.append(raw) or Encounter.model_validate_json(raw))
    out, failed = batch_jsonl.decide_block(Decider(NOW), 1, b"".join(lines))
    expected = straight_batch(b"".join(lines))
    assert b"".join(out) == expected
    assert failed == expected.count(b'"error": ')  # a repeated offence is read, as Encounter reads it
    # a JSON error may be found a line late: the line after it is then read alone too
    assert read_alone[0] == lines[17] and len(read_alone) <= 2


def test_broken_lines_that_would_read_as_one_or_two_encounters_side_by_side_are_each_an_error():
    """Joined with a comma, the first two read as one encounter, and the third as two."""
    broken = [b'{"id": "half", "jurisdiction": "pg-county", "suspected_offenses": ["gang"', b'"customs"]}',
              b'{"id": "two", "jurisdiction": "pg-county"}],[{"id": "in-one", "jurisdiction": "dc-mpd"}',
              b'{"id": "nested", "jurisdiction": "pg-county", "suspected_offenses": [["gang"', b'"customs"]]}']
    lines = [json.dumps(record).encode() + b"\n" for record in encounters(30, seed=8)]
    lines[10:10] = [line + b"\n" for line in broken]
    expected = straight_batch(b"".join(lines))
    out, failed = batch_jsonl.decide_block(Decider(NOW), 1, b"".join(lines))
    assert b"".join(out) == expected
    assert failed == len(broken) == expected.count(b'"error": ')


def test_a_file_with_crlf_line_ends_is_read_a_chunk_at_a_time_too():
    lines = [json.dumps(record).encode() + b"\r\n" for record in encounters(40, seed=9)]
    assert batch_jsonl._lean(lines)[0] is not None
    assert batch_jsonl._lean(lines[:5] + [b'{"id": "x", "jurisdiction": "pg-county"  \n'] + lines[5:9]) == (None, -1)
    out, _ = batch_jsonl.decide_block(Decider(NOW), 1, b"".join(lines))
    assert b"".join(out) == straight_batch(b"".join(lines))


@pytest.mark.parametrize("pieces", [decider_module.PIECES, decider_module.PIECES + 1], ids=["kept", "extend-kept-nothing"])
def test_a_record_that_cannot_be_decided_costs_only_itself(monkeypatch, pieces):
    """The records before and after it are decided once each, in one pass (and again, only if
    a list's extend did not keep what it took before the error)."""
    records = encounters(40, seed=6)
    records[11] = {"id": "nowhere", "jurisdiction": "atlantis"}
    data = b"".join(json.dumps(record).encode() + b"\n" for record in records)
    decider, calls = Decider(NOW), []
    assert all(len(decider.pieces(e)) == decider_module.PIECES for e in batch_jsonl._lean(data.splitlines(True)[:11])[0])
    real = decider.pieces
    monkeypatch.setattr(decider, "pieces", lambda e: calls.append(e["id"]) or real(e))
    monkeypatch.setattr(batch_jsonl, "PIECES", pieces)
    out, failed = batch_jsonl.decide_block(decider, 1, data)
    assert b"".join(out) == straight_batch(data)
    assert failed == 1 and b'"line": 12' in out[11 * decider_module.PIECES]
    redone = 11 if pieces != decider_module.PIECES else 0
    assert len(calls) == 40 + redone


PEOPLE = ["DOE, JOHN", "O'NEIL-Ñúñez, ANA", "X", "", "JUDGE, ROY", "ICE", "NOT, A", "OFFENBACH", "123 456", "I",
          "CRIMSON", "VAN DER BERG, MARIA ELENA DE LOS ANGELES", "  DOE  ", "DOE.", "\u00a0DOE\u2014JR",
          "DOE-", "ROE (JR)",  # a name ending in a sign that a code right after it would still be a field of
          'DOE "JR" \\ BIG%s']
LINES = ["OFF/8004", "OFF/3531", "MIS/OUTSTANDING ADMINISTRATIVE WARRANT OF REMOVAL", "EXL/1", "MIS/NOT SIGNED BY",
         "MIS/A JUDGE", "MIS/DEPORTATION ARREST WARRANT", "ORI/VTICE0900", "NIC/W123456789 OCA/88-123",
         "MIS/50% MATCH %s"]


def test_hits_that_differ_only_in_the_person_share_a_reading_and_say_what_each_says():
    """Names and dates of birth of every shape, with and without marker words, beside stock lines,
    and evidence that reaches across a name, and fields with nothing between them ("NAM/DOE-OFF/8004",
    where OFF is still a field), quotes and percent signs in names and lines, dates of birth of
    several lengths (evidence between two values moves by each one's length), and layouts that
    share a number of slashes (the decider tries the last plan for that number first): each
    line is the straightforward decision."""
    rng = random.Random(8)
    fast = Decider(NOW)
    for number in range(1500):
        born = f"{rng.randint(1940, 2005)}" + rng.choice(["", "07", f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"])
        parts = [f"NAM/{rng.choice(PEOPLE)}", f"DOB/{born}"]
        if rng.random() < 0.2:  # a field given twice: its values are joined in the fields, in the text's order
            parts.append(f"NAM/{rng.choice(PEOPLE)}")
        parts += rng.sample(LINES, rng.randint(1, 3))
        rng.shuffle(parts)
        text = rng.choice([" ", "\n", ".", " \r\n", ""]).join(parts)
        record = {"id": f"p{number}", "jurisdiction": rng.choice(builtin_pack_ids()), "ncic_text": text,
                  "custody": rng.choice(CUSTODY), "held_minutes": rng.choice([5, 45, 61])}
        if rng.random() < 0.3:
            record["warrant"] = rng.choice(WARRANT_KINDS)
        encounter = Encounter.model_validate(record)
        assert fast.line(encounter) == straight(encounter), record
    assert len(fast._forms) > 10 and any(fast._forms.values()) and not all(fast._forms.values())


def test_a_person_value_is_written_as_json_writes_it_whatever_it_holds():
    """A shared form's values go into its fields as they are when nothing in them needs
    escaping, else each escaped as json.dumps escapes it: a quote, a backslash, a tab (JSON
    escapes control characters), and characters JSON leaves alone though they do not print."""
    fast = Decider(NOW)
    for name in ("DOE, JOHN", 'DOE "JR"', "DOE \\ JR", "DOE\tJR", "DOE\u2028JR", "DOE\u00adJR", "DOE\x7fJR", "NGUYỄN"):
        for text in (f"MKE/EWF NAM/{name} DOB/19900101\nMIS/ICE DETAINER", f"NAM/{name} DOB/19900101\nOFF/8004"):
            encounter = Encounter(jurisdiction="pg-county", ncic_text=text)
            assert fast.line(encounter) == straight(encounter), text
    assert all(fast._forms.values())  # every one of them written from its shared form


def test_evidence_between_two_person_values_moves_by_the_first_alone():
    """A hit's offsets come from a head kept per form and value lengths. Evidence between the
    name and the date of birth moves by the name's length alone, so hits whose values add up to
    the same length, split differently, each get their own offsets (evidence only before or
    after all the values moves by their total, and there the total is the key)."""
    fast = Decider(NOW)
    for name, born in (("DOE", "19900101"), ("GARCIA", "19900"), ("SMITHSON", "199")):  # 11 characters each time
        encounter = Encounter(jurisdiction="pg-county", ncic_text=f"MKE/EWF NAM/{name} MIS/ICE DETAINER DOB/{born} OFF/8004")
        assert fast.line(encounter) == straight(encounter), name
    warrant = json.loads(fast.line(encounter))["warrant"]
    assert [e["start"] for e in warrant["evidence"]] == [25, 46]  # ICE DETAINER after "SMITHSON ", OFF/8004 after "199 "


def test_a_warrant_whose_evidence_is_not_last_before_the_fields_is_not_shared(monkeypatch):
    """A person hit's JSON is its kind's prefix, then the evidence, then the fields: were the
    engine to put anything between the evidence and the fields, hits are decided one by one."""
    from rules import engine

    real = engine._warrant_from

    def evidence_first(*args, **kwargs):
        warrant, reading, warnings = real(*args, **kwargs)
        return {"evidence": warrant.pop("evidence"), **warrant}, reading, warnings

    monkeypatch.setattr(engine, "_warrant_from", evidence_first)
    fast = Decider(NOW)
    for name in ("DOE, JOHN", "ROE, JANE"):
        encounter = Encounter(jurisdiction="pg-county", ncic_text=f"MKE/EWF NAM/{name} DOB/19900101\nOFF/8004")
        assert fast.line(encounter) == straight(encounter), name
    assert not any(fast._forms.values())


def test_a_percent_sign_in_what_evidence_means_is_written_as_it_is(monkeypatch):
    """A hit's JSON up to its fields is a %-template with a hole for each offset, so a percent
    sign of its own (here in what an offence code means) is kept as it is."""
    monkeypatch.setitem(OFFENSE_CODES, "5011", (*OFFENSE_CODES["5011"][:2], "parole violation, 100% criminal %d"))
    fast = Decider(NOW)
    for name in ("DOE", "GARCIA"):
        encounter = Encounter(jurisdiction="pg-county", ncic_text=f"MKE/EWF NAM/{name} DOB/19800101 OFF/5011")
        assert fast.line(encounter) == straight(encounter), name
    assert "100% criminal %d" in json.loads(fast.line(encounter))["warrant"]["evidence"][0]["means"]


def test_a_plan_tried_for_one_layout_is_not_taken_for_another_with_as_many_slashes():
    """The decider first tries the last plan made for a hit with as many slashes. Here that plan
    (the value after the second slash) turns "NAM/x MIS/DOE" into a form an earlier hit made with
    another plan ("NAM/x MIS/x", the value after the first slash): the form is not taken, and the
    name stays the name."""
    fast = Decider(NOW)
    for text in ("NAM/DOE MIS/x", "MIS/A NAM/DOE", "NAM/x MIS/DOE"):
        encounter = Encounter(jurisdiction="pg-county", ncic_text=text)
        assert fast.line(encounter) == straight(encounter), text
    assert json.loads(fast.line(encounter))["warrant"]["fields"] == {"NAM": "x", "MIS": "DOE"}


def test_pieces_written_to_a_file_survive_short_writes(monkeypatch, tmp_path):
    real = batch_jsonl.os.writev
    monkeypatch.setattr(batch_jsonl.os, "writev", lambda fd, parts: real(fd, parts[:1]))
    pieces = [b"one ", b"two ", b"three\n"] * 1000
    with open(tmp_path / "out", "wb") as sink:
        batch_jsonl.fd_writer(sink.fileno())(pieces)
    assert (tmp_path / "out").read_bytes() == b"".join(pieces)

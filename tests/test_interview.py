"""The wizard's skip logic, dependencies and answer parsing, without a terminal (rules.interview)."""

from __future__ import annotations

import datetime as dt

import pytest

from rules import interview
from rules.interview import BY_ID, Context, Option

EST = dt.timezone(dt.timedelta(hours=-5))
NOW = dt.datetime(2026, 11, 21, 14, 30, tzinfo=EST)
PG_LIKE = frozenset({"custody", "warrant_class", "has_offense", "offenses_any"})
ROLE_PACK = PG_LIKE | {"role"}


def ctx(facts=PG_LIKE, last=None) -> Context:
    return Context(
        today=NOW.date(),
        jurisdictions=(Option("a-pack", "A"), Option("b-pack", "B")),
        tested_facts=lambda j: {"a-pack": facts, "b-pack": ROLE_PACK}[j],
        last_jurisdiction=last,
    )


def asked_in_order(answers_by_id: dict, context=None) -> list[str]:
    """Answer each question the interview asks with the given value; return the order asked."""
    context = context or ctx()
    answers: dict = {}
    order = []
    while (q := interview.next_question(answers, context)) is not None:
        order.append(q.id)
        answers[q.id] = answers_by_id[q.id]
    return order


BASE = {
    "jurisdiction": "a-pack", "date": NOW.date(), "role": "driver", "custody": "detained", "process": "kind",
    "warrant": "civil-other", "ncic_text": "x", "dispatch_confirmed": False, "suspected_offenses": [],
    "held_since": NOW, "id": "24-001",
}


def test_the_order_of_the_issue_and_skips_what_does_not_matter():
    assert asked_in_order(BASE) == [
        "jurisdiction", "date", "custody", "process", "warrant", "suspected_offenses", "held_since", "id",
    ]


def test_role_is_asked_only_where_the_pack_tests_it():
    assert "role" not in asked_in_order(BASE)
    assert "role" in asked_in_order({**BASE, "jurisdiction": "b-pack"})


def test_offences_are_not_asked_where_no_rule_tests_them():
    assert "suspected_offenses" not in asked_in_order(BASE, ctx(facts=frozenset({"custody"})))


@pytest.mark.parametrize(
    "given, asked",
    [
        ({"process": "kind", "warrant": "criminal"}, True),
        ({"process": "kind", "warrant": "ice-detainer"}, False),
        ({"process": "ncic", "ncic_text": "WARRANT ISSUED BY SUPERIOR COURT OFF/3531"}, True),
        ({"process": "ncic", "ncic_text": "OUTSTANDING ADMINISTRATIVE WARRANT OF REMOVAL"}, False),
        ({"process": "none"}, False),
    ],
)
def test_dispatch_confirmation_only_when_the_warrant_reads_criminal(given, asked):
    assert ("dispatch_confirmed" in asked_in_order({**BASE, **given})) is asked


def test_the_ncic_path_asks_for_the_text_not_the_kind():
    order = asked_in_order({**BASE, "process": "ncic"})
    assert "ncic_text" in order and "warrant" not in order


def test_not_held_means_no_hold_start_and_no_reference():
    order = asked_in_order({**BASE, "custody": "none"})
    assert "held_since" not in order and "id" not in order


def test_reopening_an_answer_drops_only_what_depends_on_it():
    answers = {**BASE, "process": "kind", "warrant": "criminal", "dispatch_confirmed": True}
    left = interview.reopen(answers, "process")
    assert set(answers) - set(left) == {"process", "warrant", "ncic_text", "dispatch_confirmed"}
    assert set(answers) - set(interview.reopen(answers, "custody")) == {"custody", "held_since", "id"}
    assert set(answers) - set(interview.reopen(answers, "date")) == {"date"}


def test_after_a_change_the_interview_asks_the_changed_question_then_its_dependents():
    answers = interview.reopen({**BASE, "warrant": "criminal", "dispatch_confirmed": False}, "process")
    first = interview.next_question(answers, ctx())
    assert first.id == "process"
    answers["process"] = "ncic"
    assert interview.next_question(answers, ctx()).id == "ncic_text"


def test_defaults_prefer_the_earlier_answer_then_the_last_jurisdiction():
    assert interview.default(BY_ID["custody"], {"custody": "jail"}, ctx(), NOW) == "jail"
    assert interview.default(BY_ID["jurisdiction"], {}, ctx(last="b-pack"), NOW) == "b-pack"
    assert interview.default(BY_ID["jurisdiction"], {}, ctx(last="gone-pack"), NOW) == "a-pack"
    assert interview.default(BY_ID["date"], {}, ctx(), NOW) == "2026-11-21"
    earlier = NOW - dt.timedelta(minutes=25)
    assert interview.default(BY_ID["held_since"], {"held_since": earlier}, ctx(), NOW) == "14:05"


@pytest.mark.parametrize(
    "text, minutes",
    [("20", 20), ("20 min", 20), ("20 minutes ago", 20), ("0", 0), ("14:05", 25), ("9:30", 300),
     ("2026-11-21T19:00+00:00", 30), ("2026-11-21T13:00", 90)],
)
def test_hold_start_from_minutes_a_clock_time_or_iso(text, minutes):
    start = interview.hold_start(text, NOW)
    assert start.tzinfo is not None
    assert (NOW - start) == dt.timedelta(minutes=minutes)


def test_a_clock_time_later_than_now_is_yesterdays():
    start = interview.hold_start("23:50", NOW.replace(hour=0, minute=10))
    assert start.date() == dt.date(2026, 11, 20) and start.hour == 23


@pytest.mark.parametrize("text, says", [("soon", "e.g. 14:05"), ("2026-11-22T10:00-05:00", "future"), ("20000", "week")])
def test_hold_start_refuses_what_it_cannot_use_and_says_what_to_type(text, says):
    with pytest.raises(ValueError, match=says):
        interview.hold_start(text, NOW)


@pytest.mark.parametrize("ref", ["24-001", "PG2024-000123", "case/19.22_b", "7"])
def test_incident_numbers_are_references(ref):
    assert interview.reference_problem(ref) is None


@pytest.mark.parametrize(
    "ref, says",
    [("John Smith", "never a person's name"), ("Smith", "looks like a name"), ("", "empty"),
     ("x" * 41 + "1", "longer"), ("24-001;DROP", "only letters")],
)
def test_names_and_odd_text_are_not_references(ref, says):
    assert says in interview.reference_problem(ref)


def test_typed_answers_are_parsed_or_refused_with_a_reason():
    assert interview.parse("date", " 2019-08-01 ", NOW) == dt.date(2019, 8, 1)
    assert interview.parse("id", "", NOW) is None
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        interview.parse("date", "1/8/2019", NOW)
    with pytest.raises(ValueError, match="name"):
        interview.parse("id", "Smith", NOW)
    with pytest.raises(ValueError, match="paste"):
        interview.parse("ncic_text", "   ", NOW)


def test_given_fields_become_answers_and_answers_become_the_encounter():
    answers = interview.answers_from_fields({"jurisdiction": "a-pack", "warrant": "none", "held_minutes": 10.0}, NOW)
    assert answers["process"] == "none" and answers["held_since"] == NOW - dt.timedelta(minutes=10)
    assert interview.answers_from_fields({"ncic_text": "X", "warrant": "criminal"}, NOW)["process"] == "ncic"
    fields = interview.encounter_fields({**BASE, "process": "none", "warrant": None, "id": None})
    assert fields["warrant"] == "none" and "process" not in fields and "id" not in fields


def test_the_review_lists_answers_in_words_in_question_order():
    words = dict((q.id, w) for q, w in interview.review({**BASE, "held_since": NOW - dt.timedelta(minutes=25)}, NOW))
    assert list(words)[:3] == ["jurisdiction", "date", "role"]
    assert words["custody"] == "Detained" and words["warrant"] == "Other civil process"
    assert words["held_since"] == "14:05 (25 min ago)" and words["suspected_offenses"] == "none"
    long_text = {**BASE, "ncic_text": "A" * 50 + "\nSECOND LINE"}
    assert dict((q.id, w) for q, w in interview.review(long_text, NOW))["ncic_text"] == "A" * 40 + "…"


def test_only_the_jurisdiction_is_required():
    assert interview.missing({}) == ["jurisdiction"]
    assert interview.missing({"jurisdiction": "pg-county"}) == []


def test_a_packs_tested_facts_come_from_its_rules():
    from rules.packs import load_builtin

    facts = interview.pack_facts(load_builtin("pg-county"))
    assert {"custody", "warrant_class"} <= facts

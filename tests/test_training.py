"""The scenario bank: valid, broad enough, pinned to the policy, and the quiz's pure logic."""

from __future__ import annotations

import datetime as dt

import pytest

from rules import engine, training
from rules.errors import InputError, PackError
from rules.packs import Pack, load_builtin
from rules.training import TOPICS, WARRANT_QUESTION, Result, answer_key, load_banks, preset_answers, select

BANKS = load_banks()
ALL = [s for bank in BANKS for s in bank.scenarios]


def test_every_jurisdiction_has_a_bank_of_at_least_12():
    assert {b.jurisdiction for b in BANKS} == {"pg-county", "dc-mpd", "miami-dade"}
    for bank in BANKS:
        assert len(bank.scenarios) >= 12, bank.jurisdiction


def test_the_banks_cover_every_topic_of_roll_call():
    assert {s.topic for s in ALL} == set(TOPICS)
    dc_order = [s.encounter.date for s in ALL if s.topic == "dc-august-2025-order"]
    assert any(dt.date(2025, 8, 14) <= d <= dt.date(2025, 9, 10) for d in dc_order), "a scenario under the order"
    assert any(d > dt.date(2025, 9, 10) for d in dc_order), "a scenario after the order ended"
    assert any(s.encounter.ncic_text == "OUTSTANDING ADMINISTRATIVE WARRANT OF REMOVAL" for s in ALL if s.topic == "removal-warrant-2019")


def test_scenario_ids_are_unique_across_banks():
    ids = [s.id for s in ALL]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("bank", BANKS, ids=[b.jurisdiction for b in BANKS])
def test_every_answer_rests_on_a_rule_the_scenario_names(bank, now):
    assert training.bank_problems(bank, now=now) == []


def test_the_bank_is_pinned_to_the_policy_it_was_reviewed_against(now):
    """Fails when a policy edit changes a scenario's answer or a rule it cites: review, then
    `warrantwise train --pin` (docs/trainer-guide.md)."""
    pinned, current = training.read_pins(), training.pins(BANKS, now=now)
    drifts = training.drift(pinned, current)
    report = [f"{rule} changed: review {', '.join(ids)}" for rule, ids in training.by_rule(drifts).items()]
    report += [f"{d.scenario}: {'; '.join(d.changes)}" for d in drifts]
    report += [f"{sid}: pinned but no longer in the bank" for sid in training.stale(pinned, current)]
    assert not report, "\n".join(report + ["after review, re-pin: warrantwise train --pin"])


def _pack_with(pack_id: str, rule_id: str, **changes) -> Pack:
    pack = load_builtin(pack_id)
    rules = [r.model_dump() | (changes if r.id == rule_id else {}) for r in pack.rules]
    return Pack.model_validate(pack.model_dump(exclude={"rules"}) | {"rules": rules})


def test_an_edited_rule_flags_the_scenarios_that_depend_on_it(monkeypatch, now):
    before = training.pins(BANKS, now=now)
    edited = _pack_with("pg-county", "PG-3", hold={"limit_minutes": 20, "when": {"custody": ["detained"]}})
    real = engine.resolve_pack
    monkeypatch.setattr(engine, "resolve_pack", lambda pid: edited if pid == "pg-county" else real(pid))
    monkeypatch.setattr(training, "resolve_pack", engine.resolve_pack)
    drifts = {d.scenario: d for d in training.drift(before, training.pins(BANKS, now=now))}
    citing = {sid for sid, pin in before["scenarios"].items() if "PG-3" in pin["rules"]}
    # Every scenario citing PG-3 is flagged; so is any whose answer the edit changes (here the
    # 2023 hold, where a 20-minute limit now expires before Maryland law's doubt applies).
    flagged = set(training.by_rule(list(drifts.values()))["PG-3"])
    assert citing <= flagged and flagged - citing == {"pg-hold-2023-state-law"}
    assert "detain: was permitted (PG-3), now prohibited (PG-3)" in drifts["pg-hour-25-minutes"].changes
    assert all(sid.startswith("pg-") for sid in drifts)


def test_a_quote_edit_alone_is_a_change_to_review():
    rule = load_builtin("pg-county").rule("PG-1")
    assert training.fingerprint(rule.model_copy(update={"quote": "different words"})) != training.fingerprint(rule)


def test_answers_come_from_the_rules_core(now):
    scenario = next(s for s in ALL if s.id == "pg-2019-the-hit")
    decision, answers = answer_key(scenario, now=now)
    by = {a.about: a for a in answers}
    assert by[WARRANT_QUESTION].answer == decision["warrant"]["class"] == "civil"
    assert by["detain"].answer == decision["actions"]["detain"]["verdict"] == "prohibited"
    assert by["detain"].rules == ("PG-1",)


def _bank(**scenario) -> dict:
    base = {
        "id": "x-1", "topic": "one-hour-limit", "title": "t", "story": "s", "source": "src", "rests_on": ["PG-3"],
        "encounter": {"date": "2019-08-01", "warrant": "unknown", "held_minutes": 5},
        "questions": [{"ask": "May you hold?", "about": "detain"}],
    }
    return {"jurisdiction": "pg-county", "scenarios": [base | scenario]}


@pytest.mark.parametrize(
    "change, words",
    [
        ({"encounter": {"warrant": "unknown"}}, "encounter.date is required"),
        ({"rests_on": ["PG-99"]}, "rests_on names 'PG-99'"),
        ({"stroy": "typo"}, "stroy: unknown field"),
        ({"questions": [{"ask": "Civil?", "about": WARRANT_QUESTION}]}, "needs encounter.ncic_text"),
        ({"questions": [{"ask": "Hold?", "about": "hold"}]}, "about"),
        ({"encounter": {"date": "2019-08-01", "jurisdiction": "dc-mpd"}}, "must be the bank's"),
        ({"topic": "anything"}, "topic"),
    ],
)
def test_a_bad_scenario_is_refused_with_its_place_named(change, words):
    with pytest.raises(PackError) as err:
        training.parse_bank(_bank(**change), "my-bank.toml")
    assert words in str(err.value) and "my-bank.toml" in str(err.value)


def test_a_story_reads_as_paragraphs_whatever_the_file_breaks():
    bank = training.parse_bank(_bank(story="A long\n  line broken.\n\nSecond   part."), "b.toml")
    assert bank.scenarios[0].story == "A long line broken.\n\nSecond part."


def test_the_same_seed_gives_the_same_scenarios_in_the_same_order():
    first = [s.id for s in select(ALL, seed=7, count=10)]
    assert first == [s.id for s in select(list(reversed(ALL)), seed=7, count=10)]
    assert first != [s.id for s in select(ALL, seed=8, count=10)]
    assert len(first) == 10 and len(select(ALL, seed=1)) == len(ALL)


def test_scripted_answers_are_checked_against_the_questions():
    one = next(s for s in ALL if len(s.questions) == 1)
    many = next(s for s in ALL if len(s.questions) > 1)
    about = many.questions[0].about
    got = preset_answers({one.id: "prohibited", many.id: {about: training.CHOICES[about][0]}}, ALL)
    assert got == {(one.id, one.questions[0].about): "prohibited", (many.id, about): training.CHOICES[about][0]}
    for data, words in [
        ({"nope": "prohibited"}, "no scenario 'nope'"),
        ({many.id: "prohibited"}, "give {question: answer}"),
        ({one.id: {"honor_detainer" if one.questions[0].about != "honor_detainer" else "detain": "prohibited"}}, "asks no question"),
        ({one.id: "maybe"}, "'maybe' is not an answer"),
        (["list"], "JSON object"),
    ]:
        with pytest.raises(InputError, match="answers") as err:
            preset_answers(data, ALL)
        assert words in str(err.value)


def test_the_score_counts_right_answers_and_unanswered_as_wrong():
    results = [
        Result("a", "pg-county", "detain", "prohibited", "prohibited", 3.25),
        Result("a", "pg-county", "release", "permitted", "required", 1.0),
        Result("b", "pg-county", "detain", None, "permitted", None),
    ]
    assert training.score(results) == (1, 3)
    assert results[0].row() == {
        "scenario": "a", "jurisdiction": "pg-county", "question": "detain", "answer": "prohibited",
        "expected": "prohibited", "correct": True, "seconds": 3.2,
    }
    assert results[2].row()["correct"] is False and results[2].row()["seconds"] is None

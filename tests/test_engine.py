"""The engine: dates, layers, conflicts, every action answered, fail-safe warrants."""

from __future__ import annotations

import itertools

import pytest

from rules import Encounter, InputError, decide, evaluate
from rules.vocab import ACTIONS, CUSTODY, ROLES, VERDICTS, WARRANT_KINDS


def d(now, **fields):
    return decide(Encounter(**fields), now=now)


@pytest.mark.parametrize("pack", ["pg-county", "dc-mpd", "miami-dade"])
def test_every_action_has_a_verdict_with_a_reason(pack, now):
    for kind, custody, role, day in itertools.product(
        WARRANT_KINDS, CUSTODY, ROLES, ["2010-01-01", "2017-06-01", "2019-08-01", "2025-08-20", "2026-11-21"]
    ):
        out = d(now, jurisdiction=pack, warrant=kind, custody=custody, role=role, date=day, held_minutes=10)
        assert set(out["actions"]) == set(ACTIONS)
        for answer in out["actions"].values():
            assert answer["verdict"] in VERDICTS
            assert answer["reason"]
            assert all(r in out["rules"] for r in answer["rules"])


def test_decision_validates_as_the_contract_model(now):
    enc = Encounter(jurisdiction="pg-county", date="2019-08-01", ncic_text="OFF/8004", held_minutes=5)
    assert evaluate(enc, now=now).to_json_dict() == decide(enc, now=now)


def test_dc_executive_order_window_edges(now):
    def share(day):
        return d(now, jurisdiction="dc-mpd", date=day, custody="none", warrant="none")["actions"]["share_info"]

    assert share("2025-08-13")["verdict"] == "ask-supervisor"
    assert share("2025-08-14")["verdict"] == "permitted" and share("2025-08-14")["rules"] == ["DC-M1"]
    assert share("2025-09-02")["verdict"] == "permitted"
    # From 2025-09-03 the emergency carve-out (district law) prevails over the order.
    assert share("2025-09-03")["verdict"] == "ask-supervisor" and share("2025-09-03")["rules"] == ["DC-L8"]
    assert share("2025-09-11")["verdict"] == "ask-supervisor"


def test_dc_transport_order_overrides_earlier_order_only_in_window(now):
    enc = dict(jurisdiction="dc-mpd", custody="none", warrant="ice-administrative")
    assert d(now, date="2025-08-20", **enc)["actions"]["transport_for_ice"]["verdict"] == "permitted"
    after = d(now, date="2025-10-01", **enc)["actions"]["transport_for_ice"]
    assert after["verdict"] == "prohibited" and after["rules"] == ["DC-P3"]


def test_same_layer_disagreement_asks_a_supervisor_naming_both(now):
    out = d(now, jurisdiction="pg-county", date="2019-08-01", warrant="ice-administrative",
            suspected_offenses=["human-trafficking"])
    answer = out["actions"]["contact_ice"]
    assert answer["verdict"] == "ask-supervisor"
    assert set(answer["rules"]) == {"PG-6", "PG-7"}
    assert "PG-6" in answer["reason"] and "PG-7" in answer["reason"]


def test_state_law_prevails_over_department_policy_and_says_so(now):
    enc = dict(jurisdiction="pg-county", warrant="unknown", custody="detained", held_minutes=10)
    assert d(now, date="2019-08-01", **enc)["actions"]["detain"]["verdict"] == "permitted"
    later = d(now, date="2023-03-01", **enc)["actions"]["detain"]
    assert later["verdict"] == "ask-supervisor" and later["rules"] == ["MD-1"]
    assert "PG-3" in later["reason"]


def test_florida_law_preempts_and_fail_safe_caps_it(now):
    base = dict(jurisdiction="miami-dade", date="2020-01-01", custody="detained", role="driver")
    assert d(now, warrant="ice-administrative", **base)["actions"]["contact_ice"]["verdict"] == "permitted"
    unknown = d(now, warrant="unknown", **base)["actions"]["contact_ice"]
    assert unknown["verdict"] == "prohibited" and unknown["rules"] == ["WW-1"]


def test_unknown_warrant_never_contacts_ice_anywhere(now):
    for pack in ("pg-county", "dc-mpd", "miami-dade"):
        for day in ("2019-08-01", "2025-08-20", "2026-11-21"):
            out = d(now, jurisdiction=pack, date=day, ncic_text="IMMIGRATION")
            assert out["warrant"]["class"] == "unknown"
            assert out["actions"]["contact_ice"]["verdict"] == "prohibited"


def test_stated_criminal_contradicted_by_civil_text_fails_safe(now):
    out = d(now, jurisdiction="pg-county", date="2019-08-01", warrant="criminal", dispatch_confirmed=True,
            ncic_text="OUTSTANDING ADMINISTRATIVE WARRANT OF REMOVAL")
    assert out["warrant"]["kind"] == "unknown" and out["warrant"]["from"] == "stated"
    assert out["actions"]["contact_ice"]["verdict"] == "prohibited"
    assert any("check with dispatch" in w for w in out["warnings"])


def test_no_warrant_and_no_text_is_unknown_by_default(now):
    out = d(now, jurisdiction="pg-county", date="2019-08-01")
    assert out["warrant"] == {"kind": "unknown", "class": "unknown", "from": "default", "evidence": [], "fields": {}}


def test_date_defaults_to_today_and_warns_after_review(now):
    out = d(now, jurisdiction="pg-county")
    assert out["date"] == now.date().isoformat()
    late = d(now, jurisdiction="pg-county", date="2027-01-01")
    assert any("after this pack was last reviewed" in w for w in late["warnings"])
    assert not any("after this pack was last reviewed" in w for w in out["warnings"])


def test_before_any_rule_everything_asks_a_supervisor(now):
    out = d(now, jurisdiction="miami-dade", date="2010-01-01", warrant="none")
    assert any("No rule of the" in w for w in out["warnings"])
    assert {a["verdict"] for k, a in out["actions"].items()} == {"ask-supervisor"}


def test_policy_version_in_force(now):
    assert d(now, jurisdiction="pg-county", date="2019-08-01")["policy"]["effective_from"] == "2019-07-10"
    assert d(now, jurisdiction="pg-county", date="2026-03-01")["policy"]["effective_from"] == "2026-02-17"


def test_unknown_jurisdiction_names_the_field(now):
    with pytest.raises(InputError) as err:
        d(now, jurisdiction="atlantis")
    assert err.value.field == "jurisdiction" and "pg-county" in str(err.value)


def test_every_decision_carries_the_notice(now):
    out = d(now, jurisdiction="dc-mpd", date="2025-08-20")
    assert "policy text on record as of 2026-11-21" in out["notice"] and "supervisor" in out["notice"]


def test_low_confidence_rule_that_decides_is_flagged(now):
    out = d(now, jurisdiction="dc-mpd", date="2025-08-20", custody="none", warrant="none")
    assert any(w.startswith("DC-F1") for w in out["warnings"])  # the contested federal directive

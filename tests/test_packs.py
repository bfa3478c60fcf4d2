"""Policy packs are data, validated on load; every problem is named with its place."""

from __future__ import annotations

import copy
import tomllib

import pytest

from rules.errors import PackError
from rules.packs import PACK_DIR, builtin_pack_ids, load_builtin, parse_pack

REQUIRED_IDS = {
    "pg-county": {f"PG-{i}" for i in range(1, 10)} | {"MD-1"},
    "dc-mpd": {f"DC-L{i}" for i in range(1, 7)} | {"DC-P1", "DC-P2", "DC-P3"} | {f"DC-M{i}" for i in range(1, 7)},
    "miami-dade": {"MDC-0", "MDC-1", "MDC-2", "MDC-3", "FL-1"},
}


@pytest.mark.parametrize("pack_id", sorted(REQUIRED_IDS))
def test_builtin_pack_loads_with_its_rules(pack_id):
    pack = load_builtin(pack_id)
    assert REQUIRED_IDS[pack_id] <= {r.id for r in pack.rules}
    for rule in pack.rules:
        assert rule.source and rule.cites and rule.layer in pack.prevails


def test_builtin_pack_ids():
    assert builtin_pack_ids() == ["dc-mpd", "greenbelt", "miami-dade", "pg-county"]


def test_dc_executive_order_dates():
    pack = load_builtin("dc-mpd")
    for i in range(1, 7):
        rule = pack.rule(f"DC-M{i}")
        assert str(rule.effective_from) == "2025-08-14" and str(rule.effective_to) == "2025-09-10"


def _pg_data():
    with open(PACK_DIR / "pg-county.toml", "rb") as fh:
        return tomllib.load(fh)


def _problems(data) -> str:
    with pytest.raises(PackError) as err:
        parse_pack(data, "test-pack")
    return str(err.value)


def test_duplicate_rule_id_is_refused():
    data = _pg_data()
    data["rules"].append(copy.deepcopy(data["rules"][0]))
    assert "PG-1: duplicate rule id" in _problems(data)


def test_effective_to_before_from_is_refused():
    data = _pg_data()
    data["rules"][0]["effective_to"] = data["rules"][0]["effective_from"].replace(year=2000)
    assert "effective_to" in _problems(data)


def test_rule_without_source_is_refused():
    data = _pg_data()
    del data["rules"][0]["source"]
    assert "rules.0.source: is required" in _problems(data)


def test_unknown_action_and_condition_are_refused():
    data = _pg_data()
    data["rules"][0]["cases"][0]["then"]["deport"] = "permitted"
    assert "deport" in _problems(data)
    data = _pg_data()
    data["rules"][0]["cases"][0]["when"]["mood"] = ["calm"]
    assert "unknown condition 'mood'" in _problems(data)


def test_unknown_condition_value_is_refused():
    data = _pg_data()
    data["rules"][0]["cases"][0]["when"]["custody"] = ["handcuffed"]
    assert "handcuffed" in _problems(data)


def test_same_facts_different_verdicts_without_priority_is_an_error():
    data = _pg_data()
    clash = copy.deepcopy(data["rules"][0])
    clash["id"] = "PG-99"
    clash["cases"][0]["then"] = {"detain": "permitted"}
    data["rules"].append(clash)
    assert "PG-1 (case 1) and PG-99 (case 1) decide detain differently" in _problems(data)
    clash["overrides"] = ["PG-1"]
    parse_pack(data, "test-pack")  # a stated priority settles it


def test_layer_missing_from_prevails_is_refused():
    data = _pg_data()
    data["prevails"] = ["safeguard", "state-law", "department-policy"]
    assert "county-law" in _problems(data)

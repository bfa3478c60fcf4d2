"""Every worked example in ../shared is a test: the scenarios and the NCIC samples."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from rules import Encounter, decide, read_ncic
from tests.conftest import SHARED, jsonl, shared_file

SCENARIOS = jsonl(shared_file("scenarios.jsonl"))
SAMPLES = jsonl(shared_file("ncic-samples.jsonl"))


def _allowed(expected: str, got: str) -> bool:
    if expected == "allowed":
        return got in ("permitted", "required")
    if expected == "not-allowed":
        return got in ("prohibited", "ask-supervisor")
    return got == expected


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["name"] for s in SCENARIOS])
def test_scenario(scenario, now):
    decision = decide(Encounter(**scenario["encounter"]), now=now)
    expect = scenario["expect"]
    if "warrant_class" in expect:
        assert decision["warrant"]["class"] == expect["warrant_class"]
    for action, want in expect.get("actions", {}).items():
        got = decision["actions"][action]
        assert _allowed(want, got["verdict"]), f"{action}: {got}"
        assert got["rules"], f"{action} is decided by a rule, not by default"
    for key, want in (expect.get("hold") or {}).items():
        assert decision["hold"][key] == pytest.approx(want) if not isinstance(want, bool) else decision["hold"][key] is want


@pytest.mark.parametrize("sample", SAMPLES, ids=[s["id"] for s in SAMPLES])
def test_ncic_sample(sample):
    cls = read_ncic(sample["text"]).warrant_class
    if sample["label"] == "ambiguous":
        assert cls != "criminal", "an ambiguous text must never read criminal"
    else:
        assert cls == sample["label"]


@pytest.mark.skipif(not (SHARED / "tools").is_dir() or not shutil.which("warrantwise"), reason="needs ../shared/tools and the installed CLI")
@pytest.mark.parametrize(
    "tool, corpus, extra",
    [
        ("check_scenarios.py", "scenarios.jsonl", []),
        ("check_ncic.py", "ncic-samples.jsonl", ["--min-civil-recall", "1.0", "--min-criminal-recall", "0.9"]),
    ],
)
def test_shared_checkers_pass_through_the_installed_cli(tool, corpus, extra):
    proc = subprocess.run(
        [sys.executable, str(SHARED / "tools" / tool), shutil.which("warrantwise"), str(SHARED / corpus), *extra],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr

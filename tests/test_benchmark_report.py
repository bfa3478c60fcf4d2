"""The benchmarks: a ratio beside its limit reads on the side of the limit it falls, and the
anatomy's files hold the records they say they hold."""

import importlib.util
import json
from pathlib import Path

import pytest

_BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _load(script: str):
    spec = importlib.util.spec_from_file_location(f"benchmark_{script}", _BENCHMARKS / f"{script}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def run():
    return _load("run")


@pytest.mark.parametrize("ratio, limit, shown", [
    (2.004, 2.0, "2.004 x"),  # NOT MET must not read "2.00 x"
    (1.996, 2.0, "1.996 x"),
    (2.0, 2.0, "2.00 x"),
    (1.84, 2.0, "1.84 x"),
    (1.6951, 1.7, "1.695 x"),
    (1.71, 1.7, "1.71 x"),
])
def test_a_ratio_that_rounds_onto_its_limit_gets_a_third_place(run, ratio, limit, shown):
    assert run.times(ratio, limit) == shown


@pytest.fixture(scope="module")
def anatomy():
    return _load("anatomy")


def test_the_anatomy_files_hold_the_same_records_but_where_they_say_otherwise(anatomy):
    from collections import Counter

    lines = list(anatomy.data.lines(400, bad_every=50))
    files = anatomy.variants(lines)
    assert files["as generated"] == lines
    for name in ("sorted by NCIC text", "grouped by kind of text"):  # the same lines, in another order
        assert Counter(files[name]) == Counter(lines) and files[name] != lines, name
    kinds = [anatomy.kind_of(json.loads(line)) if line.startswith("{") else 3 for line in files["grouped by kind of text"]]
    assert kinds == sorted(kinds)
    stock = files["person hits given a stock text"]
    changed = [(old, new) for old, new in zip(lines, stock) if old != new]
    assert changed and all("NAM/" in old and "NAM/" not in new for old, new in changed)
    assert not any("NAM/" in line for line in stock)

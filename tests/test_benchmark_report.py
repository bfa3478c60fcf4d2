"""The benchmark's report: a ratio beside its limit reads on the side of the limit it falls."""

import importlib.util
from pathlib import Path

import pytest

_RUN = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"


@pytest.fixture(scope="module")
def run():
    spec = importlib.util.spec_from_file_location("benchmark_run", _RUN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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

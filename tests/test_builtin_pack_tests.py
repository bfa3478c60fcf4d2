"""Every built-in pack carries its own tests beside it, and they pass through `rules test`."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from cli.app import app
from rules.pack_tests import load_tests, pack_tests_file
from rules.packs import PACK_DIR, builtin_pack_ids

runner = CliRunner()


@pytest.mark.parametrize("pack_id", builtin_pack_ids())
def test_builtin_pack_passes_its_own_tests(pack_id):
    result = runner.invoke(app, ["rules", "test", pack_id])
    assert result.exit_code == 0, result.output
    passed = int(re.search(r"(\d+) passed, 0 failed", result.stdout).group(1))
    assert passed == len(load_tests(pack_tests_file(PACK_DIR / f"{pack_id}.toml")).tests) >= 8

"""No pydantic plugin sees an encounter: warrantwise sends nothing anywhere (docs/security.md),
and a plugin installed beside it (telemetry, say) is called with every input pydantic
validates. A spy plugin, installed for the run by an entry point on PYTHONPATH, notes each
model it is asked to watch."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import ROOT

SPY = '''
import os


class Spy:
    def new_schema_validator(self, schema, schema_type, schema_type_path, schema_kind, config, plugin_settings):
        with open(os.environ["SPY_LOG"], "a") as fh:
            fh.write(f"{schema_type_path.name}\\n")
        return None, None, None


plugin = Spy()
'''


@pytest.fixture
def spy(tmp_path):
    site = tmp_path / "site"
    (site / "spy_plugin-1.0.dist-info").mkdir(parents=True)
    (site / "spy_plugin-1.0.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: spy-plugin\nVersion: 1.0\n")
    (site / "spy_plugin-1.0.dist-info" / "entry_points.txt").write_text("[pydantic]\nspy = spy_plugin:plugin\n")
    (site / "spy_plugin.py").write_text(SPY)
    log = tmp_path / "spy.log"

    def run(*args: str, **extra: str) -> list[str]:
        env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
        env.update(PYTHONPATH=os.pathsep.join([str(site), str(ROOT)]), SPY_LOG=str(log),
                   WARRANTWISE_HOME=str(tmp_path / "home"), **extra)
        done = subprocess.run([sys.executable, "-c", "from cli.app import main; main()", *args], cwd=ROOT, env=env,
                              capture_output=True, stdin=subprocess.DEVNULL, timeout=60)
        assert done.returncode == 0, done.stderr.decode(errors="replace")
        return log.read_text().split() if log.exists() else []

    return run


CHECK = ("check", "-j", "pg-county", "--ncic-text", "OUTSTANDING ADMINISTRATIVE WARRANT OF REMOVAL", "--json")


def test_check_hands_no_encounter_to_a_pydantic_plugin(spy):
    assert spy(*CHECK) == []


def test_batch_hands_no_encounter_to_a_pydantic_plugin(spy, tmp_path):
    stops = tmp_path / "stops.jsonl"
    stops.write_text('{"id": "a", "jurisdiction": "dc-mpd", "ncic_text": "IMMIGRATION VIOLATOR FILE"}\n')
    assert spy("batch", str(stops), "-o", str(tmp_path / "out.jsonl")) == []
    assert (tmp_path / "out.jsonl").read_text().count("\n") == 1  # it did decide


def test_a_plugin_runs_where_the_environment_asks_for_it(spy):
    """The spy works: with PYDANTIC_DISABLE_PLUGINS set (here to nothing) warrantwise leaves
    the choice to it, and the spy sees the Encounter model."""
    assert "Encounter" in spy(*CHECK, PYDANTIC_DISABLE_PLUGINS="")


def modules_after_check(**extra: str) -> set[str]:
    """The modules `check --json` leaves imported, with the environment's plugin setting given."""
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    code = "import sys; from cli.app import main\ntry: main()\nexcept SystemExit: pass\nprint(*sys.modules)"
    done = subprocess.run([sys.executable, "-c", code, *CHECK], cwd=ROOT, env={**env, **extra}, capture_output=True,
                          stdin=subprocess.DEVNULL, text=True, timeout=60)
    assert '"kind": "ice-administrative"' in done.stdout, done.stderr  # it did decide
    return set(done.stdout.split("\n")[-2].split())


def test_with_every_plugin_off_no_package_metadata_is_read():
    """pydantic's plugin loader imports importlib.metadata (about 13 ms of every start) to look
    for plugins; with all of them disabled there is nothing to look for (cli/no_plugins.py)."""
    assert "importlib.metadata" not in modules_after_check()
    assert "importlib.metadata" not in modules_after_check(PYDANTIC_DISABLE_PLUGINS="true")
    assert "importlib.metadata" in modules_after_check(PYDANTIC_DISABLE_PLUGINS="")


def test_the_stand_in_loader_hands_anything_else_to_the_real_one():
    """A newer pydantic that asks the loader for more than get_plugins gets the real loader's
    answer, not an error."""
    code = ("import sys; from cli.no_plugins import _no_plugin_search; _no_plugin_search()\n"
            "from pydantic.plugin import _loader as loader\n"
            "print(loader.get_plugins(), loader.PYDANTIC_ENTRY_POINT_GROUP, sys.modules[loader.__name__] is loader)\n"
            "real = sys.modules[loader.__name__]; loader.get_plugins.__name__, loader._plugins\n"
            "print(sys.modules[loader.__name__] is real)")  # asked again, the same real loader
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["()", "pydantic", "False", "True"], done.stderr

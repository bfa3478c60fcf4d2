"""`warrantwise rules validate FILE`: every problem of a pack, each with its place (file, rule
id, case number, field); the shipped packs validate clean."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cli.app import app
from cli.exit_codes import ExitCode
from rules.packs import PACK_DIR, pack_files_in

runner = CliRunner()

HEAD = """id = "testpack"
name = "Test Police"
version = "1"
reviewed = 2026-01-01
prevails = ["state-law", "department-policy"]
"""


def rule(rule_id: str, then: str = 'detain = "prohibited"', when: str = 'warrant_class = ["civil"]', **fields) -> str:
    """A valid rule as TOML; `fields` replace or add its lines (None drops one)."""
    lines = {
        "id": f'"{rule_id}"', "title": '"A rule"', "text": '"What it says."', "source": '"General Order 1"',
        "cites": '"policy-sources.md"', "layer": '"department-policy"', "effective_from": "2020-01-01",
        "confidence": '"high"', **fields,
    }
    body = "".join(f"{k} = {v}\n" for k, v in lines.items() if v is not None)
    return f"\n[[rules]]\n{body}\n  [[rules.cases]]\n  when = {{ {when} }}\n  then = {{ {then} }}\n"


def validate(tmp_path, text: str, name: str = "pack.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return runner.invoke(app, ["rules", "validate", str(path)]), str(path)


@pytest.mark.parametrize("path", pack_files_in(PACK_DIR), ids=lambda p: p.stem)
def test_the_shipped_packs_validate_clean(path):
    result = runner.invoke(app, ["rules", "validate", str(path)])
    assert result.exit_code == ExitCode.OK, result.output
    assert result.stdout.strip() == f"{path}: valid"


def test_a_valid_pack_validates_clean(tmp_path):
    result, path = validate(tmp_path, HEAD + rule("T-1") + rule("T-2", when='warrant_class = ["unknown"]'))
    assert result.exit_code == ExitCode.OK and result.stdout.strip() == f"{path}: valid"


# (case, the pack's rules or a whole file, the problem as reported after "FILE: ")
CASES = [
    ("duplicate rule ids", HEAD + rule("T-1") + rule("T-1", when='warrant_class = ["unknown"]'), "rule T-1: duplicate rule id"),
    ("an unknown action", HEAD + rule("T-1", then='detain = "prohibited", deport = "required"'), "rule T-1, case 1, then.deport: Input should be"),
    ("an unknown verdict", HEAD + rule("T-1", then='detain = "maybe"'), "rule T-1, case 1, then.detain: Input should be"),
    ("an unknown condition", HEAD + rule("T-1", when='hair_colour = ["red"]'), "rule T-1, case 1, when: unknown condition 'hair_colour'"),
    ("an unknown value of a condition", HEAD + rule("T-1", when='custody = ["handcuffed"]'),
     "rule T-1, case 1, when: condition 'custody': unknown value(s) 'handcuffed'"),
    ("an unknown field of a rule", HEAD + rule("T-1", colour='"red"'), "rule T-1, colour: is not a field a pack has here"),
    ("an unknown field of the pack", HEAD.replace('version = "1"', 'version = "1"\nauthor = "me"') + rule("T-1"),
     "author: is not a field a pack has here"),
    ("effective_to before effective_from", HEAD + rule("T-1", effective_to="2019-01-01"),
     "rule T-1, effective_to: 2019-01-01 is before effective_from 2020-01-01"),
    ("a rule without a source", HEAD + rule("T-1", source=None), "rule T-1, source: is required"),
    ("a rule with a blank source", HEAD + rule("T-1", source='"  "'), "rule T-1, source: a rule must name its source"),
    ("a layer the pack does not rank", HEAD + rule("T-1", layer='"county-law"'),
     "rule T-1: layer 'county-law' is not in the pack's `prevails` order"),
    ("overriding a rule that does not exist", HEAD + rule("T-1", overrides='["T-9"]'), "rule T-1: overrides unknown rule 'T-9'"),
    ("two rules deciding one action differently on the same facts",
     HEAD + rule("T-1") + rule("T-2", then='detain = "permitted"'),
     "rules T-1 (case 1) and T-2 (case 1) decide detain differently (prohibited vs permitted) on the same facts with no stated priority"),
    ("a missing include", HEAD.replace('prevails', 'include = ["nowhere"]\nprevails') + rule("T-1"), "include 'nowhere': no file"),
    ("a file that is not TOML", "id = [", "not valid TOML"),
]


@pytest.mark.parametrize("case, text, problem", CASES, ids=[c[0] for c in CASES])
def test_each_problem_is_reported_with_its_place(tmp_path, case, text, problem):
    result, path = validate(tmp_path, text)
    assert result.exit_code == ExitCode.PACK_PROBLEMS, result.output
    assert f"{path}: {problem}" in result.stdout, result.stdout
    assert "Traceback" not in result.output


def test_a_stated_priority_settles_two_rules_on_the_same_facts(tmp_path):
    ranked = HEAD + rule("T-1") + rule("T-2", then='detain = "permitted"', overrides='["T-1"]')
    layered = HEAD + rule("T-1") + rule("T-2", then='detain = "permitted"', layer='"state-law"')
    assert validate(tmp_path, ranked)[0].exit_code == ExitCode.OK
    assert validate(tmp_path, layered)[0].exit_code == ExitCode.OK


def test_every_problem_of_a_file_is_reported_at_once(tmp_path):
    text = (HEAD + rule("T-1", source=None, effective_to="2019-01-01", then='deport = "required"')
            + rule("T-2", title=None) + rule("T-3") + rule("T-3", when='warrant_class = ["unknown"]'))
    result, path = validate(tmp_path, text)
    places = [line.split(": ")[1] for line in result.stdout.splitlines()[:-1]]
    assert places == ["rule T-1, source", "rule T-1, effective_to", "rule T-1, case 1, then.deport", "rule T-2, title", "rule T-3"]
    assert result.stdout.splitlines()[-1] == f"{path}: 5 problem(s)"


def test_a_folder_validates_each_pack_and_a_missing_file_is_a_usage_error(tmp_path):
    (tmp_path / "good.toml").write_text(HEAD + rule("T-1"), encoding="utf-8")
    (tmp_path / "bad.toml").write_text(HEAD + rule("T-1", source=None), encoding="utf-8")
    result = runner.invoke(app, ["rules", "validate", str(tmp_path)])
    assert result.exit_code == ExitCode.PACK_PROBLEMS
    assert f"{tmp_path / 'good.toml'}: valid" in result.stdout and f"{tmp_path / 'bad.toml'}: 1 problem(s)" in result.stdout
    missing = runner.invoke(app, ["rules", "validate", str(tmp_path / "nope.toml")])
    assert missing.exit_code == ExitCode.USAGE and "no such file" in missing.output

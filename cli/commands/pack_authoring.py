"""`warrantwise rules new | test | diff`: write a pack, test it, see what a date changes.

The work is in the core (rules.scaffold, rules.pack_tests, rules.pack_diff); these commands
find the files, print plain lines a CI log keeps readable, and map outcomes to exit codes.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Optional

import typer

from .encounter_flags import PackFiles, use_packs

JsonOpt = Annotated[bool, typer.Option("--json", help="Print as JSON.")]
PackArg = Annotated[str, typer.Argument(help="A pack id (built-in or loaded with --pack), or a pack file.")]


def new_pack(
    jurisdiction: Annotated[str, typer.Argument(help="The new pack's id: lower-case letters, digits, dashes (e.g. greenbelt).")],
    folder: Annotated[str, typer.Option("--dir", help="Write the files here (made if missing).")] = ".",
    name: Annotated[Optional[str], typer.Option(help="The department's name as decisions show it.")] = None,
    prefix: Annotated[Optional[str], typer.Option(help="Rule-id prefix, e.g. GB for GB-1. Default: from the id.")] = None,
) -> None:
    """Start a pack: ID.toml with a commented example of every kind of rule, and ID.tests.toml.

    Example: warrantwise rules new greenbelt --dir my-packs
    """
    from pathlib import Path

    from rules.errors import InputError
    from rules.packs import builtin_pack_ids
    from rules.scaffold import scaffold

    from ..console import fail
    from ..exit_codes import ExitCode

    try:
        pack_text, tests_text = scaffold(jurisdiction, today=dt.date.today(), name=name or "", prefix=prefix or "")
    except InputError as exc:
        fail(str(exc), ExitCode.USAGE)
    where = Path(folder)
    files = {where / f"{jurisdiction}.toml": pack_text, where / f"{jurisdiction}.tests.toml": tests_text}
    existing = [str(p) for p in files if p.exists()]
    if existing:
        fail(f"will not overwrite {', '.join(existing)}", ExitCode.USAGE)
    try:
        where.mkdir(parents=True, exist_ok=True)
        for path, text in files.items():
            path.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write in {folder}: {exc.strerror or exc}", ExitCode.USAGE)
    pack_file = where / f"{jurisdiction}.toml"
    typer.echo(f"Wrote {pack_file} and {where / (jurisdiction + '.tests.toml')}.")
    if jurisdiction in builtin_pack_ids():
        typer.echo(f"Note: {jurisdiction} is a built-in pack's id; to use this file instead of it, add `replaces_builtin = true`.")
    typer.echo(f"Next: uncomment and edit the examples, then run: warrantwise rules test {pack_file}")
    typer.echo(f"Use it:  warrantwise check --pack {pack_file} -j {jurisdiction} ...  (guide: docs/pack-authoring.md)")


def run_pack_tests(
    pack: PackArg,
    name_filter: Annotated[Optional[str], typer.Option("--name", help="Run only tests whose name contains this.")] = None,
    json_out: JsonOpt = False,
    packs: PackFiles = None,
) -> None:
    """Run a pack's own tests (ID.tests.toml beside the pack) and show each failure's trace.

    Exit 0 when every test passes, 1 when any fails or none ran, 2 when the pack or its tests
    cannot be loaded. Example: warrantwise rules test my-packs/greenbelt.toml
    """
    import json

    from rules.errors import PackError
    from rules.pack_tests import load_tests, pack_tests_file, run_tests

    from ..console import fail
    from ..exit_codes import ExitCode

    use_packs(packs)
    loaded, path = load_pack_arg(pack)
    try:
        results = run_tests(loaded, load_tests(pack_tests_file(path)), name_filter)
    except PackError as exc:
        fail(str(exc), ExitCode.USAGE)
    failed = [r for r in results if not r.passed]
    if json_out:
        typer.echo(json.dumps([_result_json(r) for r in results], ensure_ascii=False, indent=2))
    else:
        _print_results(loaded.id, pack_tests_file(path), results)
    if failed or not results:
        raise typer.Exit(ExitCode.TESTS_FAILED)


def diff_pack(
    pack: PackArg,
    before: Annotated[dt.datetime, typer.Option("--from", formats=["%Y-%m-%d"], help="The earlier date, YYYY-MM-DD.")],
    after: Annotated[dt.datetime, typer.Option("--to", formats=["%Y-%m-%d"], help="The later date, YYYY-MM-DD.")],
    json_out: JsonOpt = False,
    packs: PackFiles = None,
) -> None:
    """What changed for an officer between two dates: rules in and out of force, and verdicts.

    Verdicts are compared over a grid of representative encounters built from the facts the
    pack's rules test. Example: warrantwise rules diff pg-county --from 2019-08-01 --to 2022-06-01
    """
    import json

    from rules.pack_diff import diff_pack as compute

    use_packs(packs)
    loaded, _ = load_pack_arg(pack)
    diff = compute(loaded, before.date(), after.date())
    if json_out:
        typer.echo(json.dumps(diff, ensure_ascii=False, indent=2))
        return
    _print_diff(diff)


def load_pack_arg(value: str):
    """A pack by id (from the active registry) or by file (a tests file names its pack); and its file."""
    from pathlib import Path

    from rules.errors import PackError
    from rules.pack_tests import pack_path
    from rules.packs import load_pack_file
    from rules.registry import active_registry

    from ..console import fail
    from ..exit_codes import ExitCode

    try:
        if value.endswith(".toml") or Path(value).is_file():
            path = pack_path(Path(value))
            return load_pack_file(path), path
        registry = active_registry()
        return registry.get(value), registry.path(value)
    except PackError as exc:
        fail(str(exc), ExitCode.USAGE)


def _echo(line: str) -> None:
    """One plain line; pack files are untrusted, so control characters are shown, not obeyed."""
    from ..safe_text import printable

    typer.echo(printable(line))


def _result_json(result) -> dict:
    actions = result.decision["actions"]
    return {
        "name": result.test.name,
        "date": result.test.date.isoformat(),
        "passed": result.passed,
        "misses": [
            {"action": m.action, "expected": m.expected, "got": m.got, "rules": actions[m.action]["rules"],
             "reason": actions[m.action]["reason"], "candidates": result.trace["actions"][m.action]["candidates"]}
            for m in result.misses
        ],
    }


def _print_results(pack_id: str, path, results) -> None:
    _echo(f"{pack_id}: {len(results)} test(s) from {path}")
    for result in results:
        _echo(f"  {'PASS' if result.passed else 'FAIL'}  {result.test.name}  ({result.test.date})")
        if not result.passed:
            for line in _trace(result):
                _echo(f"        {line}")
    failed = sum(not r.passed for r in results)
    _echo(f"{len(results) - failed} passed, {failed} failed" if results else "No tests ran: a pack without tests is not tested.")


def _trace(result) -> list[str]:
    """Why the decision came out as it did: for each missed action, every case that spoke to it."""
    from rules.vocab import LAYER_WORDS

    warrant = result.trace["warrant"]
    facts = ", ".join(f"{k}={v}" for k, v in result.test.encounter.items()) or "the defaults"
    lines = [f"encounter: {facts}; warrant read as {warrant['kind']} ({warrant['class']})"]
    for miss in result.misses:
        action = result.trace["actions"][miss.action]
        lines.append(f"{miss.action}: expected {miss.expected}, got {miss.got} (settled by {action['how']})")
        lines.extend(f"  {c['rule']} case {c['case']} ({LAYER_WORDS[c['layer']]}) says {c['says']}: {c['why']}"
                     for c in action["candidates"])
        lines.append(f"  reason given: {action['reason']}")
    return lines


def _print_diff(diff: dict) -> None:
    from rules.vocab import ACTION_WORDS, LAYER_WORDS

    _echo(f"{diff['pack']}: what changed for an officer from {diff['from']} to {diff['to']}")
    for key, heading in (("came_into_force", "Came into force"), ("went_out_of_force", "Went out of force"),
                         ("cases_changed", "In force on both dates, with cases that changed")):
        rules = diff["rules"][key]
        _echo(f"{heading}:" + ("" if rules else " none"))
        for r in rules:
            _echo(f"  {r['id']}  {r['title']} ({LAYER_WORDS[r['layer']]}, {r['effective_from']} to {r['effective_to'] or 'now'})")
    verdicts = diff["verdicts"]
    _echo(f"Verdicts that changed, over {verdicts['encounters_tried']} representative encounters:"
          + ("" if verdicts["changes"] else " none"))
    for change in verdicts["changes"]:
        _echo(f"  {ACTION_WORDS[change['action']]}: {change['from']} -> {change['to']} "
              f"({', '.join(change['rules_from']) or 'no rule'} -> {', '.join(change['rules_to']) or 'no rule'}; "
              f"{change['encounters']} encounters)")
        where = "; ".join(f"{fact}: {', '.join(f'{v:g}' if isinstance(v, float) else str(v) for v in values)}"
                          for fact, values in change["where"].items())
        _echo(f"    where {where or 'in every encounter tried'}")
        _echo(f"    now: {change['reason']}")

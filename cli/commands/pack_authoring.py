"""`warrantwise rules new | test | diff`: write a pack, test it, see what a date changes.

The work is in the core (rules.scaffold, rules.pack_tests, rules.pack_diff); these commands
find the files, print plain lines a CI log keeps readable, and map outcomes to exit codes.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Optional

import typer

from ..i18n import _
from .encounter_flags import PackFiles, use_packs

JsonOpt = Annotated[bool, typer.Option("--json", help=_("rules.json_help"))]
PackArg = Annotated[str, typer.Argument(help=_("rules.pack_or_file_help"))]


def new_pack(
    jurisdiction: Annotated[str, typer.Argument(help=_("rules.new_id_help"))],
    folder: Annotated[str, typer.Option("--dir", help=_("rules.dir_help"))] = ".",
    name: Annotated[Optional[str], typer.Option(help=_("rules.name_help"))] = None,
    prefix: Annotated[Optional[str], typer.Option(help=_("rules.prefix_help"))] = None,
) -> None:
    """Start a pack (help text: rules.new_help in the catalog)."""
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
        fail(_("rules.will_not_overwrite", files=", ".join(existing)), ExitCode.USAGE)
    try:
        where.mkdir(parents=True, exist_ok=True)
        for path, text in files.items():
            path.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(_("rules.cannot_write", folder=folder, reason=exc.strerror or exc), ExitCode.USAGE)
    pack_file = where / f"{jurisdiction}.toml"
    typer.echo(_("rules.wrote", pack=pack_file, tests=where / (jurisdiction + ".tests.toml")))
    if jurisdiction in builtin_pack_ids():
        typer.echo(_("rules.builtin_id", id=jurisdiction))
    typer.echo(_("rules.next", pack=pack_file))
    typer.echo(_("rules.use_it", pack=pack_file, id=jurisdiction))


def run_pack_tests(
    pack: PackArg,
    name_filter: Annotated[Optional[str], typer.Option("--name", help=_("rules.name_filter_help"))] = None,
    json_out: JsonOpt = False,
    packs: PackFiles = None,
) -> None:
    """Run a pack's own tests (help text: rules.test_help in the catalog)."""
    import json

    from rules.errors import PackError
    from rules.pack_tests import load_tests, pack_tests_file, run_tests

    from ..console import fail
    from ..exit_codes import ExitCode
    from ..i18n import language

    use_packs(packs)
    loaded, path = load_pack_arg(pack)
    try:
        results = run_tests(loaded, load_tests(pack_tests_file(path)), name_filter, "en" if json_out else language())
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
    before: Annotated[dt.datetime, typer.Option("--from", formats=["%Y-%m-%d"], help=_("rules.from_help"))],
    after: Annotated[dt.datetime, typer.Option("--to", formats=["%Y-%m-%d"], help=_("rules.to_help"))],
    json_out: JsonOpt = False,
    packs: PackFiles = None,
) -> None:
    """What changed between two dates (help text: rules.diff_help in the catalog)."""
    import json

    from rules.pack_diff import diff_pack as compute

    from ..i18n import language

    use_packs(packs)
    loaded = load_pack_arg(pack)[0]
    diff = compute(loaded, before.date(), after.date(), "en" if json_out else language())
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
    _echo(_("rules.tests_from", pack=pack_id, count=len(results), path=path))
    for result in results:
        _echo(f"  {_('rules.pass') if result.passed else _('rules.fail')}  {result.test.name}  ({result.test.date})")
        if not result.passed:
            for line in _trace(result):
                _echo(f"        {line}")
    failed = sum(not r.passed for r in results)
    _echo(_("rules.tests_summary", passed=len(results) - failed, failed=failed) if results else _("rules.no_tests"))


def _trace(result) -> list[str]:
    """Why the decision came out as it did: for each missed action, every case that spoke to it."""
    from ..render import words

    warrant = result.trace["warrant"]
    facts = ", ".join(f"{k}={v}" for k, v in result.test.encounter.items()) or _("rules.defaults")
    lines = [_("rules.encounter_read", facts=facts, kind=warrant["kind"], cls=warrant["class"])]  # ids, as the tests file writes them
    for miss in result.misses:
        action = result.trace["actions"][miss.action]
        lines.append(_("rules.miss", action=miss.action, expected=_verdict(miss.expected), got=_verdict(miss.got), how=action["how"]))
        lines.extend("  " + _("rules.candidate", rule=c["rule"], case=c["case"], layer=words("layers")[c["layer"]],
                                says=words("verdicts")[c["says"]], why=c["why"])
                     for c in action["candidates"])
        lines.append("  " + _("rules.reason_given", reason=action["reason"]))
    return lines


def _verdict(value: str) -> str:
    """A verdict in the run's words; a miss on `expect_rules` reads "decided by ..." and is shown as it is."""
    from ..render import words

    return words("verdicts").get(value, value)


def _print_diff(diff: dict) -> None:
    from ..render import span, words

    _echo(_("rules.diff_head", pack=diff["pack"], start=diff["from"], end=diff["to"]))
    for key, heading in (("came_into_force", _("rules.came_into_force")), ("went_out_of_force", _("rules.went_out_of_force")),
                         ("cases_changed", _("rules.cases_changed"))):
        rules = diff["rules"][key]
        _echo(heading + ("" if rules else " " + _("rules.none")))
        for r in rules:
            _echo(f"  {r['id']}  {r['title']} ({words('layers')[r['layer']]}, {span(r['effective_from'], r['effective_to'])})")
    verdicts = diff["verdicts"]
    _echo(_("rules.verdicts_changed", count=verdicts["encounters_tried"]) + ("" if verdicts["changes"] else " " + _("rules.none")))
    for change in verdicts["changes"]:
        _echo(_("rules.change", action=words("actions")[change["action"]], start=words("verdicts")[change["from"]],
                end=words("verdicts")[change["to"]], rules_from=", ".join(change["rules_from"]) or _("rules.no_rule"),
                rules_to=", ".join(change["rules_to"]) or _("rules.no_rule"), count=change["encounters"]))
        where = "; ".join(f"{fact}: {', '.join(f'{v:g}' if isinstance(v, float) else str(v) for v in values)}"
                          for fact, values in change["where"].items())
        _echo("    " + (_("rules.where", where=where) if where else _("rules.everywhere")))
        _echo("    " + _("rules.now_reason", reason=change["reason"]))

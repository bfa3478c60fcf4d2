"""Rich renderings of a decision, a warrant reading and pack tables.

Everything shown from outside (NCIC text, ids, rule text from packs) goes through Text
objects, never markup, after `printable`, so it cannot style or move the cursor. Our own
words come from the catalogs (cli/locale, and the core's closed vocabularies) in the language
of the run (cli.i18n.language()), and are shown as Text too.
"""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from rules.hold import hold_phase
from rules.i18n import tr
from rules.translations import vocabulary

from .i18n import _, language
from .safe_text import printable

# How each verdict and warrant class is styled; their words, in the run's language, come from words().
VERDICT_STYLE = {
    "required": "bold white on blue",
    "permitted": "bold green",
    "prohibited": "bold white on red",
    "ask-supervisor": "bold black on yellow",
}
POINT_STYLE = {
    "civil": "bold black on cyan",
    "criminal": "bold white on red",
    "judicial": "bold white on magenta",
    "ambiguous": "black on yellow",
    "neutral": "underline",
}


def words(section: str) -> dict:
    """A closed vocabulary (verdicts, actions, layers...) in the language of the run."""
    return vocabulary(language())[section]


def _short_verdicts() -> dict:
    return {"required": _("panel.short_required"), "permitted": _("panel.short_permitted"),
            "prohibited": _("panel.short_prohibited"), "ask-supervisor": _("panel.short_ask")}


def _short_actions() -> dict:
    return {
        "detain": _("panel.short_detain"), "release": _("panel.short_release"), "contact_ice": _("panel.short_contact_ice"),
        "share_info": _("panel.short_share_info"), "ask_status": _("panel.short_ask_status"),
        "query_status": _("panel.short_query_status"), "arrest_on_immigration_warrant": _("panel.short_arrest"),
        "honor_detainer": _("panel.short_honor_detainer"), "allow_ice_interview": _("panel.short_interview"),
        "transport_for_ice": _("panel.short_transport"),
    }

PHASE_STYLE = {  # how near the hold limit is (rules.hold.hold_phase)
    "ok": "bold green",
    "warn": "bold black on yellow",
    "urgent": "bold white on red",
    "expired": "bold white on red",
}
CLASS_STYLE = {
    "civil": "bold black on cyan",
    "criminal": "bold white on red",
    "judicial": "bold white on magenta",
    "unknown": "bold black on yellow",
    "none": "bold",
}


def t(text: object, style: str = "") -> Text:
    """Untrusted text as a Text: literal, control characters made visible."""
    return Text(printable(str(text)), style=style, overflow="fold")


def verdict_text(verdict: str) -> Text:
    return Text(f" {words('verdicts')[verdict]} ", style=VERDICT_STYLE[verdict])


def class_text(cls: str) -> Text:
    return Text(f" {words('warrant_classes')[cls]} ", style=CLASS_STYLE[cls])


def highlighted(text: str, evidence: list[dict]) -> Text:
    """The NCIC text with each evidence span highlighted by what it points to."""
    out = Text(overflow="fold")
    pos = 0
    for e in sorted(evidence, key=lambda e: e["start"]):
        if e["start"] < pos:
            continue
        out.append(printable(text[pos:e["start"]]))
        out.append(printable(text[e["start"]:e["end"]]), style=POINT_STYLE.get(e["points"], ""))
        pos = e["end"]
    out.append(printable(text[pos:]))
    return out


def evidence_table(evidence: list[dict]) -> Table:
    table = Table(box=box.SIMPLE, show_edge=False, expand=True, pad_edge=False)
    table.add_column(_("panel.words"), ratio=2, overflow="fold")
    table.add_column(_("panel.points_to"), no_wrap=True)
    table.add_column(_("panel.means"), ratio=5, overflow="fold")
    for e in evidence:
        table.add_row(t(e["text"], POINT_STYLE.get(e["points"], "")), t(_points(e["points"])), t(e["means"]))
    return table


def _points(points: str) -> str:
    return {"civil": _("panel.points_civil"), "criminal": _("panel.points_criminal"), "judicial": _("panel.points_judicial"),
            "ambiguous": _("panel.points_ambiguous"), "neutral": _("panel.points_neutral")}[points]


def hold_text(hold: dict | None, detain: str = "permitted") -> Text | None:
    if not hold:
        return None
    held = f"{hold['elapsed_minutes']:g}"
    if hold["limit_minutes"] is None:
        return Text(_("panel.held_no_limit", held=held))
    if detain == "prohibited" and not hold["expired"]:
        return Text(_("panel.no_basis", held=held), style="bold white on red")
    limit = f"{hold['limit_minutes']:g}"
    if hold["expired"]:
        return Text(_("panel.limit_reached", limit=limit, rule=hold["rule"]), style="bold white on red")
    left = hold["remaining_minutes"]
    style = PHASE_STYLE[hold_phase(left)]
    return Text.assemble(
        (_("panel.hold"), "bold"),
        (_("panel.left", left=f"{left:g}", limit=limit), style),
        _("panel.held", held=held, rule=hold["rule"]),
    )


def actions_table(actions: dict) -> Table:
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
    table.add_column(_("panel.action"), ratio=3, overflow="fold")
    table.add_column(_("panel.verdict"), no_wrap=True)
    table.add_column(_("panel.rules"), no_wrap=True)
    table.add_column(_("panel.why"), ratio=6, overflow="fold")
    for action, answer in actions.items():
        table.add_row(
            t(words("actions").get(action, action)),
            verdict_text(answer["verdict"]),
            t(", ".join(answer["rules"]) or "—"),
            t(answer["reason"]),
        )
    return table


def rules_block(rules: dict) -> Group:
    """Each rule: id and title, its words, its quote (the source's own words) with a summary in
    the reader's language when there is one, and where it comes from."""
    parts = []
    for rule_id, rule in rules.items():
        head = Text.assemble((f"{printable(rule_id)} ", "bold"), (printable(rule.get("title", "")), "bold"))
        parts.append(head)
        parts.append(t(rule["text"]))
        if rule.get("quote"):
            parts.append(Text.assemble(("  “", "dim"), (printable(rule["quote"]), "italic"), ("”", "dim"), overflow="fold"))
        if rule.get("summary"):
            parts.append(Text.assemble((_("panel.summary"), "bold"), t(rule["summary"]), overflow="fold"))
        parts.append(t("  " + _rule_line(rule), "dim"))
    return Group(*parts)


def _rule_line(rule: dict) -> str:
    return _("panel.rule_line", layer=words("layers").get(rule["layer"], rule["layer"]),
             span=span(rule["effective_from"], rule["effective_to"]),
             confidence=words("confidence").get(rule["confidence"], rule["confidence"]), source=rule["source"])


def span(start: object, end: object) -> str:
    """When a rule (or case) is in force: "since START", or "START to END" for a closed range."""
    return _("panel.span_closed", start=start, end=end) if end else _("panel.span_open", start=start)


def decision_panel(decision: dict, ncic_text: str | None = None) -> Panel:
    """The whole answer for an officer: warrant, hold, verdicts, rules and words, next steps."""
    w = decision["warrant"]
    body: list = []
    source = {"stated": _("panel.from_stated"), "ncic_text": _("panel.from_ncic"), "default": _("panel.from_default")}[w["from"]]
    body.append(Text.assemble(
        (_("panel.warrant"), "bold"), class_text(w["class"]), "  " + _("panel.kind_from", kind=_kind(w["kind"]), source=source)
    ))
    if ncic_text and w["evidence"]:
        body.append(Panel(highlighted(ncic_text, w["evidence"]), title=_("panel.ncic_title"), box=box.ROUNDED))
    if w["evidence"]:
        body.append(ByWidth(evidence_table(w["evidence"]), evidence_list(w["evidence"])))
    hold = hold_text(decision.get("hold"), decision["actions"]["detain"]["verdict"])
    if hold is not None:
        body.append(hold)
    body.append(ByWidth(actions_table(decision["actions"]), actions_list(decision["actions"])))
    if decision["next_steps"]:
        body.append(Text(_("panel.next_steps"), style="bold"))
        body.extend(t(f"  {i}. {s}") for i, s in enumerate(decision["next_steps"], 1))
    if decision["warnings"]:
        body.append(Text(_("panel.warnings"), style="bold yellow"))
        body.extend(t(f"  ! {w_}", "yellow") for w_ in decision["warnings"])
    if decision["rules"]:
        body.append(Text(_("panel.rules_heading"), style="bold"))
        body.append(rules_block(decision["rules"]))
    body.append(t(decision["notice"], "dim italic"))
    policy = decision["policy"]
    title = Text.assemble(
        ("warrantwise ", "bold"),
        printable(f"· {policy['name']} · {decision['date']}"),
        printable(" · " + _("panel.encounter", id=decision["id"])) if decision.get("id") else "",
    )
    subtitle = t(_("panel.pack", pack=policy["pack"], version=policy["version"]))
    return Panel(Group(*body), title=title, subtitle=subtitle, box=box.HEAVY)


def _kind(kind: str) -> str:
    return words("warrant_kinds").get(kind, kind)


def reading_panel(text: str, reading: dict) -> Panel:
    """A supervisor's view of an NCIC text: the kind, the words, what is missing, what to ask."""
    body: list = [
        Text.assemble((_("panel.reads_as"), "bold"), class_text(reading["class"]), t(f"  {_kind(reading['kind'])}")),
        t(reading["summary"]),
        Panel(highlighted(text, reading["evidence"]), title=_("panel.ncic_title"), box=box.ROUNDED),
    ]
    if reading["evidence"]:
        body.append(evidence_table(reading["evidence"]))
    if reading["fields"]:
        fields = Table(box=box.SIMPLE, show_header=False, pad_edge=False)
        fields.add_column(style="bold")
        fields.add_column(overflow="fold")
        for code, value in reading["fields"].items():
            fields.add_row(t(code), t(value))
        body.append(Text(_("panel.fields"), style="bold"))
        body.append(fields)
    body.append(markers_table(reading))
    if reading["questions"]:
        body.append(Text(_("panel.ask"), style="bold"))
        body.extend(t(f"  • {i}") for i in reading["questions"])
    return Panel(Group(*body), title=_("panel.reading_title"), box=box.HEAVY)


def batch_tables(outputs, sink, chunk: int = 200) -> int:
    """A table per `chunk` records, so a long run shows progress and memory stays flat."""
    from rich.console import Console

    from rules.vocab import ACTIONS

    console = Console(file=sink, highlight=False)
    failed = 0
    rows: list = []
    errors: list = []  # printed under their table: a message in a narrow column would be unreadable
    short_verdicts, short_actions = _short_verdicts(), _short_actions()
    console.print(Text(_("panel.legend", **{k.replace("-", "_"): v for k, v in short_verdicts.items()}), style="dim"))

    def flush() -> None:
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        table.add_column("id", overflow="fold")
        table.add_column(_("panel.col_warrant"), overflow="fold")
        for action in ACTIONS:
            table.add_column(short_actions[action], overflow="fold", justify="center")
        table.add_column(_("panel.col_hold_left"), overflow="fold")
        for row in rows:
            table.add_row(*row)
        console.print(table)
        for error in errors:
            console.print(error)
        rows.clear()
        errors.clear()

    for out in outputs:
        if "error" in out:
            failed += 1
            line = _("panel.line", line=out["line"])
            rows.append([t(out["id"] or line), Text(_("panel.error_word"), "bold red")] + [Text("")] * (len(ACTIONS) + 1))
            who = line + (f" ({out['id']})" if out["id"] else "")
            errors.append(Text.assemble((_("panel.error_word") + " ", "bold red"), t(f"{who}: {out['error']}")))
        else:
            hold = out.get("hold") or {}
            left = hold.get("remaining_minutes")
            cls = out["warrant"]["class"]
            rows.append(
                [t(out["id"] or ""), t(words("warrant_classes")[cls].split(" ")[0], CLASS_STYLE[cls])]
                + [Text(short_verdicts[v], VERDICT_STYLE[v]) for v in (out["actions"][a]["verdict"] for a in ACTIONS)]
                + [t("" if left is None else _("panel.minutes", minutes=f"{left:g}"))]
            )
        if len(rows) >= chunk:
            flush()
    if rows:
        flush()
    return failed


def _marker_heads(cls: str, lang: str) -> tuple[str, str]:
    """What decided a reading, beside what would have changed it (the supervisor's two questions)."""
    return {
        "civil": (tr(lang, "ncic.head_civil"), tr(lang, "ncic.head_to_criminal")),
        "criminal": (tr(lang, "ncic.head_criminal"), tr(lang, "ncic.head_to_civil")),
        "judicial": (tr(lang, "ncic.head_judicial"), tr(lang, "ncic.head_not_crime")),
        "unknown": (tr(lang, "ncic.head_unknown"), tr(lang, "ncic.head_decide")),
    }[cls]


def markers_table(reading: dict) -> Table:
    """The markers found, and the ones missing, side by side."""
    found_head, missing_head = _marker_heads(reading["class"], language())
    table = Table(box=box.ROUNDED, expand=True, header_style="bold")
    table.add_column(found_head, ratio=1, overflow="fold")
    table.add_column(missing_head, ratio=1, overflow="fold")
    found = [t(f"• {f}") for f in reading["found"]] or [t(_("panel.none"), "dim")]
    missing = [t(f"• {m.removeprefix(missing_head + ': ')}") for m in reading["missing"]]
    table.add_row(Group(*found), Group(*missing))
    return table


def compare_view(decisions: list[dict]) -> Group:
    """One encounter in several places or on several dates: a column each, differences marked
    and traced to the rules behind each verdict."""
    from rules.vocab import ACTIONS

    table = Table(box=box.SIMPLE_HEAVY, expand=True, pad_edge=False)
    table.add_column("", width=1, no_wrap=True)
    table.add_column("", ratio=3, overflow="fold")
    for d in decisions:
        table.add_column(t(f"{d['jurisdiction']}\n{d['date']}", "bold"), ratio=2, overflow="fold")
    rows = [
        (_("compare.warrant"), [class_text(d["warrant"]["class"]) for d in decisions], [d["warrant"]["class"] for d in decisions]),
        (_("compare.hold_limit"), [t(_limit(d["hold"])) for d in decisions], [_limit(d["hold"]) for d in decisions]),
    ]
    for action in ACTIONS:
        answers = [d["actions"][action] for d in decisions]
        cells = [Text.assemble(verdict_text(a["verdict"]), "\n", t(", ".join(a["rules"]) or _("compare.no_rule"), "dim"))
                 for a in answers]
        rows.append((words("actions")[action], cells, [a["verdict"] for a in answers]))
    for label, cells, keys in rows:
        differs = len(set(keys)) > 1
        style = "bold reverse" if differs else ""
        table.add_row(Text("≠" if differs else "", style=style), t(label, style), *cells)
    parts: list = [table]
    differing = [a for a in ACTIONS if len({d["actions"][a]["verdict"] for d in decisions}) > 1]
    parts.append(Text(_("compare.what_differs") if differing else _("compare.none_differs"), style="bold"))
    for action in differing:
        parts.append(t(words("actions")[action], "bold"))
        for d in decisions:
            answer = d["actions"][action]
            why = "; ".join(f"{r} {d['rules'][r]['title']}" for r in answer["rules"]) or _("compare.no_rule_decides")
            parts.append(Text.assemble(t(f"  {d['jurisdiction']} {d['date']}: "), verdict_text(answer["verdict"]), t(f" {why}")))
    parts.extend(t(f"! {d['jurisdiction']} {d['date']}: {w}", "yellow") for d in decisions for w in d["warnings"])
    parts.extend(t(n, "dim italic") for n in dict.fromkeys(d["notice"] for d in decisions))
    return Group(*parts)


def _limit(hold: dict | None) -> str:
    if not hold:
        return "—"
    if hold["limit_minutes"] is None:
        return _("compare.no_limit")
    return _("compare.limit", limit=f"{hold['limit_minutes']:g}", rule=hold["rule"])


TRACE_MARK = {
    "decides": ("✓", "green"),
    "joins": ("+", "green"),
    "conflicts": ("!", "yellow"),
    "overridden": ("✗", "red"),
    "outranked": ("✗", "red"),
}


def trace_view(trace: dict) -> Group:
    """A decision's trace: the facts, every rule and case as tested, then how each action settled."""
    from rich.tree import Tree

    policy = trace["policy"]
    head = Text.assemble((_("explain.trace"), "bold"),
                         t(_("explain.trace_of", name=policy["name"], date=trace["date"], pack=policy["pack"], version=policy["version"])))
    facts = Text.assemble((_("explain.facts"), "bold"), t(" · ".join(f"{k} = {_shown(v)}" for k, v in trace["facts"].items())))
    rules = Tree(Text(_("explain.rules_on", date=trace["date"]), style="bold"))
    absent = []
    for rule in trace["rules"]:
        when = span(rule["effective_from"], rule["effective_to"])
        if not rule["in_force"]:
            absent.append(f"{rule['id']} ({when})")
            continue
        node = rules.add(Text.assemble((_("explain.in_force"), "green"), t(f"{rule['id']} ", "bold"), t(rule["title"]),
                                       t(f" · {words('layers')[rule['layer']]} · {when}", "dim")))
        for case in rule["cases"]:
            node.add(_case_line(case))
        if rule["hold"]:
            hold = rule["hold"]
            said = (_("explain.hold_applies", limit=f"{hold['limit_minutes']:g}") if hold["holds"] else
                    _("explain.hold_does_not_apply", limit=f"{hold['limit_minutes']:g}",
                      conditions="; ".join(map(_condition, hold["conditions"]))))
            node.add(t(said))
    if absent:
        rules.add(t(_("explain.not_in_force", date=trace["date"], rules=", ".join(absent)), "dim"))
    actions = Tree(Text(_("explain.settled"), style="bold"))
    for action, answer in trace["actions"].items():
        how = f"  {', '.join(answer['rules'])} · {answer['how']}" if answer["rules"] else ""
        node = actions.add(Text.assemble((f"{words('actions')[action]} ", "bold"), verdict_text(answer["verdict"]), t(how, "dim")))
        for c in answer["candidates"]:
            mark, style = TRACE_MARK[c["status"]]
            node.add(Text.assemble((f"{mark} ", style), t(_("explain.candidate", rule=c["rule"], case=c["case"],
                                                            says=words("verdicts")[c["says"]], why=c["why"]))))
        if not answer["candidates"]:
            node.add(t(_("explain.no_case"), "dim"))
    return Group(head, facts, rules, actions)


def _case_line(case: dict) -> Text:
    if not case["in_force"]:
        when = _("explain.case_span", start=case["effective_from"] or _("explain.rule_start"),
                 end=case["effective_to"] or _("explain.rule_end"))
        return t(_("explain.case_not_in_force", case=case["case"], span=when), "dim")
    tests = "; ".join(map(_condition, case["conditions"])) or _("explain.no_conditions")
    then = ", ".join(f"{words('actions')[a]} {words('verdicts')[v]}" for a, v in case["then"].items()) or _("explain.steps_only")
    mark, style = ("✓", "green") if case["holds"] else ("✗", "red")
    if case["holds"]:
        line = _("explain.case_holds", case=case["case"], tests=tests, then=then)
    else:
        line = _("explain.case_does_not_hold", case=case["case"], tests=tests, then=then)
    return Text.assemble((f"{mark} ", style), t(line))


def _condition(cond: dict) -> str:
    name, wants = cond["fact"], cond["wants"]
    shown = _shown(wants) if not name.startswith("offenses_") else ", ".join(wants)
    needs = {"offenses_any": _("explain.any_of", offenses=shown), "offenses_none": _("explain.none_of", offenses=shown)}.get(name, shown)
    text = f"{name.removesuffix('_any').removesuffix('_none')} = {_shown(cond['is'])}"
    return text if cond["holds"] else _("explain.needs", condition=text, needs=needs)


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return _("explain.yes") if value else _("explain.no")
    if isinstance(value, list):
        return _("explain.or").join(map(str, value)) or _("panel.none")
    return str(value)


class ByWidth:
    """One of two forms, picked by the width it is given: tables from `at` columns, else lists
    (a table squeezed into a 60-column terminal breaks words mid-way)."""

    def __init__(self, wide, narrow, at: int = 70):
        self.wide, self.narrow, self.at = wide, narrow, at

    def __rich_console__(self, console, options):
        yield self.wide if options.max_width >= self.at else self.narrow


def actions_list(actions: dict) -> Group:
    """The actions for a narrow terminal: the verdict, the action, its rules, the reason indented."""
    from rich.padding import Padding

    parts: list = []
    for action, answer in actions.items():
        parts.append(Text.assemble(
            verdict_text(answer["verdict"]), " ", t(words("actions").get(action, action), "bold"),
            t(f" ({', '.join(answer['rules'])})" if answer["rules"] else "", "dim"),
        ))
        parts.append(Padding(t(answer["reason"]), (0, 0, 0, 3)))
    return Group(*parts)


def evidence_list(evidence: list[dict]) -> Group:
    """The deciding words for a narrow terminal: the words, what they point to, what they mean."""
    from rich.padding import Padding

    parts: list = []
    for e in evidence:
        parts.append(Text.assemble(t(e["text"], POINT_STYLE.get(e["points"], "")), t(f" → {_points(e['points'])}", "bold")))
        parts.append(Padding(t(e["means"]), (0, 0, 0, 3)))
    return Group(*parts)


def pack_view(pack, rules: list, day, pack_file) -> Panel:
    """`rules show`: a pack's rules in the reader's language, each quote in its own words."""
    from rules.translations import text_of

    lang = language()

    def said(rule, field: str):
        return text_of(pack, rule.id, field, lang, pack_file=pack_file) or (None if field == "summary" else getattr(rule, field))

    parts = [t(pack.description), t(_("rules.prevails", order=" > ".join(words("layers")[x] for x in pack.prevails)), "dim")]
    if pack.layer_files:
        parts.append(t(_("rules.layers", files=", ".join(str(p) for p in pack.layer_files)), "dim"))
    for r in rules:
        status = _("rules.in_force", day=day.isoformat()) if r.in_force(day) else _("rules.not_in_force", day=day.isoformat())
        parts.append(Text.assemble("\n", t(f"{r.id} {said(r, 'title')}", "bold"), t(f"  [{status}]")))
        parts.append(t(said(r, "text")))
        if r.quote:
            parts.append(t(f"  “{r.quote}”", "italic"))
        if said(r, "summary"):
            parts.append(Text.assemble(("  " + _("panel.summary"), "bold"), t(said(r, "summary"))))
        parts.append(t("  " + _rule_line({"layer": r.layer, "effective_from": r.effective_from, "effective_to": r.effective_to,
                                             "confidence": r.confidence, "source": r.source}), "dim"))
        if said(r, "note"):
            parts.append(t("  " + _("rules.note", note=said(r, "note")), "dim"))
    title = _("rules.title", name=pack.name, id=pack.id, version=pack.version, reviewed=pack.reviewed)
    return Panel(Group(*parts), title=t(title))

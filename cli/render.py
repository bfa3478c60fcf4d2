"""Rich renderings of a decision, a warrant reading and pack tables.

Everything shown from outside (NCIC text, ids, rule text from packs) goes through Text
objects, never markup, after `printable`, so it cannot style or move the cursor.
"""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from rules.hold import hold_phase
from rules.vocab import ACTION_WORDS, LAYER_WORDS

from .safe_text import printable

VERDICT_STYLE = {
    "required": ("REQUIRED", "bold white on blue"),
    "permitted": ("PERMITTED", "bold green"),
    "prohibited": ("PROHIBITED", "bold white on red"),
    "ask-supervisor": ("ASK A SUPERVISOR", "bold black on yellow"),
}
POINT_STYLE = {
    "civil": "bold black on cyan",
    "criminal": "bold white on red",
    "judicial": "bold white on magenta",
    "ambiguous": "black on yellow",
    "neutral": "underline",
}
SHORT_VERDICT = {
    "required": ("MUST", "bold white on blue"),
    "permitted": ("may", "bold green"),
    "prohibited": ("NO", "bold white on red"),
    "ask-supervisor": ("ASK", "bold black on yellow"),
}
SHORT_ACTION = {
    "detain": "hold",
    "release": "release",
    "contact_ice": "call ICE",
    "share_info": "share",
    "ask_status": "ask status",
    "query_status": "query status",
    "arrest_on_immigration_warrant": "arrest",
    "honor_detainer": "detainer",
    "allow_ice_interview": "ICE interview",
    "transport_for_ice": "transport",
}
PHASE_STYLE = {  # how near the hold limit is (rules.hold.hold_phase)
    "ok": "bold green",
    "warn": "bold black on yellow",
    "urgent": "bold white on red",
    "expired": "bold white on red",
}
CLASS_WORDS = {
    "civil": ("CIVIL", "bold black on cyan"),
    "criminal": ("CRIMINAL", "bold white on red"),
    "judicial": ("JUDGE'S ORDER (NOT A CRIME)", "bold white on magenta"),
    "unknown": ("UNKNOWN", "bold black on yellow"),
    "none": ("NO WARRANT", "bold"),
}


def t(text: object, style: str = "") -> Text:
    """Untrusted text as a Text: literal, control characters made visible."""
    return Text(printable(str(text)), style=style, overflow="fold")


def verdict_text(verdict: str) -> Text:
    words, style = VERDICT_STYLE[verdict]
    return Text(f" {words} ", style=style)


def class_text(cls: str) -> Text:
    words, style = CLASS_WORDS[cls]
    return Text(f" {words} ", style=style)


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
    table.add_column("Words", ratio=2, overflow="fold")
    table.add_column("Points to", no_wrap=True)
    table.add_column("What they mean", ratio=5, overflow="fold")
    for e in evidence:
        table.add_row(t(e["text"], POINT_STYLE.get(e["points"], "")), t(e["points"]), t(e["means"]))
    return table


def hold_text(hold: dict | None, detain: str = "permitted") -> Text | None:
    if not hold:
        return None
    if hold["limit_minutes"] is None:
        return Text(f"Held {hold['elapsed_minutes']:g} minutes; no hold-time limit of this pack applies here.")
    if detain == "prohibited" and not hold["expired"]:
        return Text(f" NO BASIS TO HOLD: end the hold now (held {hold['elapsed_minutes']:g} min) ", style="bold white on red")
    if hold["expired"]:
        return Text(
            f" HOLD LIMIT REACHED ({hold['limit_minutes']:g} min): release now unless a criminal basis was confirmed — "
            f"rule {hold['rule']} ",
            style="bold white on red",
        )
    left = hold["remaining_minutes"]
    style = PHASE_STYLE[hold_phase(left)]
    return Text.assemble(
        ("HOLD ", "bold"),
        (f" {left:g} of {hold['limit_minutes']:g} minutes left ", style),
        f"  held {hold['elapsed_minutes']:g} min (rule {hold['rule']})",
    )


def actions_table(actions: dict) -> Table:
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
    table.add_column("Action", ratio=3, overflow="fold")
    table.add_column("Verdict", no_wrap=True)
    table.add_column("Rules", no_wrap=True)
    table.add_column("Why", ratio=6, overflow="fold")
    for action, answer in actions.items():
        table.add_row(
            t(ACTION_WORDS.get(action, action)),
            verdict_text(answer["verdict"]),
            t(", ".join(answer["rules"]) or "—"),
            t(answer["reason"]),
        )
    return table


def rules_block(rules: dict) -> Group:
    parts = []
    for rule_id, rule in rules.items():
        dates = f"{rule['effective_from']} to {rule['effective_to'] or 'now'}"
        head = Text.assemble((f"{printable(rule_id)} ", "bold"), (printable(rule.get("title", "")), "bold"))
        parts.append(head)
        parts.append(t(rule["text"]))
        if rule.get("quote"):
            parts.append(Text.assemble(("  “", "dim"), (printable(rule["quote"]), "italic"), ("”", "dim"), overflow="fold"))
        parts.append(
            t(f"  {LAYER_WORDS.get(rule['layer'], rule['layer'])} · in force {dates} · confidence {rule['confidence']} · {rule['source']}", "dim")
        )
    return Group(*parts)


def decision_panel(decision: dict, ncic_text: str | None = None) -> Panel:
    """The whole answer for an officer: warrant, hold, verdicts, rules and words, next steps."""
    w = decision["warrant"]
    body: list = []
    body.append(
        Text.assemble(
            ("Warrant: ", "bold"), class_text(w["class"]), f"  {printable(w['kind'])} (from {w['from']})"
        )
    )
    if ncic_text and w["evidence"]:
        body.append(Panel(highlighted(ncic_text, w["evidence"]), title="NCIC text — deciding words highlighted", box=box.ROUNDED))
    if w["evidence"]:
        body.append(ByWidth(evidence_table(w["evidence"]), evidence_list(w["evidence"])))
    hold = hold_text(decision.get("hold"), decision["actions"]["detain"]["verdict"])
    if hold is not None:
        body.append(hold)
    body.append(ByWidth(actions_table(decision["actions"]), actions_list(decision["actions"])))
    if decision["next_steps"]:
        body.append(Text("Next steps", style="bold"))
        body.extend(t(f"  {i}. {s}") for i, s in enumerate(decision["next_steps"], 1))
    if decision["warnings"]:
        body.append(Text("Warnings", style="bold yellow"))
        body.extend(t(f"  ! {w_}", "yellow") for w_ in decision["warnings"])
    if decision["rules"]:
        body.append(Text("The rules and their words", style="bold"))
        body.append(rules_block(decision["rules"]))
    body.append(t(decision["notice"], "dim italic"))
    policy = decision["policy"]
    title = Text.assemble(
        ("warrantwise ", "bold"),
        printable(f"· {policy['name']} · {decision['date']}"),
        printable(f" · encounter {decision['id']}") if decision.get("id") else "",
    )
    return Panel(Group(*body), title=title, subtitle=t(f"pack {policy['pack']} {policy['version']}"), box=box.HEAVY)


def reading_panel(text: str, reading: dict) -> Panel:
    """A supervisor's view of an NCIC text: the kind, the words, what is missing, what to ask."""
    body: list = [
        Text.assemble(("Reads as: ", "bold"), class_text(reading["class"]), f"  {reading['kind']}"),
        t(reading["summary"]),
        Panel(highlighted(text, reading["evidence"]), title="NCIC text — deciding words highlighted", box=box.ROUNDED),
    ]
    if reading["evidence"]:
        body.append(evidence_table(reading["evidence"]))
    if reading["fields"]:
        fields = Table(box=box.SIMPLE, show_header=False, pad_edge=False)
        fields.add_column(style="bold")
        fields.add_column(overflow="fold")
        for code, value in reading["fields"].items():
            fields.add_row(t(code), t(value))
        body.append(Text("Fields", style="bold"))
        body.append(fields)
    body.append(markers_table(reading))
    if reading["questions"]:
        body.append(Text("Ask dispatch or a supervisor", style="bold"))
        body.extend(t(f"  • {i}") for i in reading["questions"])
    return Panel(Group(*body), title="warrantwise · warrant reading", box=box.HEAVY)


def batch_tables(outputs, sink, chunk: int = 200) -> int:
    """A table per `chunk` records, so a long run shows progress and memory stays flat."""
    from rich.console import Console

    from rules.vocab import ACTIONS

    console = Console(file=sink, highlight=False)
    failed = 0
    rows: list = []
    errors: list = []  # printed under their table: a message in a narrow column would be unreadable
    console.print(Text("MUST = required · may = permitted · NO = prohibited · ASK = ask a supervisor", style="dim"))

    def flush() -> None:
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        table.add_column("id", overflow="fold")
        table.add_column("warrant", overflow="fold")
        for action in ACTIONS:
            table.add_column(SHORT_ACTION[action], overflow="fold", justify="center")
        table.add_column("hold left", overflow="fold")
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
            rows.append([t(out["id"] or f"line {out['line']}"), Text("ERROR", "bold red")]
                        + [Text("")] * (len(ACTIONS) + 1))
            who = f"line {out['line']}" + (f" ({out['id']})" if out["id"] else "")
            errors.append(Text.assemble(("ERROR ", "bold red"), t(f"{who}: {out['error']}")))
        else:
            hold = out.get("hold") or {}
            left = hold.get("remaining_minutes")
            rows.append(
                [t(out["id"] or ""), t(CLASS_WORDS[out["warrant"]["class"]][0].split(" ")[0], CLASS_WORDS[out["warrant"]["class"]][1])]
                + [Text(*SHORT_VERDICT[out["actions"][a]["verdict"]]) for a in ACTIONS]
                + [t("" if left is None else f"{left:g} min")]
            )
        if len(rows) >= chunk:
            flush()
    if rows:
        flush()
    return failed


# What decided a reading, beside what would have changed it (the supervisor's two questions).
MARKER_HEADS = {
    "civil": ("What makes it civil", "What would make it criminal"),
    "criminal": ("What makes it criminal", "What would make it civil"),
    "judicial": ("What makes it a judge's order", "Why it is not a crime"),
    "unknown": ("Signs found (none decides)", "What would decide it"),
}


def markers_table(reading: dict) -> Table:
    """The markers found, and the ones missing, side by side."""
    found_head, missing_head = MARKER_HEADS[reading["class"]]
    table = Table(box=box.ROUNDED, expand=True, header_style="bold")
    table.add_column(found_head, ratio=1, overflow="fold")
    table.add_column(missing_head, ratio=1, overflow="fold")
    found = [t(f"• {f}") for f in reading["found"]] or [t("none", "dim")]
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
        ("Warrant", [class_text(d["warrant"]["class"]) for d in decisions], [d["warrant"]["class"] for d in decisions]),
        ("Hold limit", [t(_limit(d["hold"])) for d in decisions], [_limit(d["hold"]) for d in decisions]),
    ]
    for action in ACTIONS:
        answers = [d["actions"][action] for d in decisions]
        cells = [Text.assemble(verdict_text(a["verdict"]), "\n", t(", ".join(a["rules"]) or "no rule", "dim")) for a in answers]
        rows.append((ACTION_WORDS[action], cells, [a["verdict"] for a in answers]))
    for label, cells, keys in rows:
        differs = len(set(keys)) > 1
        style = "bold reverse" if differs else ""
        table.add_row(Text("≠" if differs else "", style=style), t(label, style), *cells)
    parts: list = [table]
    differing = [a for a in ACTIONS if len({d["actions"][a]["verdict"] for d in decisions}) > 1]
    parts.append(Text("What differs, and the rules behind it" if differing else "No verdict differs.", style="bold"))
    for action in differing:
        parts.append(t(ACTION_WORDS[action], "bold"))
        for d in decisions:
            answer = d["actions"][action]
            why = "; ".join(f"{r} {d['rules'][r]['title']}" for r in answer["rules"]) or "no rule decides it"
            parts.append(Text.assemble(t(f"  {d['jurisdiction']} {d['date']}: "), verdict_text(answer["verdict"]), t(f" {why}")))
    parts.extend(t(f"! {d['jurisdiction']} {d['date']}: {w}", "yellow") for d in decisions for w in d["warnings"])
    parts.extend(t(n, "dim italic") for n in dict.fromkeys(d["notice"] for d in decisions))
    return Group(*parts)


def _limit(hold: dict | None) -> str:
    if not hold:
        return "—"
    if hold["limit_minutes"] is None:
        return "no limit applies"
    return f"{hold['limit_minutes']:g} min ({hold['rule']})"


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
    head = Text.assemble(("Trace ", "bold"), t(f"· {policy['name']} · {trace['date']} · pack {policy['pack']} {policy['version']}"))
    facts = Text.assemble(("Facts: ", "bold"), t(" · ".join(f"{k} = {_shown(v)}" for k, v in trace["facts"].items())))
    rules = Tree(Text(f"Rules of the pack on {trace['date']}", style="bold"))
    absent = []
    for rule in trace["rules"]:
        span = f"{rule['effective_from']} to {rule['effective_to'] or 'now'}"
        if not rule["in_force"]:
            absent.append(f"{rule['id']} ({span})")
            continue
        node = rules.add(Text.assemble(("✓ in force ", "green"), t(f"{rule['id']} ", "bold"), t(rule["title"]),
                                       t(f" · {LAYER_WORDS[rule['layer']]} · {span}", "dim")))
        for case in rule["cases"]:
            node.add(_case_line(case))
        if rule["hold"]:
            hold = rule["hold"]
            said = "applies" if hold["holds"] else "does not apply: " + "; ".join(map(_condition, hold["conditions"]))
            node.add(t(f"hold limit {hold['limit_minutes']:g} min {said}"))
    if absent:
        rules.add(t(f"✗ not in force on {trace['date']}: {', '.join(absent)}", "dim"))
    actions = Tree(Text("How each action was settled", style="bold"))
    for action, answer in trace["actions"].items():
        how = f"  {', '.join(answer['rules'])} · {answer['how']}" if answer["rules"] else ""
        node = actions.add(Text.assemble((f"{ACTION_WORDS[action]} ", "bold"), verdict_text(answer["verdict"]), t(how, "dim")))
        for c in answer["candidates"]:
            mark, style = TRACE_MARK[c["status"]]
            node.add(Text.assemble((f"{mark} ", style), t(f"{c['rule']} case {c['case']} says {c['says']}: {c['why']}")))
        if not answer["candidates"]:
            node.add(t("no case in force speaks to this: ask a supervisor by default", "dim"))
    return Group(head, facts, rules, actions)


def _case_line(case: dict) -> Text:
    if not case["in_force"]:
        span = f"{case['effective_from'] or 'the rule start'} to {case['effective_to'] or 'the rule end'}"
        return t(f"· case {case['case']} not in force on this date ({span})", "dim")
    tests = "; ".join(map(_condition, case["conditions"])) or "no conditions"
    then = ", ".join(f"{a} {v}" for a, v in case["then"].items()) or "next steps or a warning only"
    mark, style = ("✓", "green") if case["holds"] else ("✗", "red")
    return Text.assemble((f"{mark} ", style), t(f"case {case['case']} {'holds' if case['holds'] else 'does not hold'}: {tests} → {then}"))


def _condition(cond: dict) -> str:
    name, wants = cond["fact"], cond["wants"]
    needs = {"offenses_any": "any of ", "offenses_none": "none of "}.get(name, "") + (
        ", ".join(wants) if name.startswith("offenses_") else _shown(wants))
    text = f"{name.removesuffix('_any').removesuffix('_none')} = {_shown(cond['is'])}"
    return text if cond["holds"] else f"{text}, needs {needs} ✗"


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return " or ".join(map(str, value)) or "none"
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
            verdict_text(answer["verdict"]), " ", t(ACTION_WORDS.get(action, action), "bold"),
            t(f" ({', '.join(answer['rules'])})" if answer["rules"] else "", "dim"),
        ))
        parts.append(Padding(t(answer["reason"]), (0, 0, 0, 3)))
    return Group(*parts)


def evidence_list(evidence: list[dict]) -> Group:
    """The deciding words for a narrow terminal: the words, what they point to, what they mean."""
    from rich.padding import Padding

    parts: list = []
    for e in evidence:
        parts.append(Text.assemble(t(e["text"], POINT_STYLE.get(e["points"], "")), t(f" → {e['points']}", "bold")))
        parts.append(Padding(t(e["means"]), (0, 0, 0, 3)))
    return Group(*parts)

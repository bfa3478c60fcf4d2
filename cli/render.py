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
    style = "bold white on red" if left <= 5 else "bold black on yellow" if left <= 15 else "bold green"
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
        body.append(evidence_table(w["evidence"]))
    hold = hold_text(decision.get("hold"), decision["actions"]["detain"]["verdict"])
    if hold is not None:
        body.append(hold)
    body.append(actions_table(decision["actions"]))
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
    return Panel(Group(*body), title=title, subtitle=f"pack {policy['pack']} {policy['version']}", box=box.HEAVY)


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
    for title, items in (("What is missing", reading["missing"]), ("Ask dispatch or a supervisor", reading["questions"])):
        if items:
            body.append(Text(title, style="bold"))
            body.extend(t(f"  • {i}") for i in items)
    return Panel(Group(*body), title="warrantwise · warrant reading", box=box.HEAVY)


def batch_tables(outputs, sink, chunk: int = 200) -> int:
    """A table per `chunk` records, so a long run shows progress and memory stays flat."""
    from rich.console import Console

    from rules.vocab import ACTIONS

    console = Console(file=sink, highlight=False)
    failed = 0
    rows: list = []
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
        rows.clear()

    for out in outputs:
        if "error" in out:
            failed += 1
            rows.append([t(out["id"] or f"line {out['line']}"), t(f"ERROR line {out['line']}: {out['error']}", "red")]
                        + [Text("")] * (len(ACTIONS) + 1))
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

"""The policy reference and the quick card's tables, generated from the packs as Markdown.

Every word on a generated page comes from a pack, its translation or a locale file, so the
documentation cannot drift from the rules: scripts/gen_policy_docs.py writes the pages and
tests/test_policy_docs.py fails when a committed page differs from what the packs say now.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Optional

from .errors import PackError
from .interview import QUESTIONS
from .packs import PACK_DIR, Case, Pack, Rule, builtin_pack_ids, load_builtin
from .translations import SOURCE_LANG, Source, problems, source_text, sources, text_of, vocabulary
from .vocab import ACTIONS, VERDICTS

LANGS = ("en", "es")
COMMAND = "python3 scripts/gen_policy_docs.py"
BANNER = f"<!-- Generated from the policy packs: do not edit. After changing a pack or its translation, run `{COMMAND}`. -->"
ROOT = PACK_DIR.parent.parent
# The locale section that words each value of a fact a case may test.
FACT_WORDS = {
    "warrant_kind": "warrant_kinds",
    "warrant_class": "warrant_classes",
    "custody": "custody",
    "role": "roles",
    "offenses_any": "offenses",
    "offenses_none": "offenses",
}
# The locale section that words each wizard question's choices.
QUESTION_CHOICES = {"role": "roles", "custody": "custody", "process": "process", "warrant": "warrant_kinds",
                    "suspected_offenses": "offenses"}
CARDS = {"en": "quick-card.md", "es": "es/quick-card.md"}  # by language, under docs/


def docs_pages(read: Callable[[str], str]) -> dict[str, str]:
    """Every generated page by its path under docs/: the policy reference, and the quick cards
    with their tables refreshed (`read` gives a card's current text: its prose is hand-written)."""
    return policy_pages() | {path: refresh_card(read(path), lang) for lang, path in CARDS.items()}


def policy_pages() -> dict[str, str]:
    """Every generated policy page, by its path under docs/: one per built-in pack and language, and an index."""
    packs = [load_builtin(pack_id) for pack_id in builtin_pack_ids()]
    out = {}
    for lang in LANGS:
        folder = "policy" if lang == SOURCE_LANG else f"policy/{lang}"
        out |= {f"{folder}/{pack.id}.md": policy_page(pack, lang) for pack in packs}
        out[f"{folder}/README.md"] = policy_index(packs, lang)
    return out


def policy_page(pack: Pack, lang: str, pack_file: Optional[Path] = None) -> str:
    """One jurisdiction's reference: what prevails, a table of the rules, then every rule in full."""
    gaps = problems(pack, lang, pack_file) if lang != SOURCE_LANG else []
    if gaps:
        raise PackError(pack.id, gaps)
    words, label = vocabulary(lang), vocabulary(lang)["reference"]
    files = sources(pack, pack_file)
    out = [BANNER, f"# {_md(source_text(files[0], 'name', lang))}", "",
           label["other_language"].format(page=f"{pack.id}.md") + " · "
           + label["meta"].format(id=pack.id, version=pack.version, reviewed=pack.reviewed), ""]
    if pack.description:
        out += [_md(source_text(files[0], "description", lang)), ""]
    out += [label["notice"].format(reviewed=pack.reviewed), "", f"## {label['prevails_heading']}", "",
            label["prevails_intro"], ""]
    out += [f"{n}. {words['layers'][layer]} (`{layer}`)" for n, layer in enumerate(pack.prevails, 1)]
    out += ["", label["same_layer"].format(ask=words["verdicts"]["ask-supervisor"])]
    out += [line for r in pack.rules if r.overrides
            for line in ("", label["overrides_line"].format(rule=r.id, others=", ".join(r.overrides)))]
    out += ["", f"## {label['rules_heading']}", "", label["rules_table"], "|---|---|---|---|---|"]
    out += [f"| [{r.id}](#{r.id.lower()}) | {_md(text_of(pack, r.id, 'title', lang, pack_file=pack_file))} "
            f"| {words['layers'][r.layer]} | {_dates(r.effective_from, r.effective_to, label)} "
            f"| {words['confidence'][r.confidence]} |" for source in files for r in source.rules]
    for source in files:
        out += ["", f"## {_md(source_text(source, 'name', lang))}", "", label["defined_in"].format(path=_shown(source))]
        for rule in source.rules:
            out += _rule(pack, rule, lang, pack_file)
    return "\n".join(out) + "\n"


def _rule(pack: Pack, rule: Rule, lang: str, pack_file: Optional[Path]) -> list[str]:
    words, label = vocabulary(lang), vocabulary(lang)["reference"]

    def say(field: str, case: Optional[int] = None):
        return text_of(pack, rule.id, field, lang, case=case, pack_file=pack_file)

    out = ["", f'<a id="{rule.id.lower()}"></a>', "", f"### {rule.id}: {_md(say('title'))}", "", _md(say("text")), "",
           f"- **{label['layer']}:** " + label["layer_line"].format(
               words=words["layers"][rule.layer], layer=rule.layer,
               rank=pack.prevails.index(rule.layer) + 1, count=len(pack.prevails)),
           f"- **{label['in_force']}:** {_dates(rule.effective_from, rule.effective_to, label)}",
           f"- **{label['confidence']}:** {words['confidence'][rule.confidence]}",
           f"- **{label['source']}:** {_md(rule.source)}"]
    if rule.overrides:
        out.append(f"- **{label['overrides']}:** {', '.join(rule.overrides)}")
    if rule.hold:
        out.append(f"- **{label['hold']}:** " + label["hold_line"].format(
            minutes=f"{rule.hold.limit_minutes:g}", when=_conditions(rule.hold.when, lang)))
    if rule.note:
        out.append(f"- **{label['note']}:** {_md(say('note'))}")
    if rule.quote:
        out += ["", f"**{label['quote']}:**", "", f"> {_md(rule.quote)}"]
        if lang != SOURCE_LANG:
            out += ["", f"**{label['summary']}:** {_md(say('summary'))}"]
    if rule.cases:
        out += ["", f"**{label['decides']}:**", ""]
        for n, case in enumerate(rule.cases, 1):
            out += _case(rule, case, n, lang, say)
    return out


def _case(rule: Rule, case: Case, n: int, lang: str, say) -> list[str]:
    words, label = vocabulary(lang), vocabulary(lang)["reference"]
    when = label["when"].format(_conditions(case.when, lang)) if case.when else label["always"]
    out = [f"{n}. {when}"]
    out += [f"   - {words['actions'][a]}: **{words['verdicts'][v]}**" for a, v in case.then.items()]
    if case.reason:
        out.append(f"   - *{label['why']}:* {_md(say('reason', n))}")
    out += [f"   - *{label['next_step']}:* {_md(step)}" for step in say("steps", n) or ()]
    if case.warn:
        out.append(f"   - *{label['warning']}:* {_md(say('warn', n))}")
    if case.effective_from or case.effective_to:
        dates = _dates(case.effective_from or rule.effective_from, case.effective_to or rule.effective_to, label)
        out.append(f"   - *{label['in_force']}:* {dates}")
    return out


def _conditions(when: dict, lang: str) -> str:
    """A case's conditions as words: `custody is detained; dispatch has not confirmed ...`."""
    words = vocabulary(lang)
    parts = []
    for fact, want in when.items():
        if isinstance(want, bool):
            parts.append(words["conditions_yes" if want else "conditions_no"][fact])
        else:
            values = [_in_sentence(words[FACT_WORDS[fact]][v]) for v in want]
            listed = ", ".join(values[:-1]) + words["reference"]["or"] + values[-1] if len(values) > 1 else values[0]
            parts.append(words["conditions"][fact].format(listed))
    return "; ".join(parts)


def _in_sentence(word: str) -> str:
    """A label as it reads inside a sentence: `Detained` -> `detained`; `ICE ...` and `CIVIL` stay."""
    return word if word[:2].isupper() else word[:1].lower() + word[1:]


def _dates(start, end, label) -> str:
    return label["from_to"].format(start=start, end=end) if end else label["from"].format(start=start)


def _shown(source: Source) -> str:
    path = source.path.resolve()
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def policy_index(packs: list[Pack], lang: str) -> str:
    """The index of the policy pages: one row per jurisdiction."""
    label = vocabulary(lang)["reference"]
    out = [BANNER, f"# {label['index_title']}", "", label["other_language"].format(page="README.md"), "",
           label["index_intro"], "", label["index_table"], "|---|---|---|---|---|---|"]
    for pack in packs:
        files = sources(pack)
        layers = ", ".join(_md(source_text(s, "name", lang)) for s in files[1:])
        out.append(f"| [{_md(source_text(files[0], 'name', lang))}]({pack.id}.md) | `{pack.id}` | {pack.version} "
                   f"| {pack.reviewed} | {len(pack.rules)} | {layers} |")
    out += ["", label["index_notice"], "", label["index_regenerate"].format(command=COMMAND)]
    return "\n".join(out) + "\n"


REGION = re.compile(r"(<!-- BEGIN generated:(?P<name>[a-z]+) -->\n).*?(<!-- END generated:(?P=name) -->)", re.S)


def refresh_card(text: str, lang: str) -> str:
    """The quick card with its generated tables (questions, verdicts, actions) brought up to date.

    The card's prose is written by hand; only the regions between its BEGIN/END markers are data."""
    tables = card_tables(lang)
    return REGION.sub(lambda m: m.group(1) + tables[m.group("name")] + m.group(3), text)


def card_tables(lang: str) -> dict[str, str]:
    """The card's tables, by region name, from the locale files and the wizard's questions."""
    words, label = vocabulary(lang), vocabulary(lang)["reference"]
    rows = [label["questions_table"], "|---|---|---|"]
    for n, question in enumerate(QUESTIONS, 1):
        rows.append(f"| {n} | {_md(words['questions'][question.id])} | {_md(_answers(question, words))} |")
    verdicts = [label["verdicts_table"], "|---|---|"]
    verdicts += [f"| **{words['verdicts'][v]}** | {_md(words['verdict_meanings'][v])} |" for v in VERDICTS]
    actions = [label["actions_table"], "|---|---|"] + [f"| {_md(words['actions'][a])} | `{a}` |" for a in ACTIONS]
    return {name: "\n".join(lines) + "\n" for name, lines in
            (("questions", rows), ("verdicts", verdicts), ("actions", actions))}


def _answers(question, words) -> str:
    """What an officer may answer: the choices, the packs, yes or no, or what to type."""
    if question.id == "jurisdiction":
        return ", ".join(builtin_pack_ids())
    if question.kind == "confirm":
        return f"{words['reference']['yes']} · {words['reference']['no']}"
    if question.options:
        section = words[QUESTION_CHOICES[question.id]]
        return " · ".join(section[o.value] for o in question.options)
    return words["hints"][question.id]


def _md(text: str) -> str:
    """Text from a pack as literal Markdown: characters that would format or link are escaped."""
    return re.sub(r"([\\`*\[\]<|])", r"\\\1", text)

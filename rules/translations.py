"""Policy words in other languages, as data beside the packs, and the core's closed words.

A pack's rules are written in English. `i18n/LANG/NAME.toml` under the pack folder translates
one pack or layer file NAME: per rule id its `title`, `text`, `note` and a `summary` of its quote
(the quote itself is never translated: it is the source's own words), and per case, numbered
from 1 as in the pack, its `reason`, `steps` and `warn`. A layer's translation sits beside the
packs' under the layer's name, so one Spanish state layer serves every pack that includes it.

`problems` lists what is missing or stale, so a new rule without its translation fails the
tests by name. `vocabulary` loads `locale/LANG.toml`: the words for the closed vocabularies
(verdicts, actions, kinds, roles...) and the wizard's questions, checked key for key against
the core. Pure: files are read once per process; nothing here touches a terminal or a clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping, Optional

from pydantic import BaseModel, ConfigDict, ValidationError

from .errors import PackError
from .interview import PROCESS, QUESTIONS
from .packs import BOOL_FACTS, ENUM_FACTS, PACK_DIR, Pack, Rule, read_toml, load_layer
from .vocab import ACTIONS, CONFIDENCE, CUSTODY, LAYERS, OFFENSES, ROLES, VERDICTS, WARRANT_CLASSES, WARRANT_KINDS

SOURCE_LANG = "en"  # the packs' own language
LOCALE_DIR = Path(__file__).with_name("locale")
# Each translated rule field, and the pack field it stands for.
RULE_FIELDS = {"title": "title", "text": "text", "summary": "quote", "note": "note"}
CASE_FIELDS = ("reason", "steps", "warn")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CaseWords(_Strict):
    reason: Optional[str] = None
    steps: Optional[tuple[str, ...]] = None
    warn: Optional[str] = None


class RuleWords(_Strict):
    title: str
    text: str
    summary: Optional[str] = None
    note: Optional[str] = None
    cases: dict[int, CaseWords] = {}


class FileWords(_Strict):
    """One pack or layer file's words in one language."""

    name: str
    description: Optional[str] = None
    rules: dict[str, RuleWords] = {}


@dataclass(frozen=True)
class Source:
    """A file a pack is built from (the pack's own, or a layer it includes) and the rules it defines."""

    path: Path
    name: str
    description: str
    rules: tuple[Rule, ...]


def sources(pack: Pack, pack_file: Optional[Path] = None) -> list[Source]:
    """The pack's own file, then each layer file it includes, each with the rules written there."""
    layers = [load_layer(path) for path in pack.layer_files]
    from_layers = {r.id for layer in layers for r in layer.rules}
    own = Source(pack_file or PACK_DIR / f"{pack.id}.toml", pack.name, pack.description,
                 tuple(r for r in pack.rules if r.id not in from_layers))
    return [own] + [Source(path, layer.name, "", tuple(layer.rules)) for path, layer in zip(pack.layer_files, layers)]


def translation_path(source: Path, lang: str) -> Path:
    """Where a pack or layer file's translation lives: `i18n/LANG/` in the pack folder."""
    root = source.parent.parent if source.parent.name == "layers" else source.parent
    return root / "i18n" / lang / source.name


@lru_cache(maxsize=None)
def file_words(source: Path, lang: str) -> Optional[FileWords]:
    """A file's translation into `lang`, validated; None when it has none."""
    path = translation_path(source, lang)
    if not path.is_file():
        return None
    try:
        return FileWords.model_validate(read_toml(path))
    except ValidationError as exc:
        raise PackError(str(path), [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]) from None


def source_text(source: Source, field: str, lang: str) -> Optional[str]:
    """A file's `name` or `description` in `lang`; None when it is not translated."""
    if lang == SOURCE_LANG:
        return getattr(source, field) or None
    words = file_words(source.path, lang)
    return getattr(words, field) if words else None


def text_of(pack: Pack, rule_id: str, field: str, lang: str, case: Optional[int] = None,
            pack_file: Optional[Path] = None):
    """A rule's field (title, text, summary, note) or, given a 1-based case, a case's field
    (reason, steps, warn) in `lang`: a str, a tuple of steps, or None where there is none.

    In English a rule has no summary (its quote is already in English)."""
    if field not in (CASE_FIELDS if case else RULE_FIELDS):
        raise ValueError(f"{field!r} is not a translated {'case' if case else 'rule'} field")
    if lang == SOURCE_LANG:
        rule = pack.rule(rule_id)
        if case:
            value = getattr(rule.cases[case - 1], field)
            return (tuple(value) or None) if field == "steps" else value
        return None if field == "summary" else getattr(rule, field)
    words = _catalog(pack_file or PACK_DIR / f"{pack.id}.toml", pack.layer_files, lang).get(rule_id)
    if words is None:
        return None
    if case:
        found = words.cases.get(case)
        return getattr(found, field) if found else None
    return getattr(words, field)


@lru_cache(maxsize=None)
def _catalog(pack_file: Path, layer_files: tuple, lang: str) -> Mapping[str, RuleWords]:
    out: dict[str, RuleWords] = {}
    for path in (pack_file, *layer_files):
        words = file_words(path, lang)
        out.update(words.rules if words else {})
    return MappingProxyType(out)


def problems(pack: Pack, lang: str, pack_file: Optional[Path] = None) -> list[str]:
    """What the pack's translation into `lang` lacks, and what it has that the pack does not."""
    return [p for source in sources(pack, pack_file) for p in source_problems(source, lang)]


def source_problems(source: Source, lang: str) -> list[str]:
    """The same for one pack or layer file: each problem names the translation file and the rule."""
    where = f"i18n/{lang}/{source.path.name}"
    words = file_words(source.path, lang)
    if words is None:
        return [f"{where}: missing (it translates {source.path.name})"]
    out = []
    if bool(words.description) != bool(source.description):
        out.append(f"{where}: description {'missing' if source.description else 'given, but the file has none'}")
    rules = {r.id: r for r in source.rules}
    out += [f"{where}: rule {i}: not in {source.path.name}" for i in words.rules if i not in rules]
    for rule in source.rules:
        if rule.id not in words.rules:
            out.append(f"{where}: rule {rule.id}: no translation")
        else:
            out += [f"{where}: rule {rule.id}{p}" for p in _rule_problems(rule, words.rules[rule.id])]
    return out


def _rule_problems(rule: Rule, words: RuleWords) -> list[str]:
    out = [_mismatch("", field, getattr(rule, own), getattr(words, field))
           for field, own in RULE_FIELDS.items() if field not in ("title", "text")]
    out += [f" case {n}: the rule has {len(rule.cases)} case(s)" for n in words.cases if not 1 <= n <= len(rule.cases)]
    for n, case in enumerate(rule.cases, 1):
        given = words.cases.get(n, CaseWords())
        out += [_mismatch(f" case {n}", field, getattr(case, field), getattr(given, field)) for field in CASE_FIELDS]
    return [p for p in out if p]


def _mismatch(where: str, field: str, own, given) -> Optional[str]:
    if own and not given:
        return f"{where}: no {field}"
    if given and not own:
        return f"{where}: {field} given, but the pack has none"
    if field == "steps" and own and len(own) != len(given):
        return f"{where}: {len(given)} step(s) given, the pack has {len(own)}"
    return None


# The closed vocabularies a locale file words, section by section, and the keys each must have.
VOCABULARY = {
    "verdicts": VERDICTS,
    "verdict_meanings": VERDICTS,
    "actions": ACTIONS,
    "warrant_kinds": WARRANT_KINDS,
    "warrant_classes": WARRANT_CLASSES,
    "roles": ROLES,
    "custody": CUSTODY,
    "offenses": OFFENSES,
    "layers": LAYERS,
    "confidence": CONFIDENCE,
    "conditions": tuple(ENUM_FACTS),
    "conditions_yes": BOOL_FACTS,
    "conditions_no": BOOL_FACTS,
    "process": tuple(o.value for o in PROCESS),
    "questions": tuple(q.id for q in QUESTIONS),
    "hints": tuple(q.id for q in QUESTIONS if q.hint),
}


@lru_cache(maxsize=None)
def vocabulary(lang: str) -> Mapping[str, Mapping[str, str]]:
    """`locale/LANG.toml`, section by section. Every section has exactly the keys of the core's
    vocabulary (see VOCABULARY) or, for the other sections, of the English file."""
    path = LOCALE_DIR / f"{lang}.toml"
    data = read_toml(path)
    wanted = {**{s: tuple(v) for s, v in read_toml(LOCALE_DIR / f"{SOURCE_LANG}.toml").items()}, **VOCABULARY}
    bad = [f"[{s}] is not a section of {SOURCE_LANG}.toml" for s in data if s not in wanted]
    for section, keys in wanted.items():
        got = data.get(section, {})
        bad += [f"[{section}] {k}: missing" for k in keys if not isinstance(got.get(k), str) or not got[k].strip()]
        bad += [f"[{section}] {k}: not a word of the core" for k in got if k not in keys]
    if bad:
        raise PackError(str(path), bad)
    return MappingProxyType({s: MappingProxyType(dict(v)) for s, v in data.items()})

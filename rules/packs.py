"""Policy packs: TOML data files, validated on load, one per jurisdiction.

A pack names its layers' precedence, its review date, and its rules. A rule carries its
source, the quoted words where known, its layer and effective dates, and one or more cases:
conditions on the encounter's facts and the verdict each action gets when they hold.

A pack may include shared layer files (for example a state's law) by name: `NAME` is looked
up in the `layers/` folder beside the pack file, then among the built-in layers, so one state
layer serves every department's pack in that state. Layers may include layers; a missing or
cyclic include is an error naming the chain. A pack's tests live beside it in
`ID.tests.toml` (see pack_tests.py), which is why such files are never taken for packs.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator, model_validator

from .errors import PackError, describe_validation_error, validation_problems
from .vocab import ACTIONS, CONFIDENCE, CUSTODY, LAYERS, OFFENSES, ROLES, VERDICTS, WARRANT_CLASSES, WARRANT_KINDS

from .pack_index import LAYER_DIR, PACK_DIR, TESTS_SUFFIX, pack_files_in  # noqa: F401 - re-exported

# The facts a case may test, and the values each may take.
ENUM_FACTS = {
    "warrant_kind": WARRANT_KINDS,
    "warrant_class": WARRANT_CLASSES,
    "custody": CUSTODY,
    "role": ROLES,
    "offenses_any": OFFENSES,
    "offenses_none": OFFENSES,
}
BOOL_FACTS = ("dispatch_confirmed", "criminal_confirmed", "hold_expired", "has_offense")
HOLD_FACTS = frozenset(ENUM_FACTS) | (frozenset(BOOL_FACTS) - {"hold_expired"})
LAYER_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Case(_Strict):
    """When every condition in `when` holds, each action in `then` gets its verdict."""

    when: dict[str, Union[bool, list[str], str]] = Field(default_factory=dict)
    then: dict[Literal[ACTIONS], Literal[VERDICTS]] = Field(default_factory=dict)  # type: ignore[valid-type]
    reason: Optional[str] = None
    steps: list[str] = Field(default_factory=list)
    warn: Optional[str] = None
    effective_from: Optional[dt.date] = None
    effective_to: Optional[dt.date] = None

    @field_validator("when")
    @classmethod
    def _known_facts(cls, when: dict) -> dict:
        return check_conditions(when, ENUM_FACTS.keys() | set(BOOL_FACTS))


class HoldLimit(_Strict):
    """How long a person may be held while the warrant's basis is checked."""

    limit_minutes: float = Field(gt=0, le=24 * 60)
    when: dict[str, Union[bool, list[str], str]] = Field(default_factory=dict)

    @field_validator("when")
    @classmethod
    def _known_facts(cls, when: dict) -> dict:
        return check_conditions(when, HOLD_FACTS)


class Rule(_Strict):
    id: str = Field(pattern=r"^[A-Z][A-Za-z0-9]*(-[A-Za-z0-9]+)*$")
    title: str
    text: str
    quote: Optional[str] = None
    source: str
    cites: str = Field(min_length=1, description="where policy-sources.md records it")
    layer: Literal[LAYERS]  # type: ignore[valid-type]
    effective_from: dt.date
    effective_to: Optional[dt.date] = None
    confidence: Literal[CONFIDENCE]  # type: ignore[valid-type]
    note: Optional[str] = None
    overrides: list[str] = Field(default_factory=list)
    cases: list[Case] = Field(default_factory=list)
    hold: Optional[HoldLimit] = None

    @field_validator("source")
    @classmethod
    def _has_source(cls, source: str) -> str:
        if not source.strip():
            raise ValueError("a rule must name its source: where its words come from")
        return source

    @field_validator("effective_to")
    @classmethod
    def _ends_after_start(cls, end, info):
        # A field check, not a model one, so it is reported even when other fields of the rule are wrong.
        start = info.data.get("effective_from")
        if end and start and end < start:
            raise ValueError(f"{end} is before effective_from {start}")
        return end

    @model_validator(mode="after")
    def _dates(self):
        for i, case in enumerate(self.cases):
            start = case.effective_from or self.effective_from
            end = case.effective_to or self.effective_to
            if start < self.effective_from or (self.effective_to and end and end > self.effective_to):
                raise ValueError(f"case {i + 1}: its dates must lie inside the rule's")
            if end and end < start:
                raise ValueError(f"case {i + 1}: effective_to is before effective_from")
        if not self.cases and self.hold is None:
            raise ValueError("a rule needs at least one case or a hold limit")
        return self

    def in_force(self, on: dt.date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    def cases_in_force(self, on: dt.date) -> list[int]:
        """The indexes of the cases in force on a date (a case may narrow its rule's dates)."""
        return [i for i, c in enumerate(self.cases)
                if (c.effective_from or self.effective_from) <= on <= (c.effective_to or self.effective_to or dt.date.max)]


class LayerFile(_Strict):
    """A shareable file of rules, e.g. one state's law, included by several packs."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    reviewed: dt.date
    include: list[str] = Field(default_factory=list)
    rules: list[Rule]


class Pack(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    version: str
    reviewed: dt.date
    prevails: list[Literal[LAYERS]]  # type: ignore[valid-type]
    description: str = ""
    include: list[str] = Field(default_factory=list)
    replaces_builtin: bool = Field(default=False, description="a file pack that knowingly takes a built-in pack's id")
    rules: list[Rule]
    _versions: dict = PrivateAttr(default_factory=dict)  # the engine's per-date view, cached
    _layer_files: tuple = PrivateAttr(default=())  # the layer files pulled in, in include order

    @model_validator(mode="after")
    def _consistent(self):
        problems = pack_problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def rule(self, rule_id: str) -> Rule:
        return next(r for r in self.rules if r.id == rule_id)

    @property
    def layer_files(self) -> tuple[Path, ...]:
        """Every layer file this pack includes, directly or through another layer."""
        return self._layer_files


def check_conditions(when: dict, allowed: set | frozenset) -> dict:
    """Validate a `when` table and normalise single values to lists."""
    out: dict = {}
    for key, value in when.items():
        if key not in allowed:
            raise ValueError(f"unknown condition {key!r}; known: {', '.join(sorted(allowed))}")
        if key in BOOL_FACTS:
            if not isinstance(value, bool):
                raise ValueError(f"condition {key!r} takes true or false")
            out[key] = value
            continue
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not values:
            raise ValueError(f"condition {key!r} takes a list of values")
        bad = [v for v in values if v not in ENUM_FACTS[key]]
        if bad:
            raise ValueError(f"condition {key!r}: unknown value(s) {', '.join(map(repr, bad))}; allowed: {', '.join(ENUM_FACTS[key])}")
        out[key] = values
    return out


def pack_problems(pack: Pack) -> list[str]:
    """Problems a single rule cannot see: ids, layers, overrides, undecided same-layer clashes."""
    problems: list[str] = []
    seen: set[str] = set()
    for rule in pack.rules:
        if rule.id in seen:
            problems.append(f"rule {rule.id}: duplicate rule id")
        seen.add(rule.id)
        if rule.layer not in pack.prevails:
            problems.append(f"rule {rule.id}: layer {rule.layer!r} is not in the pack's `prevails` order")
        for other in rule.overrides:
            if other not in {r.id for r in pack.rules}:
                problems.append(f"rule {rule.id}: overrides unknown rule {other!r}")
    if len(set(pack.prevails)) != len(pack.prevails):
        problems.append("prevails: a layer is listed twice")
    problems.extend(_clashes(pack))
    return problems


def _clashes(pack: Pack) -> list[str]:
    """Two same-layer cases with the same conditions giving different verdicts, no priority stated."""
    problems = []
    cases = [(r, i, c) for r in pack.rules for i, c in enumerate(r.cases)]
    for a in range(len(cases)):
        ra, ia, ca = cases[a]
        for b in range(a + 1, len(cases)):
            rb, ib, cb = cases[b]
            if ra.id == rb.id or ra.layer != rb.layer or ca.when != cb.when:
                continue
            if rb.id in ra.overrides or ra.id in rb.overrides or not _dates_overlap(ra, ca, rb, cb):
                continue
            for action in ca.then.keys() & cb.then.keys():
                if ca.then[action] != cb.then[action]:
                    problems.append(
                        f"rules {ra.id} (case {ia + 1}) and {rb.id} (case {ib + 1}) decide {action} differently "
                        f"({ca.then[action]} vs {cb.then[action]}) on the same facts with no stated priority"
                    )
    return problems


def _dates_overlap(ra: Rule, ca: Case, rb: Rule, cb: Case) -> bool:
    a0, a1 = ca.effective_from or ra.effective_from, ca.effective_to or ra.effective_to or dt.date.max
    b0, b1 = cb.effective_from or rb.effective_from, cb.effective_to or rb.effective_to or dt.date.max
    return a0 <= b1 and b0 <= a1


UNKNOWN_FIELD = "is not a field a pack has here (a typo?)"


def pack_file_problems(path: Path) -> list[str]:
    """Every problem of a pack file, each with its place: `FILE: rule ID, case N, FIELD: what is wrong`.

    Loading a pack stops at the first rule that fails its own checks. This checks each rule
    alone, then the pack's own fields and its layers, then what only the whole pack shows.
    """
    where = str(path)
    try:
        data = read_toml(path)
    except PackError as exc:
        return [f"{where}: {p}" for p in exc.problems]
    raw_rules = data.get("rules", [])
    if not isinstance(raw_rules, list):
        return [f"{where}: rules: must be a list of [[rules]] tables"]
    problems, rules = [], []
    for i, raw in enumerate(raw_rules):
        name = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else f"#{i + 1}"
        try:
            rules.append(Rule.model_validate(raw))
        except ValidationError as exc:
            problems += [f"{where}: rule {name}{_place(loc)}: {why}" for loc, why in validation_problems(exc, UNKNOWN_FIELD)]
    try:
        layers = _included(data.get("include", []), path.parent, chain=(where,), seen={})
        head = Pack.model_validate({**data, "include": [], "rules": []})
    except PackError as exc:
        return problems + [f"{exc.source}: {p}" for p in exc.problems]
    except ValidationError as exc:
        return problems + [f"{where}: {'.'.join(map(str, loc)) or 'pack'}: {why}" for loc, why in validation_problems(exc, UNKNOWN_FIELD)]
    whole = head.model_copy(update={"rules": rules + [r for layer in layers.values() for r in layer.rules]})
    return problems + [f"{where}: {p}" for p in pack_problems(whole)]


def _place(loc: tuple) -> str:
    """', case 2, then.bogus' from the location of an error inside a rule (cases counted from 1)."""
    parts, rest = [], list(loc)
    if len(rest) >= 2 and rest[0] == "cases" and isinstance(rest[1], int):
        parts.append(f"case {rest[1] + 1}")
        rest = rest[2:]
    field = ".".join(str(p) for p in rest if p != "[key]")
    return "".join(f", {p}" for p in parts + ([field] if field else []))


def parse_pack(data: dict, source: str, base: Path = PACK_DIR) -> Pack:
    """Build a validated pack from TOML data; its includes resolve from `base`, the pack's folder."""
    data = dict(data)
    layers = _included(data.get("include", []), base, chain=(source,), seen={})
    data["rules"] = list(data.get("rules", [])) + [r.model_dump() for layer in layers.values() for r in layer.rules]
    try:
        pack = Pack.model_validate(data)
    except ValidationError as exc:
        raise PackError(source, describe_validation_error(exc, UNKNOWN_FIELD).split("; ")) from None
    pack._layer_files = tuple(layers)
    return pack


def _included(names, base: Path, chain: tuple, seen: dict) -> dict[Path, LayerFile]:
    """The layer files behind `names`, depth first, each once; `chain` is the include path so far."""
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise PackError(chain[-1], ["include: must be a list of layer names"])
    for name in names:
        path = find_layer(name, base, chain[-1])
        if str(path) in chain:
            cycle = " -> ".join(Path(c).stem for c in chain[chain.index(str(path)):] + (str(path),))
            raise PackError(chain[0], [f"include cycle: {cycle}"])
        if path in seen:
            continue
        layer = load_layer(path)
        _included(layer.include, base, chain + (str(path),), seen)
        seen[path] = layer
    return seen


def find_layer(name: str, base: Path, source: str) -> Path:
    """`layers/NAME.toml` beside the pack, else the built-in layer NAME."""
    if not LAYER_NAME.fullmatch(name):
        raise PackError(source, [f"include {name!r}: a layer is named by its file name without .toml, e.g. 'maryland-state'"])
    for folder in dict.fromkeys((base / "layers", LAYER_DIR)):
        path = folder / f"{name}.toml"
        if path.is_file():
            return path.resolve()
    raise PackError(source, [
        (f"include {name!r}: no file {base / 'layers' / (name + '.toml')} and no built-in layer of that name "
        f"(built-in: {', '.join(builtin_layer_names())})")
    ])


def builtin_layer_names() -> list[str]:
    return sorted(p.stem for p in LAYER_DIR.glob("*.toml"))


def load_layer(path: Path) -> LayerFile:
    data = read_toml(path)
    try:
        layer = LayerFile.model_validate(data)
    except ValidationError as exc:
        raise PackError(str(path), describe_validation_error(exc, UNKNOWN_FIELD).split("; ")) from None
    if layer.id != path.stem:
        raise PackError(str(path), [f"id {layer.id!r} must match the file name ({path.stem!r}), the name packs include it by"])
    return layer


def load_pack_file(path: Path) -> Pack:
    return parse_pack(read_toml(path), str(path), base=path.parent)


def read_toml(path: Path) -> dict:
    """A TOML file's data; any reason it cannot be had is a PackError naming the file."""
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise PackError(str(path), ["file not found"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise PackError(str(path), [f"not valid TOML: {exc}"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(str(path), [f"cannot be read: {exc}"]) from None


def builtin_pack_ids() -> list[str]:
    return [p.stem for p in pack_files_in(PACK_DIR)]


@lru_cache(maxsize=None)
def load_builtin(pack_id: str) -> Pack:
    """A built-in pack by id, loaded and validated once per process."""
    known = builtin_pack_ids()
    if pack_id not in known:
        raise PackError(pack_id, [f"no such pack; known packs: {', '.join(known)}"])
    return load_pack_file(PACK_DIR / f"{pack_id}.toml")

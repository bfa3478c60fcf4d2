"""Reads NCIC hit text and says what kind of process it is, with the words that decided it.

One linear pass: the text is lower-cased character for character (so offsets stay those of
the original), one regex finds the words that can start a field or a marker, and each such
word tries that marker's anchored pattern. Patterns use possessive quantifiers and bounded
windows, so no input makes the reader backtrack; a window is not even scanned where the word
it needs is out of reach (tests/test_ncic_linear.py). Overlaps are settled by marker priority
(traps first).

Fail safe, in this order: civil words inside an ICE form outweigh the criminal words the form
names; civil and criminal process together read `unknown`; weak hints alone read `unknown`.
A false "criminal" is the worst error this program can make.

`lang` words the reading (meanings, summary, found, missing, questions); the classification,
offsets and evidence texts never depend on it. Marker meanings are English data; their other
languages sit in `locale/ncic/LANG.toml`, keyed by the English.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cache, lru_cache
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Iterable, Iterator

from .i18n import DEFAULT_LANG, tr
from .ncic_codes import FIELD_CODES, OFFENSE_CODES
from .ncic_markers import ANCHORS, MARKERS, regex_of
from .vocab import CLASS_OF_KIND

# ASCII upper -> lower and odd dashes/spaces/quotes -> plain ones: one character for one, so a
# match in the folded text has the same offsets in the original. Curly quotes fold to straight
# ones so the markers' separator (ncic_markers.SP) need not list them: a class holding
# characters past U+00FF took four times as long to compile (docs/performance.md, session 9).
_FOLD = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}
_FOLD.update({ord(c): ord("-") for c in "\u2010\u2011\u2012\u2013\u2014\u2212"})
_FOLD.update({ord(c): ord(" ") for c in "\u00a0\u2007\u202f\t\r\f\v"})
_FOLD.update({ord(c): ord("'") for c in "\u2018\u2019"})
_FOLD.update({ord(c): ord('"') for c in "\u201c\u201d"})
_ASCII_FOLD = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ\t\r\f\v", b"abcdefghijklmnopqrstuvwxyz    ")
_OFF_VALUE = re.compile(r"[\s:#]*+(\d{4})(?![0-9])")
_OFF_WORD = re.compile(r"off(?:ense|ence)?(?:[\s\-]*+code)?[\s:#/]*+(\d{4})(?![0-9])")


@dataclass
class Reading:
    """What the reader found: the kind of process, the evidence and what to ask next."""

    kind: str
    evidence: list[dict] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    summary: str = ""
    questions: list[str] = field(default_factory=list)
    found: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def warrant_class(self) -> str:
        return CLASS_OF_KIND[self.kind]

    @property
    def deciding(self) -> list[dict]:
        """The evidence that decided the kind (strong, not explained away)."""
        return [e for e in self.evidence if e.get("decides")]


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    points: str
    strength: int
    means: str
    kind: str | None
    tags: frozenset
    priority: int
    code: str | None = None  # an offence code's hit: its code


MEANINGS_DIR = Path(__file__).with_name("locale") / "ncic"


@cache
def meanings(lang: str) -> dict[str, str]:
    """The marker and offence-code meanings in `lang`, keyed by their English (tests check both ways)."""
    with open(MEANINGS_DIR / f"{lang}.toml", "rb") as fh:
        return tomllib.load(fh)["means"]


def read_ncic(text: str, lang: str = DEFAULT_LANG) -> Reading:
    """Classify NCIC hit text. Never raises on any string."""
    if not text or not text.strip():
        return Reading(kind="unknown", summary=tr(lang, "ncic.no_text"), questions=_ask_unknown(lang))
    low = _fold(text)
    starts, fields, people = _records(text)
    read = _collapsed(low, people) if people else low
    if people:
        shifts = Shifts.of(people)
        starts = [(shifts.moved(start), shifts.moved(value_start), code) for start, value_start, code in starts]
    hits = _settle_overlaps(_scan(read, starts), len(read))
    if people:
        for h in hits:
            h.start, h.end = shifts.origin(h.start), shifts.origin(h.end)
    form_context = any("form" in h.tags and h.points == "civil" for h in hits)
    if form_context:
        for h in hits:
            if h.points == "criminal" and h.tags & {"offence", "statute"}:
                h.points, h.strength = "neutral", 0
                h.tags |= {"in_form"}
    kind, why = _decide(hits, lang)
    deciding = _DECIDING_POINTS.get(kind, ())
    evidence = [
        {
            "text": text[h.start:h.end],
            "start": h.start,
            "end": h.end,
            "means": _means(h, lang),
            "points": h.points,
            "decides": h.strength == 2 and h.points in deciding,
        }
        for h in sorted(hits, key=attrgetter("start"))
    ]
    reading = Reading(kind=kind, evidence=evidence, fields=fields, summary=why)
    _advise(reading, hits, lang)
    return reading


def _means(h: _Hit, lang: str) -> str:
    """What a hit's words mean, in `lang`."""
    if h.code is not None:
        desc = OFFENSE_CODES.get(h.code)
        if desc is None:
            return tr(lang, "ncic.code_unknown", code=h.code)
        means = tr(lang, "ncic.code", code=h.code, means=_meaning(desc[2], lang))
    else:
        means = _meaning(h.means, lang)
    return means + tr(lang, "ncic.in_form") if "in_form" in h.tags else means


def _meaning(english: str, lang: str) -> str:
    return english if lang == DEFAULT_LANG else meanings(lang).get(english, english)


def _fold(text: str) -> str:
    """The text folded by _FOLD; ASCII text (nearly all of it) takes the bytes fast lane."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_FOLD).decode("ascii")
    return text.translate(_FOLD)


@cache
def _starts() -> re.Pattern:
    """The words worth a look, found in one regex pass: field codes, 'off...' words and the
    first words of markers. A word is a maximal run of [a-z0-9]; the rest are skipped in C."""
    words = sorted(set(ANCHORS) | set(FIELD_CODES))
    return re.compile(r"(?<![a-z0-9])(?:off[a-z0-9]*+|" + _trie(words) + r")(?![a-z0-9])")


def _trie(words: list[str]) -> str:
    """An alternation of `words` factored by common prefix, so the regex tries a few branches
    per position instead of hundreds."""
    branches: dict[str, list[str]] = {}
    for word in words:
        if word:
            branches.setdefault(word[0], []).append(word[1:])
    ends = "" in words
    alts = [re.escape(head) + _trie(tails) for head, tails in branches.items()]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 and not ends else "(?:" + "|".join(alts) + ")"
    return body + "?" if ends else body


_TRIES: dict[str, list] = {}


def _tries(token: str) -> list:
    """The markers a word can start, with their patterns compiled (once, on first sight of the word)."""
    tries = _TRIES[token] = []
    for priority, marker in ANCHORS.get(token, ()):
        regex = regex_of(priority)
        tries.append((priority, marker, regex, "span" in regex.groupindex))
    return tries


def _scan(low: str, field_starts: list[tuple[int, int, str]]) -> list[_Hit]:
    hits: list[_Hit] = []
    nears: dict = {}  # where each marker's needed words start in this text, found when first asked
    n = len(low)
    for word in _starts().finditer(low):
        token, pos = word.group(), word.start()
        end = word.end()
        if token in FIELD_CODES and end < n and low[end] == "/":
            continue  # a field code (see _field_starts), not a marker word
        if token.startswith("off"):
            code = _OFF_WORD.match(low, pos)
            if code:
                hits.append(_offence_code_hit(pos, code.end(), code.group(1)))
                continue
        tries = _TRIES.get(token)
        for priority, marker, regex, has_span in _tries(token) if tries is None else tries:
            if marker.near and token not in marker.near[2] and not _near(low, end, marker.near, nears):
                continue
            found = regex.match(low, pos)
            if found and found.end() > pos:
                # A marker may name the part of its match that is the evidence (group "span").
                start, stop = found.span("span") if has_span else found.span()
                hits.append(
                    _Hit(start, stop, marker.points, marker.strength, marker.means, marker.kind, marker.tags, priority)
                )
    for code_start, value_start, code in field_starts:
        if code == "OFF":
            value = _OFF_VALUE.match(low, value_start)
            if value:
                hits.append(_offence_code_hit(code_start, value.end(), value.group(1)))
        elif code == "EXL":
            hits.append(_Hit(code_start, value_start, "criminal", 2, EXL_MEANS, None, frozenset({"process"}), -1))
    return hits


def _near(low: str, lead_end: int, near: tuple, nears: dict) -> bool:
    """Whether a needed word of a lead-in-then-word marker starts within reach of `lead_end`.
    Without this, a page of "not not not ..." makes every "not" scan its window (linear, but
    slow); with it, the window is scanned only where a match is possible."""
    starts = nears.get(near)
    if starts is None:
        starts = nears[near] = [found.start() for found in _compiled(near[0]).finditer(low)]
    i = bisect_left(starts, lead_end)
    return i < len(starts) and starts[i] <= lead_end + near[1]


_compiled = cache(re.compile)


def _records(text: str) -> tuple[list[tuple[int, int, str]], dict[str, str], list[tuple[int, int]]]:
    """The FIELD/VALUE records of a hit: where each starts ((code start, value start, CODE)),
    the values as typed (a field given twice keeps both, joined by '; '), and where the person
    values are that hold no word a marker could use (see PERSON_FIELDS).

    A field code is a whole word (any case) right before a "/", so the pieces between slashes
    (one split, no regex tried at every character) show where fields start: a code is the end
    of the piece before its slash. A value runs to the next field or the end of its line."""
    starts = _field_starts(text.split("/"))
    return (starts, *_fields(text, starts))


def _field_starts(pieces: list[str]) -> list[tuple[int, int, str]]:
    """(code start, value start, CODE) of each FIELD/, from the pieces between slashes."""
    found = []
    slash = -1
    for piece in pieces[:-1]:  # each piece stands right before a slash
        slash += len(piece) + 1
        code = _CODE3.get(piece[-3:])
        if code is not None and piece[-4:-3] not in _WORD:  # nothing, or a non-word, before the code
            found.append((slash - 3, slash + 1, code))
        else:
            code = _CODE4.get(piece[-4:])
            if code is not None and piece[-5:-4] not in _WORD:
                found.append((slash - 4, slash + 1, code))
    return found


def _spellings(code: str) -> set[str]:
    """A field code in every mix of cases (codes are ASCII letters)."""
    spelled = {""}
    for letter in code:
        spelled = {head + c for head in spelled for c in (letter.lower(), letter.upper())}
    return spelled


_CODE3 = {spelled: code.upper() for code in FIELD_CODES if len(code) == 3 for spelled in _spellings(code)}
_CODE4 = {spelled: code.upper() for code in FIELD_CODES if len(code) == 4 for spelled in _spellings(code)}
_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")  # [a-z0-9] in the folded text


# Fields that describe the person, not the process. A value of one of them that holds no word
# a marker could use is read as one letter, "x": the reading cannot turn on a name, nor on its
# length (a window of so many characters reaches as far whatever the name), and hits that
# differ only in the person read alike, so a batch reads each form once (rules/decider.py). A
# value that does hold such a word (a name like "Judge", a sentence typed into NAM/) is read
# as it stands. Offsets in the reading are always the text's own.
PERSON_FIELDS = frozenset("NAM SEX RAC POB DOB HGT WGT EYE HAI FBI SID SOC OLN MNU SMT OCA NIC ARN".split())
_VALUE_EDGE = " .;,\t\r"
_PERSON_EDGE = _VALUE_EDGE + "\f\v\u00a0\u2007\u202f"  # what is an edge once folded (_FOLD makes these spaces)


def _lines(text: str, starts: list[tuple[int, int, str]]) -> Iterator[tuple[str, int, str]]:
    """(CODE, value start, the value's line: to the next field or the end of its line) of each field."""
    stops = [start for start, _, _ in starts[1:]]
    stops.append(len(text))
    for (_, value_start, code), stop in zip(starts, stops):
        newline = text.find("\n", value_start, stop)
        yield code, value_start, text[value_start:stop if newline == -1 else newline]


def _fields(text: str, starts: list[tuple[int, int, str]]) -> tuple[dict[str, str], list[tuple[int, int]]]:
    """The values and person values of _records, field by field."""
    values: dict[str, str] = {}
    repeated: dict[str, list[str]] = {}  # joined once at the end: joining as we go is quadratic
    people: list[tuple[int, int]] = []
    for code, value_start, line in _lines(text, starts):
        value = line.strip(_VALUE_EDGE)
        if not value:
            continue
        if code in values:
            repeated.setdefault(code, [values[code]]).append(value)
        else:
            values[code] = value
        if code in PERSON_FIELDS:
            _person(line, value_start, people)
    for code, parts in repeated.items():
        values[code] = "; ".join(parts)
    return values, people


def _person(line: str, value_start: int, people: list) -> None:
    """Adds where a person value stands (its edges trimmed as folded text's are) if it is inert.
    A value that ends in a sign ("DOE-") is read as it stands: a field code may follow it with
    no space ("NAM/DOE-OFF/8004"), and an "x" in its place would join the code into one word,
    so the collapsed text would lose that field."""
    core = line.strip(_PERSON_EDGE)
    if core and core[-1] in _WORD and _inert(core):
        start = value_start + len(line) - len(line.lstrip(_PERSON_EDGE))
        people.append((start, start + len(core)))


def _inert(value: str) -> bool:
    """Whether a value holds no word that starts a marker or that a marker's lead-in needs. A
    value of ASCII digits alone (a date of birth, a height) is one word: a number marker or not."""
    if value.isdigit() and value.isascii():
        return value not in _NUMBER_WORDS
    return _inert_words(value)


@lru_cache(maxsize=4096)  # names repeat from hit to hit
def _inert_words(value: str) -> bool:
    return not _marker_word().search(_fold(value))


_NUMBER_WORDS = frozenset(word for word in {*ANCHORS, *FIELD_CODES} if word.isdigit())  # marker words all digits (statute titles)


@cache
def _marker_word() -> re.Pattern:
    needed = {marker.near[0] for marker in MARKERS if marker.near}
    return re.compile("|".join([_starts().pattern, *sorted(needed)]))


def _collapsed(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each span read as "x" (see PERSON_FIELDS)."""
    parts, last = [], 0
    for start, stop in spans:
        parts += (text[last:start], "x")
        last = stop
    parts.append(text[last:])
    return "".join(parts)


class Shifts:
    """Offsets between a text and its collapsed form (see PERSON_FIELDS), from where each "x"
    stands in the form and the length of the value it stands for."""

    def __init__(self, at: list[int], lengths: Iterable[int]):
        self.at, self.ends, self.by, moved = at, [], [], 0  # where each value ended in the text, how far what follows moved
        for stands, length in zip(at, lengths):
            self.ends.append(stands + moved + length)
            moved += length - 1
            self.by.append(moved)

    @classmethod
    def of(cls, spans: list[tuple[int, int]]) -> Shifts:
        """The shifts of collapsing `spans` of a text."""
        at, moved = [], 0
        for start, stop in spans:
            at.append(start - moved)
            moved += stop - start - 1
        return cls(at, [stop - start for start, stop in spans])

    def moved(self, offset: int) -> int:
        """Where an offset of the text (not inside a collapsed value) stands in the collapsed form."""
        i = bisect_right(self.ends, offset)  # the values that end at or before `offset`
        return offset - self.by[i - 1] if i else offset

    def origin(self, offset: int) -> int:
        """Where an offset of the collapsed form stands in the text."""
        i = bisect_left(self.at, offset)  # the "x"s that stand before `offset`
        return offset + self.by[i - 1] if i else offset


def shared_form(text: str) -> tuple[str, list[str]]:
    """The text as it is read, person values collapsed (its reading is the text's, but for
    offsets and evidence around those values), and those values in order. Other fields stand
    in the form as in the text, so they are not read here; where each value starts is the
    plan's to say, worked out once per layout of slashes (see _plan)."""
    pieces = text.split("/")
    plan = layout_plan(pieces)
    if plan is None:  # a layout the plan does not cover: every field read
        people = _records(text)[2]
        return _collapsed(text, people), [text[start:stop] for start, stop in people]
    return by_plan(pieces, plan)


def layout_plan(pieces: list[str]) -> tuple[tuple[int, int], ...] | None:
    """The plan (see _plan) of a hit cut at its slashes into `pieces`."""
    return _plan(tuple(map(_TAIL, pieces[:-1])))


def by_plan(pieces: list[str], plan: tuple[tuple[int, int], ...]) -> tuple[str, list[str]]:
    """shared_form of the hit cut into `pieces` (which it changes), by a plan for its layout.

    Another layout's plan may be given, to try it; its form may be taken only if the same plan,
    as another hit's own, gave that form (rules/decider.py checks). That is enough: where a
    plan is a hit's own, each value it collapses is followed in its piece by edges and a code
    of three after a non-word (or ends the last piece), so the form ends each piece as that
    hit does; this hit gives the same form by the same plan, so it differs only in those
    values and ends its pieces the same way; and pieces that end alike have one plan."""
    values = []
    for k, width in plan:
        piece = pieces[k]
        line = (piece[:-width] if width else piece).partition("\n")[0]
        core = line.strip(_PERSON_EDGE)
        if core and core[-1] in _WORD and _inert(core):  # as _person judges it
            pieces[k] = piece.replace(core, "x", 1)  # only edges stand before the value: it is the first
            values.append(core)
    return "/".join(pieces), values


_TAIL = itemgetter(slice(-4, None))  # a piece's last four characters: enough to see a code of three end it


@lru_cache(maxsize=4096)  # hits of one layout end their pieces alike, whatever the values
def _plan(tails: tuple[str, ...]) -> tuple[tuple[int, int], ...] | None:
    """For a hit whose pieces before each slash end in `tails`: (piece, width of the code that
    ends it, or 0 for the last piece) of each person field's value, where each value lies in
    one piece. None where a value goes on past a slash, or a code of four may end a piece
    (whether a word goes on before it is a fifth character's to say)."""
    piece_after, slash = {}, -1  # the piece that starts right after each slash
    for k, tail in enumerate(tails, 1):
        slash += len(tail) + 1
        piece_after[slash + 1] = k
    codes = [(piece_after[value_start], value_start - 1 - start, code)
             for start, value_start, code in _field_starts([*tails, ""])]
    plan = []
    for i, (k, width, code) in enumerate(codes):
        if width == 4:
            return None
        if code in PERSON_FIELDS:
            if i + 1 < len(codes) and codes[i + 1][0] == k + 1:
                plan.append((k, codes[i + 1][1]))
            elif i + 1 == len(codes) and k == len(tails):
                plan.append((k, 0))
            else:
                return None
    return tuple(plan)


def person_holes(form: str) -> list[int]:
    """Where the "x"s of a shared form stand: its person values that read as inert (see
    PERSON_FIELDS), each of them an "x", as the form was made."""
    return [start for start, _ in _records(form)[2]]


def fields_of(text: str) -> dict[str, str]:
    """The FIELD/VALUE values of a hit, as Reading.fields holds them."""
    return _records(text)[1]


EXL_MEANS = "EXL, the extradition field: only criminal wanted-person records carry it"


def _offence_code_hit(start: int, end: int, code: str) -> _Hit:
    return _Hit(start, end, *_offence_code(code))


@cache
def _offence_code(code: str) -> tuple:
    """What an offence code says, as the fields of a hit after its span (worked out once per code);
    its meaning is worded from the code when the evidence is written (see _means)."""
    desc = OFFENSE_CODES.get(code)
    if desc is None:
        return ("ambiguous", 1, "", None, frozenset({"code"}), -1, code)
    _, points, _ = desc
    tags = {"code", "process"}
    if code == "8003":
        tags.add("confirm")
    return (points, 2 if points != "ambiguous" else 1, "",
            "ice-administrative" if points == "civil" else None, frozenset(tags), -1, code)


def _settle_overlaps(hits: list[_Hit], length: int) -> list[_Hit]:
    """Keep the higher-priority marker where two overlap (field codes first, then list order)."""
    taken = bytearray(length + 1)
    kept: list[_Hit] = []
    for h in sorted(hits, key=lambda h: (h.priority, h.start, -h.end)):
        if taken.find(1, h.start, h.end) != -1:
            continue
        taken[h.start:h.end] = b"\x01" * (h.end - h.start)
        kept.append(h)
    return kept


_DECIDING_POINTS = {
    "criminal": ("criminal", "judicial"),
    "judicial-immigration-order": ("judicial", "civil"),
    "ice-administrative": ("civil",),
    "ice-detainer": ("civil",),
    "civil-other": ("civil",),
}


def _decide(hits: list[_Hit], lang: str) -> tuple[str, str]:
    strong = [h for h in hits if h.strength == 2]
    civil = [h for h in strong if h.points == "civil"]
    criminal = [h for h in strong if h.points == "criminal"]
    judicial = [h for h in strong if h.points == "judicial"]
    if civil and (criminal or judicial):
        immigration = any("immigration" in h.tags for h in civil)
        if judicial and not criminal and immigration and not any("form" in h.tags for h in civil):
            return "judicial-immigration-order", tr(lang, "ncic.judge_immigration")
        return "unknown", tr(lang, "ncic.mixed")
    if civil:
        if any(h.kind == "ice-detainer" for h in civil):
            return "ice-detainer", tr(lang, "ncic.detainer")
        if any(h.kind == "ice-administrative" for h in civil):
            return "ice-administrative", tr(lang, "ncic.administrative")
        return "civil-other", tr(lang, "ncic.civil_other")
    if criminal or judicial:
        if judicial and not criminal and any("immigration" in h.tags for h in hits if h.points in ("civil", "ambiguous")):
            return "judicial-immigration-order", tr(lang, "ncic.judicial_custody")
        return "criminal", tr(lang, "ncic.criminal")
    if any(h.points == "ambiguous" and "watch" in h.tags for h in hits):
        return "unknown", tr(lang, "ncic.watch")
    if hits:
        return "unknown", tr(lang, "ncic.weak")
    return "unknown", tr(lang, "ncic.no_marker")


def _ask_unknown(lang: str) -> list[str]:
    return [tr(lang, "ncic.ask_criminal"), tr(lang, "ncic.ask_civil")]


def _advise(reading: Reading, hits: list[_Hit], lang: str) -> None:
    """Fill in what was found, what is missing and what to ask dispatch or a supervisor."""
    kinds = {h.points for h in hits if h.strength == 2}
    reading.found = [tr(lang, "ncic.found", text=repr(e["text"]), means=e["means"])
                     for e in reading.evidence if e["points"] != "neutral"]
    civil_signs, criminal_signs = tr(lang, "ncic.civil_signs"), tr(lang, "ncic.criminal_signs")
    cls = reading.warrant_class
    if cls == "civil":
        in_form = "criminal" not in kinds and any("in_form" in h.tags for h in hits)
        reading.missing = [tr(lang, "ncic.missing", head=tr(lang, "ncic.head_to_criminal"), signs=criminal_signs,
                              tail=tr(lang, "ncic.only_in_form") if in_form else tr(lang, "ncic.none_found"))]
        reading.questions = [tr(lang, "ncic.ask_separate")]
    elif cls == "criminal":
        reading.missing = [tr(lang, "ncic.missing", head=tr(lang, "ncic.head_to_civil"), signs=civil_signs,
                              tail=tr(lang, "ncic.none_found"))]
        reading.questions = [tr(lang, "ncic.ask_confirm")]
        if any("confirm" in h.tags for h in hits):
            reading.questions.append(tr(lang, "ncic.ask_deported"))
    elif cls == "judicial":
        reading.missing = [tr(lang, "ncic.judicial_missing")]
        reading.questions = [tr(lang, "ncic.ask_judge")]
    else:
        reading.missing = [tr(lang, "ncic.civil_signs_line", signs=civil_signs),
                           tr(lang, "ncic.criminal_signs_line", signs=criminal_signs)]
        reading.questions = _ask_unknown(lang)
        if any("watch" in h.tags for h in hits):
            reading.questions.append(tr(lang, "ncic.ask_watch"))

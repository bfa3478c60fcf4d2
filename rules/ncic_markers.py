"""The words that tell a civil immigration process from a criminal warrant, as data.

Each marker is anchored on its first word so the reader can find it with one linear pass
over the text (see ncic.py). Order is priority: where two markers overlap, the earlier one
keeps the words. Traps come first so that, for example, "arrest warrant" inside "order of
deportation arrest warrant" never counts as criminal. Sources: ../shared/ncic-reference.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .ncic_codes import OFFENSE_CODES

SP = r"[\s\-\"']++"  # spaces, hyphens or quotes (curly ones are folded straight); possessive: no backtracking
OPT = r"[\s\-]*+"  # written " ?" in a pattern: an optional space or hyphen
END = r"(?![a-z0-9])"


@dataclass(frozen=True, slots=True)
class Marker:
    anchors: tuple[str, ...]
    source: str  # compiled on first use (see regex_of) so start-up stays fast
    points: str  # civil | criminal | judicial | ambiguous | neutral
    strength: int  # 2 decides, 1 hints, 0 explains only
    means: str
    kind: str | None = None  # the civil kind a civil marker suggests
    tags: frozenset = frozenset()
    # For a pattern that is a lead-in word, then at most `reach` characters, then a needed word:
    # (regex for where a needed word can start, reach, anchors that begin a longer lead-in).
    # The reader skips the pattern when no needed word starts within reach (see ncic._near).
    near: tuple | None = None


_MARKERS: list[Marker] = []


def _first_words(pattern: str) -> tuple[str, ...]:
    """The words a pattern can start with: a plain word, or a group of plain alternatives."""
    group = re.match(r"\(\?:([a-z0-9| ]+)\)(?![?*])", pattern)
    head = re.match(r"[a-z0-9]+", pattern)
    if group:
        words, rest = [w.split()[0] for w in group.group(1).split("|")], pattern[group.end():]
    elif head:
        words, rest = [head.group()], pattern[head.end():]
    else:
        raise ValueError(f"marker pattern needs a plain first word or explicit anchors: {pattern}")
    if rest.startswith("?"):  # "warrants?": the last letter is optional
        return tuple(w2 for w in words for w2 in (w[:-1], w))
    return tuple(words)


def m(pattern, points, strength, means, kind=None, tags=(), anchors=None, open_end=False, near=None):
    """Add a marker; spaces in `pattern` match any run of spaces or hyphens."""
    source = pattern.replace(" ?-?", "\0").replace(" ?", "\0").replace(" ", SP).replace("\0", OPT)
    source += "" if open_end else END
    _MARKERS.append(
        Marker(
            anchors=tuple(anchors) if anchors else _first_words(pattern),
            source=source,
            points=points,
            strength=strength,
            means=means,
            kind=kind,
            tags=frozenset(tags),
            near=near,
        )
    )


def _code_phrase(description: str) -> str:
    words = [re.escape(w.lower()) for w in description.split() if w != "-"]
    return " ".join(words)


# 1. The printed descriptions of NCIC offence codes, when they are more than one word.
for _code, (_desc, _points, _means) in OFFENSE_CODES.items():
    if " " in _desc:
        m(
            _code_phrase(_desc.rstrip(".")),
            _points,
            2 if _points != "ambiguous" else 1,
            f"NCIC offence code {_code}: {_means}",
            kind="ice-administrative" if _points == "civil" else None,
            tags=("code", "immigration", "confirm" if _code == "8003" else "offence")
            if _code.startswith(("80", "03"))
            else ("code", "offence"),
            open_end=_desc.endswith("SMUGGL"),
        )

# 2. Traps: words that point the wrong way.
_DEPORT_ARREST = (
    "'deportation arrest warrant' is ICE's civil warrant (Santos v. Frederick County, 4th Cir. 2013): "
    "the words 'arrest warrant' do not make it criminal"
)
m("orders? of deportation arrest warrants?", "civil", 2, _DEPORT_ARREST, "ice-administrative", ("immigration",))
m("deportation arrest warrants?", "civil", 2, _DEPORT_ARREST, "ice-administrative", ("immigration",))
m(
    "immigration judges?",
    "civil",
    1,
    "an Immigration Judge is an executive-branch adjudicator, not a court: the word 'judge' does not make this judicial",
    "ice-administrative",
    ("immigration",),
)
m("immigration courts?", "civil", 1, "immigration court is an executive-branch body, not a criminal court", "ice-administrative", ("immigration",))
m(
    r"abscond(?:ed|ing|s)? while on (?:parole|probation)",
    "criminal",
    2,
    "absconding from parole or probation: criminal supervision, not an immigration absconder",
    tags=("offence",),
    anchors=("abscond", "absconded", "absconding", "absconds"),
)
_NEGATORS = ("not", "without", "never", "neither", "nor", "unlike", "rather", "instead")
m(
    r"(?:not|without|never|neither|nor|unlike|rather than|instead of)(?![a-z])[^.;\n]{0,40}?(?<![a-z])"
    r"(?:judges?|judicial(?: officers?)?|courts?|magistrates?)"
    r"(?:,?[\s]++(?:or|and|nor)[\s]++(?:[a-z]++[\s]++)?(?:judges?|judicial(?: officers?)?|courts?|magistrates?))*+",
    "civil",
    1,
    "says no judge or court is involved",
    tags=("negated",),
    anchors=_NEGATORS,
    near=(r"(?<![a-z])(?:judge|judicial|court|magistrate)", 40, ("rather", "instead")),
)
m(
    r"(?:not|unlike|confus[a-z]*+|distinguish[a-z]*+|differ[a-z]*+|versus|vs|rather than|instead of|neither|nor|never)"
    r"(?![a-z])[^.;\n]{0,100}?(?<![a-z])(?P<span>(?:criminal|crimes?|felony)(?![a-z])"
    r"(?:[\s\-]++(?:arrest[\s\-]++)?(?:warrants?|matters?|ones?|charges?))?)",
    "neutral",
    0,
    "mentions a crime only to say this is not one, or to compare",
    tags=("negated",),
    anchors=_NEGATORS + ("confuse", "confused", "confusing", "confuses", "distinguish", "distinguishing",
                         "differ", "differs", "different", "versus", "vs"),
    near=(r"(?<![a-z])(?:crim|felony)", 100, ("rather", "instead")),
)
_WATCH = "a gang or terrorist-watch record is not a warrant: it gives no basis to hold anyone"
m(r"known or (?:appropriately )?(?:suspected )?terrorists?(?: file)?", "ambiguous", 1, _WATCH, tags=("watch",))
m(r"(?:suspected or believed to be )?associated with terroris[a-z]*+(?: or a terrorist organi[sz]ations?)?",
  "ambiguous", 1, _WATCH, tags=("watch",), anchors=("suspected", "associated"))
m(r"terrorist (?:acting alone|subject entr[a-z]*+|watch ?lists?|screening|file|organi[sz]ations?)", "ambiguous", 1, _WATCH, tags=("watch",))
m(r"self ?-?admitted gang membership", "ambiguous", 1, _WATCH, tags=("watch",))
m(r"identified as a gang members?", "ambiguous", 1, _WATCH, tags=("watch",))
m(r"gang[\s\-(]*+(?:file|group|members?|membership|records?)", "ambiguous", 1, _WATCH, tags=("watch",))
m("kst", "ambiguous", 1, _WATCH, tags=("watch",))
m(r"(?:court )?subpoenas?", "civil", 1, "a subpoena is civil process, not a warrant", "civil-other", anchors=("court", "subpoena", "subpoenas"))
m(r"criminal (?:justice agenc(?:y|ies)|history|database|records? database|custody)", "neutral", 0,
  "names the criminal-justice system, not a charge")
m(r"(?:national )?crime information center", "neutral", 0, "NCIC itself carries civil and criminal records",
  anchors=("national", "crime"))
m(r"criminal database", "neutral", 0, "NCIC itself carries civil and criminal records")

# 3. Civil immigration process.
_ADMIN = "an administrative warrant is issued by an immigration officer, not a judge: civil"
m(r"administrative (?:immigration |ice )?warrants? (?:of|for) (?:removal|arrest|deportation)(?: of (?:an )?aliens?)?",
  "civil", 2, _ADMIN, "ice-administrative", ("form", "immigration"))
m(r"administrative (?:immigration |ice )?warrants?", "civil", 2, _ADMIN, "ice-administrative", ("form", "immigration"))
m(r"warrants? (?:of|for) (?:immediate )?(?:removal|deportation)(?:/(?:removal|deportation))?", "civil", 2,
  "a warrant of removal or deportation (Form I-205) is issued by immigration officials, not a court: civil",
  "ice-administrative", ("form", "immigration"))
m(r"warrants? (?:for )?(?:the )?arrest of (?:an )?aliens?", "civil", 2,
  "'Warrant for Arrest of Alien' is Form I-200, signed by an immigration officer: civil",
  "ice-administrative", ("form", "immigration"))
m(r"(?:final )?(?:administrative )?orders? of (?:removal|deportation|exclusion)", "civil", 2,
  "an order of removal is a civil immigration order", "ice-administrative", ("immigration",),
  anchors=("final", "administrative", "order", "orders"))
m(r"(?:final )?(?:administrative )?(?:removal|deportation|exclusion) orders?", "civil", 2,
  "a removal order is a civil immigration order", "ice-administrative", ("immigration",),
  anchors=("final", "administrative", "removal", "deportation", "exclusion"))
m(r"(?:civil )?(?:ice |immigration )?(?:deportation|removal) warrants?", "civil", 2,
  "a deportation warrant is ICE's civil warrant", "ice-administrative", ("form", "immigration"),
  anchors=("civil", "ice", "immigration", "deportation", "removal"))
_DETAINER = "a detainer is a request from ICE to hold someone; it is civil and not signed by a judge"
m(r"(?:ice|immigration) detainers?", "civil", 2, _DETAINER, "ice-detainer", ("form", "immigration", "detainer"))
m(r"(?:civil )?detainers?", "civil", 2, _DETAINER, "ice-detainer", ("immigration", "detainer"),
  anchors=("civil", "detainer", "detainers"))
m("notice of action", "civil", 2, "'Notice of Action' is the title of the ICE detainer, Form I-247/I-247A: civil",
  "ice-detainer", ("form", "immigration", "detainer"))
m(r"request for voluntary (?:action|notification|transfer)", "civil", 2,
  "an ICE detainer request (Form I-247D/N/X, rescinded 2017): civil", "ice-detainer", ("form", "immigration", "detainer"))
_FORMS = {
    "200": ("Form I-200, Warrant for Arrest of Alien: signed by an immigration officer, not a judge", "ice-administrative"),
    "205": ("Form I-205, Warrant of Removal/Deportation: issued by immigration officials, not a court", "ice-administrative"),
    "203": ("Form I-203, an ICE custody form: administrative, not a judge's order", "ice-administrative"),
    "862": ("Form I-862, Notice to Appear: starts civil removal proceedings", "ice-administrative"),
    "247": ("Form I-247 family, an ICE immigration detainer: a civil request, not a warrant", "ice-detainer"),
}
for _num, (_means, _kind) in _FORMS.items():
    _suffix = "[adnx]?" if _num == "247" else ""
    m(rf"i[\s\-]*+{_num}{_suffix}s?", "civil", 2, _means, _kind, ("form", "immigration", "detainer") if _num == "247" else ("form", "immigration"),
      anchors=("i", f"i{_num}") + ((f"i{_num}a", f"i{_num}d", f"i{_num}n", f"i{_num}x") if _num == "247" else ()))
m("removable aliens?", "civil", 2, "'removable alien' is civil removal language (the ICE detainer's wording)", "ice-administrative", ("immigration",))
m(r"(?:unlawfully present|unlawful presence|illegally present|illegal presence)", "civil", 2,
  "being here unlawfully is a civil violation, not a crime (People ex rel. Wells v. DeMarco)", "ice-administrative",
  ("immigration",), anchors=("unlawfully", "unlawful", "illegally", "illegal"))
m(r"civil (?:immigration|ice|deportation|removal)", "civil", 2, "says in words that this is a civil immigration matter",
  "ice-administrative", ("immigration",), open_end=True)
m(r"civil (?:bench warrants?|contempt|process|summons|writs?)", "civil", 2, "civil process, not a criminal warrant", "civil-other")
m(r"civil (?:administrative )?(?:warrants?|matters?|documents?|nature|violations?|hearings?|proceedings?)", "civil", 2,
  "says in words that this is a civil matter", "civil-other")
m(r"(?:removal|deportation) proceedings?", "civil", 2, "removal proceedings are civil", "ice-administrative", ("immigration",))
m("notice to appear", "civil", 2, "a Notice to Appear starts civil removal proceedings", "ice-administrative", ("immigration",))
m(r"(?:signature of |signed by )?(?:an? )?authorized immigration officers?", "civil", 2,
  "signed by an immigration officer, not a judge: administrative", "ice-administrative", ("immigration",),
  anchors=("signature", "signed", "authorized"))
m(r"immigration (?:officers?|officials?|agents?)", "civil", 1, "names an immigration officer, not a judge", "ice-administrative", ("immigration",))
m(r"(?:u\.?\s*+s\.?\s*+)?department of homeland security", "civil", 1,
  "the header names the Department of Homeland Security, an agency, not a court", "ice-administrative",
  ("immigration",), anchors=("u", "us", "department"))
m("dhs", "civil", 1, "the Department of Homeland Security, an agency, not a court", "ice-administrative", ("immigration",))
m(r"immigration violators?(?: file)?", "civil", 1,
  "an Immigration Violator File record: absconders are civil, deported felons criminal; the file alone decides nothing",
  "ice-administrative", ("immigration",))
m(r"immigration fugitives?", "civil", 2, "an 'immigration fugitive' is an absconder from a civil removal order", "ice-administrative", ("immigration",))
m("absconders?", "civil", 2, "an immigration absconder has a civil removal order", "ice-administrative", ("immigration",))
m(r"ice warrants?", "civil", 2, "an 'ICE warrant' is an administrative form issued by ICE officers, not a judge's warrant", "ice-administrative", ("immigration",))
m(r"immigration warrants?", "civil", 1, "an immigration warrant is usually administrative; only a judge's makes it criminal", "ice-administrative", ("immigration",))
m(r"administrative (?:forms?|documents?|process|matters?|arrests?)", "civil", 2, "says in words that this is administrative, not criminal", "ice-administrative", ("immigration",))
m(r"writ of [a-z]++|body attachment|child support|civil contempt", "civil", 1, "civil process", "civil-other", anchors=("writ", "body", "child"))
m(r"8 c\.?\s*+f\.?\s*+r\.?", "civil", 1, "an immigration regulation (8 CFR): administrative procedure", "ice-administrative", ("immigration",), anchors=("8",))
m("deportation", "civil", 1, "deportation is a civil process", "ice-administrative", ("immigration",))
m(r"national security (?:entry[\s\-]*+exit )?registration|nseers", "ambiguous", 1,
  "NSEERS registration violation: sources disagree whether civil or criminal", anchors=("national", "nseers"))

# 4. Criminal process and offences.
_FELON = "deported felon: being found here after removal is a federal crime (8 U.S.C. 1326); confirm a criminal charge exists"
m(r"previously deported felons?", "criminal", 2, _FELON, tags=("confirm", "immigration"))
m(r"deported (?:criminal|felon|aggravated felon)s?", "criminal", 2, _FELON, tags=("confirm", "immigration"))
m(r"(?:illegal )?re ?-?entry (?:after|following) (?:deportation|removal)", "criminal", 2,
  "re-entry after removal is a federal crime (8 U.S.C. 1326)", tags=("confirm", "immigration"), anchors=("illegal", "re", "reentry"))
m(r"illegal re ?-?entry", "criminal", 2, "illegal re-entry is a federal crime (8 U.S.C. 1326)", tags=("confirm", "immigration"))
m("illegal entry", "criminal", 2, "illegal entry is a federal crime (8 U.S.C. 1325)", tags=("offence", "immigration"))
m(r"(?:alien|human) smuggling|smuggling (?:of )?aliens|harbou?ring (?:of )?(?:illegal )?aliens", "criminal", 2,
  "alien smuggling or harboring is a federal crime (8 U.S.C. 1324)", tags=("offence",), anchors=("alien", "human", "smuggling", "harboring", "harbouring"))
m(r"criminal immigration warrants?", "criminal", 2, "a criminal immigration warrant (for example illegal re-entry) is criminal", tags=("process",))
m(r"(?:criminal|felony|misdemeanou?r) (?:arrest )?warrants?", "criminal", 2, "names a criminal warrant", tags=("process",),
  anchors=("criminal", "felony", "misdemeanor", "misdemeanour"))
m(r"bench warrants?", "criminal", 1, "a court's bench warrant, usually criminal (failure to appear)", tags=("process",))
m(r"warrants? of arrest", "civil", 1, "'Warrant of Arrest' is the title of ICE Form I-200 (8 CFR 236.1)", "ice-administrative", ("immigration",))
m(r"arrest warrants?|warrants? for (?:the )?arrest", "criminal", 1, "an arrest warrant, but whose and for what is not said", tags=("process",),
  anchors=("arrest", "warrant", "warrants"))
m(r"indict(?:ment|ed)s?|criminal complaints?|grand jury", "criminal", 2, "an indictment or criminal complaint: a criminal case",
  tags=("process",), anchors=("indictment", "indicted", "indictments", "criminal", "grand"))
m(r"criminal (?:charges?|case|offen[cs]es?|violations?|matters?|prosecution|convictions?)", "criminal", 1,
  "mentions a crime, but not a warrant for it", tags=("offence",))
m(r"(?:charged|convicted) (?:with|of)", "criminal", 1, "mentions a charge or conviction", tags=("offence",), anchors=("charged", "convicted"))
m(r"felony (?:violations?|offen[cs]es?|charges?)|violent crimes?|hate crimes?", "criminal", 1, "mentions a crime", tags=("offence",),
  anchors=("felony", "violent", "hate"))
m(r"extradit[a-z]*+", "criminal", 2, "extradition: a criminal wanted-person record", tags=("process",), anchors=("extradition", "extradite", "extraditable", "extradited"))
m(r"fugitive from justice|flight to avoid", "criminal", 2, "a criminal fugitive, not an 'immigration fugitive'", tags=("process",), anchors=("fugitive", "flight"))
m(r"(?:parole|probation|prob) violations?", "criminal", 2, "a violation of criminal supervision", tags=("offence",))
m("failure to appear", "criminal", 2, "failure to appear in a criminal case", tags=("process",))
_OFFENCE = "names a crime"
m(r"(?:human|sex|drug|narcotics?|weapons?|firearms?) trafficking|trafficking", "criminal", 2, _OFFENCE, tags=("offence",),
  anchors=("human", "sex", "drug", "narcotic", "narcotics", "weapon", "weapons", "firearm", "firearms", "trafficking"))
m("money laundering", "criminal", 2, _OFFENCE, tags=("offence",))
m(r"(?:cocaine|heroin|fentanyl|methamphetamine|marijuana|opium|amphetamine|narcotics?)(?: (?:smuggl|sell|sale|possess|distribut)[a-z]*+)?",
  "criminal", 2, "a drug offence", tags=("offence",),
  anchors=("cocaine", "heroin", "fentanyl", "methamphetamine", "marijuana", "opium", "amphetamine", "narcotic", "narcotics"))
m(r"smuggl[a-z]*+", "criminal", 2, "smuggling, a crime", tags=("offence",), anchors=("smuggle", "smuggled", "smuggler", "smugglers", "smuggling", "smuggl"))
m(r"terroris[mt]s?|terroristic|espionage|sabotage", "criminal", 2, _OFFENCE, tags=("offence",),
  anchors=("terrorism", "terrorist", "terrorists", "terroristic", "espionage", "sabotage"))
m(r"murder|homicide|robbery|burglary|assault|rape|kidnapping|carjacking|arson|child pornography", "criminal", 2, _OFFENCE,
  tags=("offence",), anchors=("murder", "homicide", "robbery", "burglary", "assault", "rape", "kidnapping", "carjacking", "arson", "child"))
m(r"(?:8|18|19|21|31|50) ?u\.?\s*+s\.?\s*+c\.?(?:a\.?)?\s*+(?:§++\s*+)?(?:sec(?:tion)?\.?\s*+)?\d{1,5}[a-z]?", "criminal", 2,
  "a federal statute", tags=("statute",), anchors=("8", "18", "19", "21", "31", "50"))
m(r"title 18", "criminal", 1, "title 18 is the federal criminal code", tags=("statute",))
m(r"(?:fined under title 18|imprison(?:ed|ment) (?:for )?not more than)", "criminal", 2, "a criminal penalty: this describes a crime",
  tags=("statute",), anchors=("fined", "imprisoned", "imprisonment"))

# 5. Courts and judges.
m(r"(?:united states|u\.?\s*+s\.?) district courts?", "judicial", 2, "a court issued it: a judge's warrant", tags=("process",), anchors=("united", "u", "us"))
m(r"(?:federal|district|superior|circuit|municipal|criminal|county|state|supreme) courts?", "judicial", 2,
  "a court issued it: a judge's warrant", tags=("process",))
m(r"(?:u\.?\s*+s\.? |united states |federal )?magistrate(?: judges?)?", "judicial", 2, "a magistrate judge signed it",
  tags=("process",), anchors=("u", "us", "united", "federal", "magistrate"))
m(r"signed by (?:a |the )?(?:u\.?\s*+s\.? |united states |federal |state |district |circuit |superior court )?(?:magistrate )?judges?",
  "judicial", 2, "a judge signed it", tags=("process",))
m(r"(?:district|state|circuit|superior court|federal|county) judges?", "judicial", 2, "a judge signed it", tags=("process",))
m(r"judicial (?:warrants?|orders?|officers?)|judicially signed", "judicial", 2, "a judicial warrant or order", tags=("process",),
  anchors=("judicial", "judicially"))
m(r"article iii", "judicial", 1, "an Article III judge", tags=("process",))
m("judges?", "judicial", 1, "mentions a judge", tags=("process",))
m("courts?", "judicial", 1, "mentions a court", tags=("process",))

# 6. Words that decide nothing by themselves, shown so the reader sees they were weighed.
m(r"immigration and customs enforcement|ice", "neutral", 0,
  "ICE as the originator decides nothing: ICE holds both civil and criminal warrants", anchors=("immigration", "ice"))
# Tagged "immigration": beside a judge's signature it makes the paper a judge's immigration
# order (judicial, not a crime) rather than a criminal warrant.
m("immigration", "ambiguous", 1, "the generic immigration code (OFF 0399) or word: decides nothing", tags=("immigration",))
m("warrants?", "neutral", 0, "the word 'warrant' alone decides nothing: look at what it is based on")
# Single-word code descriptions last, so they never take words from a longer phrase.
for _code, (_desc, _points, _means) in OFFENSE_CODES.items():
    if " " not in _desc and _desc != "IMMIGRATION" and _desc != "SMUGGLING":
        m(_desc.lower(), _points, 2, f"NCIC offence code {_code}: {_means}", tags=("code", "offence"))

MARKERS: tuple[Marker, ...] = tuple(_MARKERS)
_COMPILED: dict[int, re.Pattern] = {}


def regex_of(index: int) -> re.Pattern:
    """The compiled pattern of marker `index`, compiled once, when first needed."""
    rx = _COMPILED.get(index)
    if rx is None:
        rx = _COMPILED[index] = re.compile(MARKERS[index].source)
    return rx


ANCHORS: dict[str, tuple[tuple[int, Marker], ...]] = {}
for _i, _mk in enumerate(MARKERS):
    for _a in _mk.anchors:
        ANCHORS.setdefault(_a, ())
        ANCHORS[_a] = ANCHORS[_a] + ((_i, _mk),)

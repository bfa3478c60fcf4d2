"""Synthetic encounters for the benchmarks: mixed packs, dates across rule windows, about
half with NCIC text, hold times either side of the limits, and a few bad lines.

Of the NCIC texts, half are stock texts that many hits share (a phrase, or MKE/OFF/MIS lines)
and half name one person (NAM/DOB), so they are unique. `unique=1.0` makes them all unique,
the reader's worst case.
"""

from __future__ import annotations

import json
import random

PACKS = ("pg-county", "dc-mpd", "miami-dade")
DAYS = ("2016-06-01", "2017-03-01", "2019-08-01", "2021-05-05", "2023-03-01", "2025-08-20", "2025-09-05",
        "2025-10-01", "2026-03-01", "2026-11-21", "2027-01-15")
KINDS = ("none", "criminal", "ice-administrative", "ice-detainer", "civil-other", "judicial-immigration-order", "unknown")
ROLES = ("suspect", "driver", "passenger", "victim", "witness", "other")
CUSTODY = ("none", "detained", "arrested", "jail")
OFFENSES = ("drug-trafficking", "human-trafficking", "money-laundering", "terrorism", "customs", "gang", "smuggling", "other-crime")
PHRASES = (
    "OUTSTANDING ADMINISTRATIVE WARRANT OF REMOVAL",
    "ALIEN UNLAWFULLY PRESENT DUE TO ORDER OF REMOVAL OR EXCLUSION FROM THE USA",
    "the check came back that she was wanted by ICE for an order of deportation arrest warrant",
    "01 FELONY WARRANTS: FULL EXTRADITION",
    "XWW Misdemeanor Warrant",
    "IMMIGRATION VIOLATOR FILE",
    "SUBJECT IS A DEPORTED CRIMINAL/AGGRAVATED FELON",
    "DEPARTMENT OF HOMELAND SECURITY IMMIGRATION DETAINER - REQUEST FOR VOLUNTARY ACTION",
    "WARRANT ISSUED BY SUPERIOR COURT",
    "the check came back positive",
)
OFF_CODES = ("8004", "8003", "0399", "3531", "1602", "0301", "5899", "9999")
NAMES = ("DOE", "ROE", "SMITH", "GARCIA", "NGUYEN", "KIM", "LOPEZ", "JONES")


MKES = ("EWF", "EW", "IVF", "XWW")


def ncic_text(rng: random.Random, unique: float = 0.5) -> str:
    """A hit as printed: a stock text, or (with probability `unique`) a record naming one person."""
    phrase = rng.choice(PHRASES)
    if rng.random() >= unique:
        return phrase if rng.random() < 0.5 else f"MKE/{rng.choice(MKES)}\nOFF/{rng.choice(OFF_CODES)}\nMIS/{phrase}"
    return (f"MKE/{rng.choice(MKES)} NAM/{rng.choice(NAMES)}, {rng.choice(NAMES)} DOB/19{rng.randint(40, 99)}"
            f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}\nOFF/{rng.choice(OFF_CODES)}\nMIS/{phrase}")


def encounter(rng: random.Random, number: int, unique: float = 0.5) -> dict:
    record: dict = {"id": f"stop-{number}", "jurisdiction": rng.choice(PACKS), "date": rng.choice(DAYS),
                    "role": rng.choice(ROLES), "custody": rng.choice(CUSTODY)}
    if rng.random() < 0.5:
        record["ncic_text"] = ncic_text(rng, unique)
    if rng.random() < 0.5:
        record["warrant"] = rng.choice(KINDS)
    if rng.random() < 0.3:
        record["dispatch_confirmed"] = True
    if rng.random() < 0.3:
        record["suspected_offenses"] = rng.sample(OFFENSES, rng.randint(1, 2))
    if rng.random() < 0.7:
        record["held_minutes"] = round(rng.uniform(0, 130), 1)
    return record


BAD_LINES = (
    '{"jurisdiction": "pg-county", "custody": "sitting"}',
    '{"jurisdiction": "nowhere"}',
    "not json at all",
    '{"jurisdiction": "dc-mpd", "held_minutes": -4}',
)


def lines(n: int, seed: int = 5, bad_every: int = 0, unique: float = 0.5):
    """`n` JSONL lines (a bad line every `bad_every` lines when given)."""
    rng = random.Random(seed)
    for number in range(1, n + 1):
        if bad_every and number % bad_every == 0:
            yield BAD_LINES[(number // bad_every) % len(BAD_LINES)] + "\n"
        else:
            yield json.dumps(encounter(rng, number, unique)) + "\n"


def write(path, n: int, seed: int = 5, bad_every: int = 0, unique: float = 0.5) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.writelines(lines(n, seed, bad_every, unique))

"""`rules new`: a starting pack and its tests file, with an example of every kind of rule.

Lines starting with "## " explain; lines starting with "# " are examples, so an editor's
"uncomment" (which strips one "# ") turns an example on and leaves the explanations as
comments. Every example, uncommented together with its tests, validates and passes: the
test suite checks that, so the template cannot drift from what the loader accepts.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from string import Template

from .errors import InputError
from .packs import builtin_layer_names

PACK_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
PREFIX = re.compile(r"[A-Z][A-Za-z0-9]*")

PACK = Template('''\
## A warrantwise policy pack: $id.
## Lines starting with "## " explain. Lines starting with "# " are examples: uncomment one
## (remove the "# "), then put your order's words, source and dates in place of the example's.
## Every rule needs: id, title, text, source, cites, layer, effective_from, confidence.
## Test it: warrantwise rules test $id.toml   (the tests are in $id.tests.toml beside it)
## Guide:   docs/pack-authoring.md

id = "$id"
name = $name
## Bump the version whenever a rule changes: every decision names it.
version = "0.1"
## The day you last checked the rules against their sources. Decisions for later dates warn.
reviewed = $today
description = "Write what this pack covers and which orders and laws it rests on."

## Layers this pack includes, by name. "safeguards" is warrantwise's fail-safe (never act for
## ICE on a warrant whose basis is unknown): keep it. A state's law is a layer shared by every
## department in the state; NAME is read from layers/NAME.toml beside this file, else from the
## built-in layers ($layers). A Maryland department writes:
##   include = ["safeguards", "maryland-state"]
include = ["safeguards"]

## Which layer prevails when rules of different layers disagree, first to last. Every layer
## your rules and your included layers use must be listed. Stated, never guessed.
prevails = ["safeguard", "state-law", "county-law", "department-policy"]

## Conditions (`when`) a case may test: warrant_kind, warrant_class (none, civil, criminal,
## judicial, unknown), custody, role, offenses_any, offenses_none, dispatch_confirmed,
## criminal_confirmed, has_offense, hold_expired. A case with no `when` always applies.
## Verdicts (`then`): required, permitted, prohibited, ask-supervisor. An action no rule
## decides is ask-supervisor: leave undecided what your sources do not say.

## 1. A prohibition.
# [[rules]]
# id = "$prefix-1"
# title = "No arrest or hold on a civil immigration warrant"
# text = "Officers do not arrest or hold anyone on an ICE administrative (civil) warrant."
# quote = "Copy the order's own words here, exactly."
# source = "General Order NN-NN, section N, dated YYYY-MM-DD (a link or where the copy is kept)"
# cites = "Where your notes record this rule"
# layer = "department-policy"
# effective_from = 2020-01-01
## high: you read the order itself; med: a report quotes it; low: a summary, or your inference.
# confidence = "high"
#
#   [[rules.cases]]
#   when = { warrant_class = ["civil"] }
#   then = { detain = "prohibited", arrest_on_immigration_warrant = "prohibited" }
#   reason = "A civil warrant is no ground to arrest or hold: do not hold the person on it."

## 2. A permission, only in the facts named.
# [[rules]]
# id = "$prefix-2"
# title = "Federal task forces on serious crimes"
# text = "Officers may share information with federal partners in human trafficking and terrorism investigations."
# source = "General Order NN-NN, section N"
# cites = "Where your notes record this rule"
# layer = "department-policy"
# effective_from = 2020-01-01
# confidence = "med"
# note = "Say here what you could not verify; the engine warns when a deciding rule's confidence is low."
#
#   [[rules.cases]]
#   when = { offenses_any = ["human-trafficking", "terrorism"], warrant_class = ["none", "criminal"] }
#   then = { share_info = "permitted" }
#   reason = "Sharing with federal partners is allowed in a human trafficking or terrorism investigation."

## 3. A hold limit: how long a person may be held while the warrant's basis is checked.
# [[rules]]
# id = "$prefix-3"
# title = "At most 30 minutes to find out what the warrant is"
# text = "A person may be held at most 30 minutes while the officer finds out whether the warrant is civil or criminal."
# source = "General Order NN-NN, section N"
# cites = "Where your notes record this rule"
# layer = "department-policy"
# effective_from = 2020-01-01
# confidence = "high"
#
#   [rules.hold]
#   limit_minutes = 30
#   when = { custody = ["detained"], criminal_confirmed = false }
#
#   [[rules.cases]]
#   when = { custody = ["detained"], criminal_confirmed = false, hold_expired = true }
#   then = { detain = "prohibited", release = "required" }
#   reason = "The 30 minutes are up and no criminal basis was confirmed: release the person now."

## 4. A dated rule: in force only between its dates (a temporary order).
# [[rules]]
# id = "$prefix-4"
# title = "Temporary order: transport for federal agents"
# text = "During the emergency, officers may transport people for federal immigration agents."
# source = "Executive Order NN (dated YYYY-MM-DD)"
# cites = "Where your notes record this rule"
# layer = "department-policy"
# effective_from = 2025-08-14
# effective_to = 2025-09-10
# confidence = "high"
#
#   [[rules.cases]]
#   when = { custody = ["none"] }
#   then = { transport_for_ice = "permitted" }

## 5. An override: a later rule of the same layer that replaces an earlier one on the same
## facts. Without `overrides`, two rules of one layer that disagree on the same facts are an
## error the loader names: it will not guess which one wins.
# [[rules]]
# id = "$prefix-5"
# title = "Chief's memo: no more transport for federal agents"
# text = "From 1 September 2025 officers do not transport people for federal immigration agents."
# source = "Chief's memo NN (dated YYYY-MM-DD)"
# cites = "Where your notes record this rule"
# layer = "department-policy"
# effective_from = 2025-09-01
# confidence = "high"
# overrides = ["$prefix-4"]
#
#   [[rules.cases]]
#   when = { custody = ["none"] }
#   then = { transport_for_ice = "prohibited" }

## 6. A conflict settled by priority: on a smuggling investigation both rules below apply and
## disagree. They are of different layers, so `prevails` decides: county law wins, and the
## decision names the department rule it prevailed over.
# [[rules]]
# id = "$prefix-6"
# title = "County law: no immigration-status questions"
# text = "County employees do not ask about immigration status."
# source = "County Code section NN"
# cites = "Where your notes record this rule"
# layer = "county-law"
# effective_from = 2020-01-01
# confidence = "high"
#
#   [[rules.cases]]
#   then = { ask_status = "prohibited" }
#
# [[rules]]
# id = "$prefix-7"
# title = "Status questions in smuggling investigations"
# text = "Officers may ask about status when investigating the smuggling of people."
# source = "General Order NN-NN, section N"
# cites = "Where your notes record this rule"
# layer = "department-policy"
# effective_from = 2020-01-01
# confidence = "high"
#
#   [[rules.cases]]
#   when = { offenses_any = ["smuggling"] }
#   then = { ask_status = "permitted" }
''')

TESTS = Template('''\
## Tests for the $id pack. Each [[tests]] is an encounter on a date and the verdicts the pack
## must give; expect_rules (optional) names rules that must be among the deciding ones.
## Run them: warrantwise rules test $id.toml
## Encounter fields: role, custody, warrant, ncic_text, dispatch_confirmed,
## suspected_offenses, held_minutes. The clock reads noon UTC on the test's date.

[[tests]]
name = "Fail-safe: a warrant of unknown basis is no reason to call ICE"
date = $today
encounter = { custody = "detained", warrant = "unknown" }
expect = { contact_ice = "prohibited" }
expect_rules = { contact_ice = ["WW-1"] }

## Tests of the examples: uncomment each with its rule.
# [[tests]]
# name = "$prefix-1: a civil warrant is no ground to hold"
# date = 2024-05-01
# encounter = { custody = "detained", warrant = "ice-administrative" }
# expect = { detain = "prohibited", arrest_on_immigration_warrant = "prohibited" }
# expect_rules = { detain = ["$prefix-1"] }
#
# [[tests]]
# name = "$prefix-2: sharing allowed in a trafficking case"
# date = 2024-05-01
# encounter = { custody = "none", warrant = "none", suspected_offenses = ["human-trafficking"] }
# expect = { share_info = "permitted" }
#
# [[tests]]
# name = "$prefix-2: no task-force crime, so the pack leaves sharing to a supervisor"
# date = 2024-05-01
# encounter = { custody = "none", warrant = "none", suspected_offenses = ["gang"] }
# expect = { share_info = "ask-supervisor" }
#
# [[tests]]
# name = "$prefix-3: held 45 minutes on an unconfirmed warrant: release"
# date = 2024-05-01
# encounter = { custody = "detained", warrant = "criminal", held_minutes = 45 }
# expect = { detain = "prohibited", release = "required" }
# expect_rules = { release = ["$prefix-3"] }
#
# [[tests]]
# name = "$prefix-4: transport allowed inside the order's dates"
# date = 2025-08-20
# encounter = { custody = "none", warrant = "none" }
# expect = { transport_for_ice = "permitted" }
#
# [[tests]]
# name = "$prefix-4: not before the order"
# date = 2025-08-13
# encounter = { custody = "none", warrant = "none" }
# expect = { transport_for_ice = "ask-supervisor" }
#
# [[tests]]
# name = "$prefix-5 overrides $prefix-4 from 1 September"
# date = 2025-09-02
# encounter = { custody = "none", warrant = "none" }
# expect = { transport_for_ice = "prohibited" }
# expect_rules = { transport_for_ice = ["$prefix-5"] }
#
# [[tests]]
# name = "$prefix-6 (county law) prevails over $prefix-7 in a smuggling case"
# date = 2024-05-01
# encounter = { custody = "none", warrant = "none", suspected_offenses = ["smuggling"] }
# expect = { ask_status = "prohibited" }
# expect_rules = { ask_status = ["$prefix-6"] }
''')


def default_prefix(pack_id: str) -> str:
    """Rule-id prefix from the pack id: initials of a multi-part id, else its first two letters."""
    parts = [p for p in pack_id.split("-") if p]
    prefix = "".join(p[0] for p in parts) if len(parts) > 1 else pack_id[:2]
    return prefix.upper() if PREFIX.fullmatch(prefix.upper()) else "R"


def scaffold(pack_id: str, *, today: dt.date, name: str = "", prefix: str = "") -> tuple[str, str]:
    """The text of `ID.toml` and `ID.tests.toml` for a new pack."""
    if not PACK_ID.fullmatch(pack_id):
        raise InputError("jurisdiction", f"{pack_id!r} is not a pack id: lower-case letters, digits and dashes, e.g. 'greenbelt'")
    prefix = prefix or default_prefix(pack_id)
    if not PREFIX.fullmatch(prefix):
        raise InputError("prefix", f"{prefix!r} cannot start a rule id: a capital letter, then letters or digits")
    words = {
        "id": pack_id,
        "name": json.dumps(name or pack_id.replace("-", " ").title(), ensure_ascii=False),
        "prefix": prefix,
        "today": today.isoformat(),
        "layers": ", ".join(builtin_layer_names()),
    }
    return PACK.substitute(words), TESTS.substitute(words)

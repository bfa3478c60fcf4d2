"""The contract's closed vocabularies, in one place so models, packs and the CLI agree."""

from __future__ import annotations

ROLES = ("suspect", "driver", "passenger", "victim", "witness", "other")
CUSTODY = ("none", "detained", "arrested", "jail")
WARRANT_KINDS = (
    "none",
    "criminal",
    "ice-administrative",
    "ice-detainer",
    "civil-other",
    "judicial-immigration-order",
    "unknown",
)
CLASS_OF_KIND = {
    "none": "none",
    "criminal": "criminal",
    "ice-administrative": "civil",
    "ice-detainer": "civil",
    "civil-other": "civil",
    "judicial-immigration-order": "judicial",
    "unknown": "unknown",
}
WARRANT_CLASSES = ("none", "civil", "criminal", "judicial", "unknown")
WARRANT_SOURCES = ("stated", "ncic_text", "default")
OFFENSES = (
    "drug-trafficking",
    "human-trafficking",
    "money-laundering",
    "terrorism",
    "customs",
    "gang",
    "smuggling",
    "other-crime",
)
ACTIONS = (
    "detain",
    "release",
    "contact_ice",
    "share_info",
    "ask_status",
    "query_status",
    "arrest_on_immigration_warrant",
    "honor_detainer",
    "allow_ice_interview",
    "transport_for_ice",
)
VERDICTS = ("required", "permitted", "prohibited", "ask-supervisor")
LAYERS = ("safeguard", "federal-directive", "state-law", "county-law", "department-policy")
CONFIDENCE = ("high", "med", "low")

LAYER_WORDS = {
    "safeguard": "warrantwise fail-safe",
    "federal-directive": "federal directive",
    "state-law": "state or district law",
    "county-law": "county or city law or executive order",
    "department-policy": "department policy",
}

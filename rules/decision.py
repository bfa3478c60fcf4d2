"""The contract's output: the decision that goes out (DESIGN.md, "Decision (output)").

evaluate() validates what decide() returns against these models. The CLI writes decisions
from dicts and never validates one, so this module is imported on first use (rules.evaluate,
`from rules import Decision`), not at every start: defining the seven classes cost every
`check --json` about 5 ms even while their schemas were built on first use (docs/performance.md).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from .models import WarrantKind
from .vocab import ACTIONS, CONFIDENCE, LAYERS, VERDICTS, WARRANT_CLASSES, WARRANT_SOURCES

Verdict = Literal[VERDICTS]  # type: ignore[valid-type]
Layer = Literal[LAYERS]  # type: ignore[valid-type]


class Evidence(BaseModel):
    text: str
    start: int
    end: int
    means: str
    points: Literal["civil", "criminal", "judicial", "ambiguous", "neutral"] = "neutral"


class WarrantReading(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    kind: WarrantKind
    class_: Literal[WARRANT_CLASSES] = Field(alias="class")  # type: ignore[valid-type]
    from_: Literal[WARRANT_SOURCES] = Field(alias="from")  # type: ignore[valid-type]
    evidence: list[Evidence] = Field(default_factory=list)
    fields: dict[str, str] = Field(default_factory=dict)


class PolicyRef(BaseModel):
    pack: str
    name: str
    version: str
    effective_from: Optional[dt.date]
    reviewed: dt.date


class ActionVerdict(BaseModel):
    verdict: Verdict
    rules: list[str]
    reason: str


class Hold(BaseModel):
    limit_minutes: Optional[float]
    elapsed_minutes: float
    remaining_minutes: Optional[float]
    expired: bool
    rule: Optional[str] = None


class RuleRef(BaseModel):
    title: str
    text: str
    quote: Optional[str]
    source: str
    layer: Layer
    effective_from: dt.date
    effective_to: Optional[dt.date]
    confidence: Literal[CONFIDENCE]  # type: ignore[valid-type]


class Decision(BaseModel):
    """What the policy requires, permits and prohibits for one encounter, and why."""

    id: Optional[str]
    jurisdiction: str
    date: dt.date
    policy: PolicyRef
    warrant: WarrantReading
    actions: dict[Literal[ACTIONS], ActionVerdict]  # type: ignore[valid-type]
    hold: Optional[Hold]
    next_steps: list[str]
    warnings: list[str]
    rules: dict[str, RuleRef]
    notice: str

    def to_json_dict(self) -> dict:
        return self.model_dump(mode="json", by_alias=True)

"""One Encounter from any mix of sources: flags over an answers file over defaults."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any, Optional

from rules.errors import InputError, describe_validation_error


def load_answers_file(path: str) -> dict:
    """An encounter written as JSON or TOML (by extension; JSON when unsure)."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError("", f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("", f"{path} is not valid UTF-8") from None
    if path.endswith(".toml"):
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise InputError("", f"{path} is not valid TOML: {exc}") from None
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError("", f"{path} is not valid JSON: {exc.msg} (line {exc.lineno})") from None
    if not isinstance(data, dict):
        raise InputError("", f"{path} must hold one encounter object, not {type(data).__name__}")
    return data


def merge(*layers: Optional[dict]) -> dict:
    """Later layers win; a None value means 'not given' and never overrides."""
    out: dict[str, Any] = {}
    for layer in layers:
        for key, value in (layer or {}).items():
            if value is not None and value != []:
                out[key] = value
    return out


def to_encounter(data: dict):
    """The validated Encounter (the model loads here, so the wizard's first question need not wait for it)."""
    from rules.models import Encounter

    try:
        return Encounter.model_validate(data)
    except Exception as exc:  # pydantic ValidationError: say which field and what is allowed
        if hasattr(exc, "errors"):
            raise InputError("", describe_validation_error(exc)) from None
        raise

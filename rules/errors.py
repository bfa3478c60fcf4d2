"""Errors the core raises for bad input, worded for the person who typed it."""

from __future__ import annotations


LONE_SURROGATE = "is not valid text: it holds a lone surrogate (an escape such as \\ud800 with no pair)"


class InputError(ValueError):
    """Bad input that names its field: `field: what is wrong`."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message


class PackError(ValueError):
    """A policy pack that cannot be loaded; `problems` lists every place that is wrong."""

    def __init__(self, source: str, problems: list[str]):
        super().__init__(f"{source}: " + "; ".join(problems))
        self.source = source
        self.problems = problems


def describe_validation_error(exc, unknown_field: str = "is not a field of an encounter") -> str:
    """One line from a pydantic ValidationError: each field and what is allowed there."""
    return "; ".join(f"{'.'.join(map(str, loc)) or 'record'}: {message}" for loc, message in validation_problems(exc, unknown_field))


def validation_problems(exc, unknown_field: str = "is not a field of an encounter") -> list[tuple[tuple, str]]:
    """Each error of a pydantic ValidationError as (its location, what is wrong and what was given)."""
    out = []
    for err in exc.errors():
        message = err.get("msg", "invalid").removeprefix("Value error, ")
        if err.get("type") == "extra_forbidden":
            message = unknown_field
        elif err.get("type") == "missing":
            message = "is required"
        elif err.get("type") == "string_unicode":
            message = LONE_SURROGATE
        shown = err.get("input")
        if err.get("type") not in ("missing", "extra_forbidden") and isinstance(shown, (str, int, float, bool)):
            text = repr(shown)
            message += f" (got {text[:60] + '...' if len(text) > 60 else text})"
        out.append((tuple(err.get("loc", ())), message))
    return out

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


def describe_validation_error(exc) -> str:
    """One line from a pydantic ValidationError: each field and what is allowed there."""
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ())) or "record"
        message = err.get("msg", "invalid")
        message = message.removeprefix("Value error, ")
        if err.get("type") == "extra_forbidden":
            message = "is not a field of an encounter"
        elif err.get("type") == "missing":
            message = "is required"
        elif err.get("type") == "string_unicode":
            message = LONE_SURROGATE
        shown = err.get("input")
        if err.get("type") not in ("missing", "extra_forbidden") and isinstance(shown, (str, int, float, bool)):
            text = repr(shown)
            message += f" (got {text[:60] + '...' if len(text) > 60 else text})"
        parts.append(f"{where}: {message}")
    return "; ".join(parts)

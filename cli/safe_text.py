"""Untrusted text (NCIC hits, user strings) made safe to show: no markup, no terminal control."""

from __future__ import annotations

import unicodedata

_KEEP = {"\n", "\t"}


def printable(text: str) -> str:
    """Replace control and format characters (ANSI escapes, bidi overrides) with visible escapes."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch in _KEEP or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp"):
            out.append(ch)
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return "".join(out)

"""Untrusted text (NCIC hits, user strings) made safe to show: no markup, no terminal control."""

from __future__ import annotations

import unicodedata

_KEEP = {"\n", "\t"}
# Control (Cc: ESC, BEL, backspace, CR...), format (Cf: bidi overrides, zero-width), surrogate,
# private-use and line/paragraph separators: each could move the cursor, restyle or reorder text.
_SHOWN_AS_ESCAPES = ("Cc", "Cf", "Cs", "Co", "Zl", "Zp")


def printable(text: str) -> str:
    """Replace control and format characters (ANSI escapes, bidi overrides) with visible escapes.

    A Windows line end (CR LF) is a plain line end, so pasted printouts read as typed.
    """
    if text.isprintable():
        return text
    out = []
    for ch in text.replace("\r\n", "\n"):
        if ch in _KEEP or unicodedata.category(ch) not in _SHOWN_AS_ESCAPES:
            out.append(ch)
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return "".join(out)

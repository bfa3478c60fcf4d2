#!/usr/bin/env python3
"""Write the documentation generated from the packs: docs/policy/ and the quick cards' tables.

Run it after changing a pack, a pack's translation (rules/packs/i18n/) or a locale file
(rules/locale/); tests/test_policy_docs.py fails until the committed pages match. The pages
are data: fix the words in the pack or its translation, never in the page.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rules.reference import docs_pages  # noqa: E402  (after the path is set, so it runs from a checkout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, default=ROOT / "docs", help="the docs folder to write (default: %(default)s)")
    docs = parser.parse_args(argv).docs
    pages = docs_pages(lambda path: (docs / path).read_text(encoding="utf-8"))
    for old in sorted((docs / "policy").rglob("*.md")):
        if old.relative_to(docs).as_posix() not in pages:
            old.unlink()
            print(f"removed {old}")
    for path, text in pages.items():
        target = docs / path
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

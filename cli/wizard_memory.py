"""What the wizard remembers between runs: the last jurisdiction chosen, and nothing else
(no answers, no references, nothing about a person). A small JSON file under $WARRANTWISE_HOME."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Optional

from .hold_store import StoreError, private_home

FILE_NAME = "wizard.json"


def last_jurisdiction(home: Path) -> Optional[str]:
    try:
        value = json.loads((home / FILE_NAME).read_text(encoding="utf-8")).get("jurisdiction")
    except (OSError, ValueError, AttributeError):
        return None  # never saved, or unreadable: the wizard simply offers no default
    return value if isinstance(value, str) else None


def remember_jurisdiction(home: Path, jurisdiction: str) -> None:
    """Save the choice (atomically, owner-only). Best effort: a read-only home only loses the default."""
    try:
        fd, tmp = tempfile.mkstemp(dir=private_home(home), prefix=".wizard-", suffix=".json")
    except (OSError, StoreError):
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"jurisdiction": jurisdiction}, fh)
        os.replace(tmp, home / FILE_NAME)
    except OSError:
        Path(tmp).unlink(missing_ok=True)

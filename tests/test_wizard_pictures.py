"""The officer's guide pictures can always be redrawn from the real renderers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_make_pictures_draws_every_picture_the_guide_shows(tmp_path):
    result = subprocess.run([sys.executable, "scripts/make_pictures.py", "--out", str(tmp_path)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    guide = (ROOT / "docs" / "officer-guide.md").read_text(encoding="utf-8")
    for name in ("ncic-preview.svg", "decision-panel.svg", "countdown.svg"):
        assert f"img/{name}" in guide
        assert (tmp_path / name).read_text(encoding="utf-8").lstrip().startswith("<svg")
    assert "PG-3" in (tmp_path / "countdown.svg").read_text(encoding="utf-8")

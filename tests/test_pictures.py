"""The README's pictures of `check` are what the program draws today (they cannot drift)."""

from __future__ import annotations

import importlib.util

import pytest

from .conftest import ROOT

spec = importlib.util.spec_from_file_location("make_pictures", ROOT / "scripts" / "make_pictures.py")
make_pictures = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_pictures)
PICTURES = make_pictures.check_pictures()


@pytest.mark.parametrize("path", list(PICTURES), ids=[str(p.relative_to(ROOT)) for p in PICTURES])
def test_the_committed_picture_is_what_the_script_draws_now(path):
    draw, title = PICTURES[path]
    drawn = make_pictures.svg(draw, title, width=make_pictures.README_WIDTH)
    assert path.is_file() and path.read_text(encoding="utf-8") == drawn, (
        f"{path.relative_to(ROOT)} is out of date: run `python3 scripts/make_pictures.py` and commit the pictures")


def test_the_readmes_show_their_pictures():
    assert "](docs/img/check.svg)" in (ROOT / "README.md").read_text(encoding="utf-8")

"""The generated documentation matches the packs: a changed rule fails here until the pages are regenerated."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from rules.errors import PackError
from rules.packs import load_builtin, load_pack_file
from rules.reference import CARDS, COMMAND, docs_pages, policy_page

from .conftest import ROOT
from .test_translations import PACK

DOCS = ROOT / "docs"


def _committed(path: str) -> str:
    return (DOCS / path).read_text(encoding="utf-8")


def test_committed_pages_are_current():
    stale = [path for path, text in docs_pages(_committed).items()
             if not (DOCS / path).is_file() or _committed(path) != text]
    assert not stale, f"out of date: {', '.join(stale)}. Regenerate them with `{COMMAND}` (never edit them by hand)."


def test_no_policy_page_is_left_from_a_pack_that_is_gone():
    pages = docs_pages(_committed)
    orphans = [p.relative_to(DOCS).as_posix() for p in (DOCS / "policy").rglob("*.md")
               if p.relative_to(DOCS).as_posix() not in pages]
    assert not orphans, f"pages of no pack: {orphans}. `{COMMAND}` removes them."


def test_the_script_writes_every_page_and_removes_orphans(tmp_path):
    for card in CARDS.values():
        (tmp_path / card).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(DOCS / card, tmp_path / card)
    (tmp_path / "policy").mkdir()
    (tmp_path / "policy" / "retired-pack.md").write_text("old", encoding="utf-8")
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_policy_docs.py"), "--docs", str(tmp_path)],
                         capture_output=True, text=True, cwd=tmp_path, check=True)
    assert "removed" in run.stdout and not (tmp_path / "policy" / "retired-pack.md").exists()
    for path, text in docs_pages(_committed).items():
        assert (tmp_path / path).read_text(encoding="utf-8") == text, path


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_page_has_every_rule_with_its_source_layer_dates_and_confidence(lang):
    pack = load_builtin("dc-mpd")
    page = policy_page(pack, lang)
    for rule in pack.rules:
        assert f'<a id="{rule.id.lower()}"></a>' in page and f"### {rule.id}: " in page
    assert "2025-08-14" in page and "2025-09-10" in page  # EO-25-005's month
    assert "`federal-directive`" in page and "DOJ AG Order 6730-2025" in page
    assert ("Where DC-M2 decides an action, DC-P3 does not count" if lang == "en"
            else "Cuando DC-M2 decide una acción, DC-P3 no cuenta") in page


def test_the_spanish_page_keeps_each_quote_in_english_with_a_spanish_summary_beside_it():
    page = policy_page(load_builtin("pg-county"), "es")
    quote = load_builtin("pg-county").rule("PG-1").quote
    summary = "**Resumen en español:** La policía estatal y local no tiene base legal"
    assert f"> {quote}" in page and summary in page
    assert page.index(f"> {quote}") < page.index(summary) < page.index("### PG-2")
    assert "1. Cuando la orden se lee como: CIVIL\n   - Retener a la persona por esta orden o resultado: **PROHIBIDO**" in page
    assert "**Límite de retención:** como máximo 60 minutos cuando custodia: detenida" in page
    assert "Resumen en español" not in policy_page(load_builtin("pg-county"), "en")


def test_a_pack_whose_spanish_lags_gets_no_spanish_page(tmp_path):
    (tmp_path / "test-town.toml").write_text(PACK, encoding="utf-8")
    pack = load_pack_file(tmp_path / "test-town.toml")
    with pytest.raises(PackError, match="test-town.toml: missing"):
        policy_page(pack, "es", tmp_path / "test-town.toml")
    assert "### TT-1: No holds on civil warrants" in policy_page(pack, "en", tmp_path / "test-town.toml")


def test_pack_words_cannot_break_the_markdown(tmp_path):
    text = PACK.replace('title = "No holds on civil warrants"', 'title = "Holds | *never* [civil] <b>"')
    (tmp_path / "test-town.toml").write_text(text, encoding="utf-8")
    page = policy_page(load_pack_file(tmp_path / "test-town.toml"), "en", tmp_path / "test-town.toml")
    row = next(line for line in page.splitlines() if line.startswith("| [TT-1]"))
    assert row.replace("\\|", "").count("|") == 6
    assert r"Holds \| \*never\* \[civil\] \<b>" in row

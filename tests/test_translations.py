"""The Spanish of the policy packs: complete, not stale, and natural to read."""

from __future__ import annotations

import re
import textwrap

import pytest

from rules.errors import PackError
from rules.packs import LAYER_DIR, PACK_DIR, builtin_layer_names, builtin_pack_ids, load_builtin, load_layer, load_pack_file
from rules.translations import CASE_FIELDS, RULE_FIELDS, Source, problems, source_problems, text_of
from tests.test_pack_registry import pack_text, rule

I18N_ES = PACK_DIR / "i18n" / "es"
# What a translation keeps exactly as written: rule ids, form numbers, ISO dates, statute
# sections, and the names ICE, NCIC and 287(g).
KEPT = re.compile(r"\b[A-Z]{2,3}-[A-Z]?\d+\b|\bI-\d{3}[A-Z]?\b|\b\d{4}-\d{2}-\d{2}\b|§ ?[\d.-]+\d|\bICE\b|\bNCIC\b|287\(g\)")


@pytest.mark.parametrize("pack_id", builtin_pack_ids())
def test_every_rule_and_case_of_a_builtin_pack_has_its_spanish(pack_id):
    gaps = problems(load_builtin(pack_id), "es")
    assert not gaps, f"add the Spanish under {I18N_ES}:\n" + "\n".join(gaps)


@pytest.mark.parametrize("name", builtin_layer_names())
def test_every_builtin_layer_has_its_spanish(name):
    layer = load_layer(LAYER_DIR / f"{name}.toml")
    gaps = source_problems(Source(LAYER_DIR / f"{name}.toml", layer.name, "", tuple(layer.rules)), "es")
    assert not gaps, "\n".join(gaps)


def test_each_translation_file_translates_a_builtin_pack_or_layer():
    known = set(builtin_pack_ids()) | set(builtin_layer_names())
    orphans = sorted(p.name for p in I18N_ES.glob("*.toml") if p.stem not in known)
    assert not orphans, f"translations of no pack or layer: {orphans}"
    assert set(builtin_pack_ids()) <= {p.stem for p in I18N_ES.glob("*.toml")}


def test_translation_files_are_not_taken_for_packs():
    # Were pack discovery to look into i18n/, a pack's id would repeat and a layer's would appear.
    ids = builtin_pack_ids()
    assert len(ids) == len(set(ids)) and not set(ids) & set(builtin_layer_names())


def _fields(pack_id):
    """Every (English, Spanish) pair of the pack: rule fields, the quote beside its summary, case fields."""
    pack = load_builtin(pack_id)
    for r in pack.rules:
        for field, own in RULE_FIELDS.items():
            if getattr(r, own):
                yield r.id, field, getattr(r, own), text_of(pack, r.id, field, "es")
        for n, case in enumerate(r.cases, 1):
            for field in CASE_FIELDS:
                english, spanish = getattr(case, field), text_of(pack, r.id, field, "es", case=n)
                if isinstance(english, str):
                    english, spanish = [english], [spanish]
                for en, es in zip(english or (), spanish or ()):
                    yield f"{r.id} case {n}", field, en, es


@pytest.mark.parametrize("pack_id", builtin_pack_ids())
def test_ids_citations_forms_and_names_stay_as_written(pack_id):
    for where, field, english, spanish in _fields(pack_id):
        lost = set(KEPT.findall(english)) - set(KEPT.findall(spanish))
        assert not lost, f"{where} {field}: the Spanish drops {sorted(lost)}: {spanish}"


@pytest.mark.parametrize("pack_id", builtin_pack_ids())
def test_no_translation_is_the_english_left_in_place(pack_id):
    for where, field, english, spanish in _fields(pack_id):
        assert spanish != english, f"{where} {field} is still in English"


def test_spanish_reads_naturally_by_example():
    pg = load_builtin("pg-county")
    pg1 = text_of(pg, "PG-1", "text", "es")
    assert "orden administrativa" in pg1 and "civil" in pg1 and "ICE" in pg1
    assert "60 minutos" in text_of(pg, "PG-3", "text", "es")
    assert text_of(pg, "PG-3", "reason", "es", case=2) == (
        "Se cumplieron los 60 minutos y no se confirmó ninguna base penal: deje en libertad a la persona ahora.")
    assert "despacho" in text_of(pg, "PG-5", "steps", "es", case=1)[0]
    assert "Artículo III" in text_of(load_builtin("dc-mpd"), "DC-L1", "text", "es")
    # A layer's Spanish serves every pack that includes it.
    assert text_of(pg, "MD-1", "title", "es") == text_of(load_builtin("greenbelt"), "MD-1", "title", "es")


def test_english_is_the_packs_own_words_and_has_no_summary():
    pg = load_builtin("pg-county")
    assert text_of(pg, "PG-3", "reason", "en", case=2) == pg.rule("PG-3").cases[1].reason
    assert text_of(pg, "PG-1", "summary", "en") is None
    assert text_of(pg, "PG-4", "steps", "en", case=1) == tuple(pg.rule("PG-4").cases[0].steps)
    with pytest.raises(ValueError, match="not a translated case field"):
        text_of(pg, "PG-3", "title", "es", case=1)


# A file pack: TV-1 (from the registry tests' template) stands for a rule added after the Spanish was written.
PACK = pack_text("test-town", include=("safeguards",)) + rule("TT-1", "department-policy", 'detain = "prohibited"').replace(
    'title = "Rule TT-1"', 'title = "No holds on civil warrants"\nquote = "Officers shall not detain on civil warrants."'
) + 'reason = "A civil warrant is no ground to hold."\nsteps = ["Release the person."]\n'


@pytest.fixture
def town(tmp_path):
    """A file pack with a Spanish translation that lags behind it."""
    (tmp_path / "i18n" / "es").mkdir(parents=True)
    (tmp_path / "test-town.toml").write_text(PACK, encoding="utf-8")
    (tmp_path / "i18n" / "es" / "test-town.toml").write_text(textwrap.dedent("""\
        name = "Policía de Test Town"
        [rules.TT-1]
        title = "No se retiene a nadie por órdenes civiles"
        text = "No retenga a nadie por una orden civil."
        [rules.TT-1.cases.3]
        reason = "Un caso que ya no existe."
        [rules.TT-9]
        title = "Regla borrada"
        text = "Una regla que ya no está en el paquete."
        """), encoding="utf-8")
    return load_pack_file(tmp_path / "test-town.toml"), tmp_path / "test-town.toml"


def test_problems_name_each_missing_and_stale_entry(town):
    pack, path = town
    assert problems(pack, "es", path) == [
        "i18n/es/test-town.toml: rule TT-9: not in test-town.toml",
        "i18n/es/test-town.toml: rule TV-1: no translation",
        "i18n/es/test-town.toml: rule TT-1: no summary",
        "i18n/es/test-town.toml: rule TT-1 case 3: the rule has 1 case(s)",
        "i18n/es/test-town.toml: rule TT-1 case 1: no reason",
        "i18n/es/test-town.toml: rule TT-1 case 1: no steps",
    ]
    # The included built-in layer brings its own Spanish with it.
    assert text_of(pack, "WW-1", "title", "es", pack_file=path) == text_of(load_builtin("pg-county"), "WW-1", "title", "es")
    assert text_of(pack, "TT-1", "title", "es", pack_file=path) == "No se retiene a nadie por órdenes civiles"
    assert text_of(pack, "TV-1", "title", "es", pack_file=path) is None


def test_a_pack_without_spanish_says_so(tmp_path):
    (tmp_path / "test-town.toml").write_text(PACK, encoding="utf-8")
    pack = load_pack_file(tmp_path / "test-town.toml")
    assert problems(pack, "es", tmp_path / "test-town.toml") == [
        "i18n/es/test-town.toml: missing (it translates test-town.toml)"]


def test_a_misspelt_field_is_refused_naming_the_file_and_place(tmp_path):
    (tmp_path / "i18n" / "es").mkdir(parents=True)
    (tmp_path / "test-town.toml").write_text(PACK, encoding="utf-8")
    (tmp_path / "i18n" / "es" / "test-town.toml").write_text(
        'name = "x"\n[rules.TT-1]\ntitle = "t"\ntext = "t"\nsumary = "s"\n', encoding="utf-8")
    pack = load_pack_file(tmp_path / "test-town.toml")
    with pytest.raises(PackError, match=r"test-town.toml: rules.TT-1.sumary: Extra inputs are not permitted"):
        problems(pack, "es", tmp_path / "test-town.toml")

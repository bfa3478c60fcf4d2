"""Every message a person reads lives in a catalog, in every language, and every catalog key is used."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cli.i18n import UI_CATALOG
from rules.i18n import CORE_CATALOG, LANGS, catalog, pick_language

ROOT = Path(__file__).resolve().parents[1]
# Keys are string literals: _("file.key") in cli/, tr(lang, "file.key") in rules/ (and cli/).
UI_CALL = re.compile(r"""(?<![\w.])_\(\s*["']([a-z0-9_]+\.[a-z0-9_.]+)["']""")
CORE_CALL = re.compile(r"""(?<![\w.])tr\(\s*[^,()]+,\s*["']([a-z0-9_]+\.[a-z0-9_.]+)["']""")


def _used(pattern: re.Pattern, folders: tuple[str, ...]) -> set[str]:
    keys: set[str] = set()
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            keys |= set(pattern.findall(path.read_text(encoding="utf-8")))
    return keys


CATALOGS = [
    ("ui", UI_CATALOG, UI_CALL, ("cli",)),
    ("core", CORE_CATALOG, CORE_CALL, ("rules", "cli")),
]


@pytest.mark.parametrize("name, root, pattern, folders", CATALOGS, ids=[c[0] for c in CATALOGS])
def test_every_key_used_is_written_and_every_key_written_is_used(name, root, pattern, folders):
    used = _used(pattern, folders)
    written = set(catalog(root, "en"))
    assert not used - written, f"{name} keys used in code but missing from the English catalog: {sorted(used - written)}"
    assert not written - used, f"{name} catalog keys nothing uses (remove them): {sorted(written - used)}"


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
@pytest.mark.parametrize("name, root", [(c[0], c[1]) for c in CATALOGS])
def test_every_message_is_translated(name, root, lang):
    english, other = catalog(root, "en"), catalog(root, lang)
    assert not set(english) - set(other), f"{name} messages missing in {lang}: {sorted(set(english) - set(other))}"
    assert not set(other) - set(english), f"{name} {lang} keys with no English: {sorted(set(other) - set(english))}"
    for key, text in english.items():
        assert set(re.findall(r"{(\w+)", text)) == set(re.findall(r"{(\w+)", other[key])), f"{key}: placeholders differ"


@pytest.mark.parametrize(
    "flag, env, lang",
    [
        ("es", {}, "es"),
        (None, {"WARRANTWISE_LANG": "es"}, "es"),
        ("en", {"WARRANTWISE_LANG": "es"}, "en"),
        (None, {"LANG": "es_US.UTF-8"}, "es"),
        (None, {"LC_ALL": "es_MX.UTF-8", "LANG": "en_US.UTF-8"}, "es"),
        (None, {"LANG": "fr_FR.UTF-8"}, "en"),
        (None, {}, "en"),
    ],
)
def test_language_is_picked_flag_then_env_then_locale(flag, env, lang):
    assert pick_language(flag, env) == lang


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="known: en, es"):
        pick_language("xx", {})

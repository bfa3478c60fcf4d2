"""The words for the core's closed vocabularies, in English and Spanish: one for every value, none extra."""

from __future__ import annotations

import pytest

import rules.translations as translations
from cli.render import CLASS_STYLE, VERDICT_STYLE
from rules.errors import PackError
from rules.interview import PROCESS, QUESTIONS
from rules.translations import VOCABULARY, vocabulary
from rules.vocab import LAYER_WORDS

# Words that are the same in both languages.
SAME = {("warrant_classes", "civil"), ("reference", "no"), ("reference", "or")}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_vocabulary_value_has_a_word_and_no_key_is_extra(lang):
    words = vocabulary(lang)
    for section, keys in VOCABULARY.items():
        assert list(words[section]) == list(keys), section
    assert set(words) == set(vocabulary("en"))


def test_english_is_what_the_program_shows_today():
    en = vocabulary("en")
    assert dict(en["layers"]) == LAYER_WORDS
    assert dict(en["verdicts"]) == {"required": "REQUIRED", "permitted": "PERMITTED", "prohibited": "PROHIBITED",
                                    "ask-supervisor": "ASK A SUPERVISOR"}
    assert dict(en["warrant_classes"]) == {"civil": "CIVIL", "criminal": "CRIMINAL", "judicial": "JUDGE'S ORDER (NOT A CRIME)",
                                           "unknown": "UNKNOWN", "none": "NO WARRANT"}
    # Every verdict and class the vocabulary words has a style, and nothing else does.
    assert set(VERDICT_STYLE) == set(en["verdicts"]) and set(CLASS_STYLE) == set(en["warrant_classes"])
    assert dict(en["questions"]) == {q.id: q.message for q in QUESTIONS}
    assert dict(en["hints"]) == {q.id: q.hint for q in QUESTIONS if q.hint}
    assert dict(en["process"]) == {o.value: o.title for o in PROCESS}


def test_spanish_is_translated_not_copied():
    en, es = vocabulary("en"), vocabulary("es")
    copied = [(s, k) for s in en for k in en[s] if en[s][k] == es[s][k] and (s, k) not in SAME]
    assert not copied
    assert es["actions"]["honor_detainer"] == "Retener a la persona para ICE por una solicitud de retención (detainer)"
    assert es["warrant_classes"]["criminal"] == "PENAL"


@pytest.mark.parametrize("change, problem", [
    (lambda t: t.replace('release = "Dejar en libertad a la persona"\n', ""), r"\[actions\] release: missing"),
    (lambda t: t.replace("[roles]\n", '[roles]\ncaptain = "Capitán"\n'), r"\[roles\] captain: not a word of the core"),
    (lambda t: t + '\n[extras]\nx = "y"\n', r"\[extras\] is not a section of en.toml"),
])
def test_a_locale_file_that_drifts_is_refused_naming_the_word(tmp_path, monkeypatch, change, problem):
    for lang in ("en", "es"):
        text = (translations.LOCALE_DIR / f"{lang}.toml").read_text(encoding="utf-8")
        (tmp_path / f"{lang}.toml").write_text(change(text) if lang == "es" else text, encoding="utf-8")
    monkeypatch.setattr(translations, "LOCALE_DIR", tmp_path)
    vocabulary.cache_clear()
    try:
        with pytest.raises(PackError, match=problem):
            vocabulary("es")
    finally:
        vocabulary.cache_clear()

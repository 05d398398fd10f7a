"""The canonical term form and the term matcher: every disguise of a name, offsets kept."""

from __future__ import annotations

import pytest

from safe_archive.core.redaction.canonical import canonical_view, match_key, term_key, tokens
from safe_archive.core.redaction.terms import TermMatcher, find_term

DISGUISES = [
    "Jessica Miller", "jessica miller", "JESSICA MILLER", "Jessica_Miller", "jessica_miller",
    "Jessica.Miller", "Jessica-Miller", "JessicaMiller", "#JessicaMiller", "@jessica_miller",
    "jessicamiller", "Jessica <b>Miller</b>", "Jes<i>sica</i> Miller", "Jes\u200bsica Miller",
    "Jessica\u2060Miller", "Jes\u00adsica Miller", "𝓙𝓮𝓼𝓼𝓲𝓬𝓪 𝓜𝓲𝓵𝓵𝓮𝓻", "Ｊｅｓｓｉｃａ Ｍｉｌｌｅｒ",
    "Ⓙⓔⓢⓢⓘⓒⓐ Ⓜⓘⓛⓛⓔⓡ", "J e s s i c a  M i l l e r", "J.E.S.S.I.C.A Miller",
    "Јеѕѕіса Miller", "Jessicа Miller", "jessica dot miller", "jessica underscore miller",
]


@pytest.mark.parametrize("form", DISGUISES)
def test_every_disguise_is_found_with_its_original_offsets(form: str) -> None:
    text = f"it was {form} who did it"
    spans = find_term(text, "Jessica Miller")
    assert len(spans) == 1
    start, end = spans[0]
    assert text[start:end] == form


@pytest.mark.parametrize("term", ["𝓙𝓪𝓷𝓮", "Ｊａｎｅ", "Ⓙⓐⓝⓔ", "@jane", "#Jane", "JANE", "Јаnе"])
def test_one_key_for_compatibility_case_prefix_and_confusable_forms(term: str) -> None:
    assert term_key(term) == "jane"


def test_joined_words_split_and_match_key_ignores_breaks() -> None:
    assert term_key("#JaneDoe") == "jane doe"
    assert term_key("jane_doe") == term_key("Jane.Doe") == term_key("Jane-Doe") == "jane doe"
    assert match_key("Jane Doe") == match_key("janedoe") == "janedoe"


def test_whole_words_only_and_other_scripts_keep_their_letters() -> None:
    assert find_term("Janet and Doe", "Jane") == []
    assert find_term("Москва рядом", "Mockba") == []  # a Russian word is not folded to Latin
    assert term_key("Москва") == "москва"
    assert find_term("José García", "jose garcia") == []  # accents are letters, not disguise
    assert find_term("Jose\u0301 García", "José García") == [(0, 12)]
    # camelCase pieces of a Cyrillic hashtag stay Cyrillic ("Не" is not folded to Latin "he")
    assert term_key("#ЯНеБоюсьСказать") == "я не боюсь сказать"


def test_look_alike_words_of_a_greek_or_cyrillic_text_stay_its_own() -> None:
    # "και" (Greek "and") is all look-alikes of Latin "kai"; in a Greek post it is a Greek word
    greek = "Με λένε Μαρία και ο προπονητής μου"
    assert [t.key for t in tokens(greek)][3] == "και"
    assert find_term(greek, "Kai") == []
    assert find_term("Мы с Асе пошли домой", "Ace") == []  # Russian text: "Асе" stays Russian
    assert term_key("Асе") == "ace"  # alone, nothing says it is Russian: still folded
    # in a post written in Latin letters the same look-alikes are a disguise
    assert find_term("it was Јеѕѕіса who did it", "Jessica") == [(7, 14)]
    assert find_term("then ΚΑΙ said so", "Kai") == [(5, 8)]


def test_initials_only_when_asked() -> None:
    text = "J.Miller and J Miller and jmiller"
    assert find_term(text, "Jessica Miller") == []
    assert len(find_term(text, "Jessica Miller", initials=True)) == 3


def test_matcher_values_and_prefix() -> None:
    m = TermMatcher([("Jane Doe", "PERSON"), ("janedoe", "USERNAME")])
    hits = m.find("hi @JaneDoe!")
    assert [(h.start, h.end, h.values) for h in hits] == [(3, 11, ("PERSON", "USERNAME"))]


def test_canonical_view_maps_back() -> None:
    text = "proud of Ⓙⓔⓢⓢⓘⓒⓐ_Miller and J e s s i c a!"
    view = canonical_view(text)
    assert view.text == "proud of Jessica Miller and Jessica!"
    i = view.text.index("Jessica Miller")
    assert view.to_original(i, i + len("Jessica Miller")) == (9, 23)
    j = view.text.rindex("Jessica")
    a, b = view.to_original(j, j + 7)
    assert text[a:b] == "J e s s i c a"


def test_tokens_mark_disguise() -> None:
    toks = tokens("Jessica Ⓜⓘⓛⓛⓔⓡ")
    assert [t.disguised for t in toks] == [False, True]

"""Inside the scrub, terms are compared by the one canonical form (issue 14): the allow-list
(the #MeToo family and ``terms allow``), the allow/deny clash check and the gazetteer use
``core.redaction``'s term key, so a disguise the review, forget and export undo is undone here
too."""

from __future__ import annotations

import pytest
from presidio_analyzer import RecognizerResult

from safe_archive.core.errors import SafeArchiveError
from safe_archive.core.redaction.canonical import term_key
from safe_archive.core.scrub.batch import findings_for_text
from safe_archive.core.scrub.generalize import generalize_location
from safe_archive.core.scrub.known import allow_key, normalize_term
from safe_archive.core.scrub.policy import Policy


@pytest.mark.parametrize("term", ["Jane Doe", "#JaneDoe", "Ｊａｎｅ Ｄｏｅ", "𝓙𝓪𝓷𝓮 𝓓𝓸𝓮", "Ja\u200bne Doe",
                                  "@jane_doe", "Jane <b>Doe</b>", "Јаnе Doe"])
def test_scrub_key_is_the_canonical_key(term: str) -> None:
    assert normalize_term(term) == term_key(term) == "jane doe"


@pytest.mark.parametrize("written", ["YoTambien", "YoTambién", "ＹｏＴａｍｂｉｅｎ", "Yo\u200bTambién",
                                     "𝐘𝐨𝐓𝐚𝐦𝐛𝐢𝐞𝐧", "yo_tambien"])
def test_a_finding_on_an_allowed_hashtag_written_otherwise_is_dropped(written: str) -> None:
    text = f"Lo digo hoy: {written}."
    start = text.index(written)
    result = RecognizerResult("PERSON", start, start + len(written), 0.9)
    policy = Policy(allow_list=("#YoTambién",))
    assert findings_for_text(text, [result], policy) == []
    # the same span is a finding when the allow-list does not name it
    assert len(findings_for_text(text, [result], Policy(allow_list=("#MeToo",)))) == 1


def test_allow_key_keeps_prefix_entries_apart() -> None:
    assert allow_key("#MeToo*") == "metoo*" != allow_key("#MeToo")
    assert allow_key("＃ＭｅＴｏｏ") == allow_key("#Me_Too") == allow_key("#metoo") == "metoo"


def test_terms_allow_add_knows_the_spelling_the_scrub_already_allows() -> None:
    policy = Policy(allow_list=("#YoTambién", "#MeToo*"), deny_list=())
    for same in ("#YoTambien", "＃ＹｏＴａｍｂｉéｎ", "#yo_tambien", "#Yo\u200bTambién"):
        assert policy.allowing(same) == policy, same
    assert policy.allowing("#MeToo").allow_list == ("#YoTambién", "#MeToo*", "#MeToo")
    assert policy.disallowing("#YOTAMBIEN").allow_list == ("#MeToo*",)


def test_allow_and_deny_clash_is_found_in_any_spelling() -> None:
    with pytest.raises(SafeArchiveError, match="also on the allow_list"):
        Policy(allow_list=("#MeToo",), deny_list=("#Me_Too",)).validated()


@pytest.mark.parametrize("text", ["St Louis", "st. louis", "ＳＴ． ＬＯＵＩＳ", "Tem\u200bpe", "Ｔｅｍｐｅ",
                                  "Tempe, Arizona", "St Louis / Missouri"])
def test_gazetteer_keys_are_canonical(text: str) -> None:
    assert generalize_location(text) in ("Missouri", "Arizona")

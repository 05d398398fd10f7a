"""The Chinese character NER (recognizers/chinese_ner.py, resources/scrub/zh_ner; issue 13).

Sentences here are written for the tests (none is quoted from the CC BY-SA data).
"""

from __future__ import annotations

import pytest

from safe_archive.core.scrub.known import ScrubInput
from safe_archive.core.scrub.multilingual import LanguageParts
from safe_archive.core.scrub.recognizers import chinese_ner
from safe_archive.core.scrub.recognizers.chinese_ner import (
    ChineseNer,
    load_chinese_ner,
    make_doc,
    tokens_of,
)
from safe_archive.core.scrub.scrubber import Scrubber


@pytest.fixture(scope="module")
def ner() -> ChineseNer:
    model = load_chinese_ner()
    assert model is not None, "resources/scrub/zh_ner is missing"
    return model


def names(ner: ChineseNer, text: str) -> list[str]:
    return [text[a:b] for a, b in ner.names(text)]


@pytest.mark.parametrize("text, expected", [
    # Traditional script
    ("我的教練張志豪每天晚上都傳訊息給我，我很害怕。", ["張志豪"]),
    ("去年夏天，瑪麗亞·羅德里格斯在咖啡店裡對我說了那些話。", ["瑪麗亞·羅德里格斯"]),
    # Simplified script
    ("我的同学李晓燕告诉我，她的经理王海涛经常骚扰她。", ["李晓燕", "王海涛"]),
    ("那天晚上，约翰·史密斯把我叫进了他的办公室。", ["约翰·史密斯"]),
])
def test_finds_names_in_both_scripts(ner: ChineseNer, text: str, expected: list[str]) -> None:
    assert names(ner, text) == expected


@pytest.mark.parametrize("text", [
    "今天天气很好，我们去公园散步，然后回家吃饭。",
    "我从来没有告诉过任何人，直到今天。",
    "這件事讓我很難過，但是我終於說出來了。",
])
def test_no_name_in_ordinary_text(ner: ChineseNer, text: str) -> None:
    assert names(ner, text) == []


def test_offsets_within_a_stretch(ner: ChineseNer) -> None:
    text = "He said: 我的同学李晓燕告诉我。"
    a = text.index("我")
    assert [text[x:y] for x, y in ner.names(text, a, len(text))] == ["李晓燕"]
    assert list(ner.names("   ")) == []


def test_tokens_one_per_character_latin_words_whole() -> None:
    text = "她叫Anna Lee，12歲"
    assert [text[a:b] for a, b in tokens_of(text)] == [
        "她", "叫", "Anna", " ", "Lee", "，", "12", "歲"]
    doc = make_doc(load_chinese_ner().nlp.vocab, text, {"她叫": 1})  # type: ignore[union-attr]
    assert doc.text == text
    assert doc[0].tag_ == "200000" and doc[1].tag_ == "020000"  # a lexicon word starts/ends
    assert doc[0].lemma_ == "她|叫" and doc[1].lemma_ == "叫|W"


class _Fixed:
    """A stand-in tagger or NER that finds the same spans in every text."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans

    def names(self, text: str, start: int = 0, end: int | None = None
              ) -> list[tuple[int, int]]:
        return self.spans


def test_the_ner_mends_the_taggers_names_and_adds_none_alone(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from safe_archive.core.scrub.language import Segment
    from safe_archive.core.scrub.recognizers import chinese_names
    from safe_archive.core.scrub.recognizers.multilingual_name_recognizer import (
        MultilingualNameRecognizer,
    )

    monkeypatch.setattr(chinese_ner, "load_chinese_ner",
                        lambda path=None: _Fixed([(0, 4), (7, 10), (11, 13)]))
    monkeypatch.setattr(chinese_names, "load_tagger", lambda: _Fixed([(0, 3), (6, 8)]))
    text, seg = "0123456789abc", Segment(0, 13, "zh")
    # a name cut short is lengthened, overlapping names are joined, the NER's own dropped
    assert MultilingualNameRecognizer([])._chinese(text, seg) == [(0, 4), (6, 10)]
    # without the tagger: the NER's names; without the NER: the tagger's
    assert MultilingualNameRecognizer([], zh_tagger=False)._chinese(text, seg) == [
        (0, 4), (7, 10), (11, 13)]
    assert MultilingualNameRecognizer([], zh_ner=False)._chinese(text, seg) == [(0, 3), (6, 8)]


def test_looser_tagger_names_taken_only_where_the_ner_agrees_exactly(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from safe_archive.core.scrub.language import Segment
    from safe_archive.core.scrub.recognizers import chinese_names
    from safe_archive.core.scrub.recognizers.multilingual_name_recognizer import (
        MultilingualNameRecognizer,
    )

    monkeypatch.setattr(chinese_ner, "load_chinese_ner",
                        lambda path=None: _Fixed([(0, 4), (7, 10), (11, 12)]))
    monkeypatch.setattr(chinese_names, "load_tagger", lambda: _Fixed([(0, 3)]))
    monkeypatch.setattr(chinese_names, "tagger_at",
                        lambda bias: _Fixed([(0, 3), (7, 10), (11, 13)]))
    text, seg = "0123456789abc", Segment(0, 13, "zh")
    assert MultilingualNameRecognizer([])._chinese(text, seg) == [(0, 4)]
    # (7, 10): the looser tagger and the NER agree; (11, 13): they do not
    assert MultilingualNameRecognizer([], zh_confirm_bias=30.0)._chinese(text, seg) == [
        (0, 4), (7, 10)]


def test_tagger_at_a_larger_bias_finds_at_least_as_much() -> None:
    from safe_archive.core.scrub.recognizers.chinese_names import load_tagger, tagger_at

    text = "我的同学李晓燕告诉我，她的经理王海涛经常骚扰她。"
    base = list(load_tagger().names(text))
    loose = list(tagger_at(60.0).names(text))
    assert tagger_at(60.0).bias == 60.0 and base
    assert all(any(c <= a and b <= d for c, d in loose) for a, b in base)


def test_nothing_chinese_loads_for_other_languages(names, words,  # type: ignore[no-untyped-def]
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    parts = LanguageParts.build(words, names)

    def refuse(*_a: object) -> None:
        raise AssertionError("the Chinese NER was loaded for a post with no Chinese")

    monkeypatch.setattr(chinese_ner, "load_chinese_ner", refuse)
    for text in ["My coach Jake Miller texted me every night.",
                 "Mi entrenador Carlos Pérez me escribía todas las noches.",
                 "Mein Trainer Jürgen hat mir jede Nacht geschrieben."]:
        parts.names.analyze_segments(text, parts.identifier.segments(text))


def test_chinese_findings_do_not_depend_on_the_batch(scrubber: Scrubber) -> None:
    posts = ["我的教練張志豪每天晚上都傳訊息給我，我很害怕。#MeToo",
             "I was 14 when my coach Jake Miller started texting me.",
             "我的同学李晓燕告诉我，她的经理王海涛经常骚扰她。",
             "那天晚上，约翰·史密斯把我叫进了他的办公室。今天天气很好。"]
    together = scrubber.scrub([ScrubInput(t) for t in posts])
    assert any(f.text == "張志豪" for f in together[0])
    for text, found in zip(posts, together):
        [alone] = scrubber.scrub([ScrubInput(text)])
        key = lambda f: (f.start, f.end, f.entity_type, f.score)  # noqa: E731
        assert sorted(map(key, alone)) == sorted(map(key, found)), text
    reordered = scrubber.scrub([ScrubInput(t) for t in reversed(posts)])
    for a, b in zip(reordered, reversed(together)):
        assert sorted(map(key, a)) == sorted(map(key, b))

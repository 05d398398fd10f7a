"""Names outside English from the Universal NER train evidence, and Chinese (issue 13).

Sentences here are written for the tests (none is quoted from the CC BY-SA data).
"""

from __future__ import annotations

import pytest

from safe_archive.core.scrub.multilingual import LanguageParts, by_language
from safe_archive.core.scrub.recognizers.chinese_names import (
    NAME,
    WORD,
    ChineseNameTagger,
    chars_of,
    lexicon_spans,
    load_tagger,
    parse_lexicon,
    sentence_features,
    viterbi,
)
from safe_archive.core.scrub.recognizers.multilingual_name_recognizer import (
    load_name_evidence,
)


@pytest.fixture(scope="module")
def parts(names, words) -> LanguageParts:  # type: ignore[no-untyped-def]
    return LanguageParts.build(words, names)


def found(parts: LanguageParts, text: str) -> list[str]:
    segs = parts.identifier.segments(text)
    return [text[r.start:r.end] for r in parts.names.analyze_segments(text, segs)]


def test_evidence_file() -> None:
    ev = load_name_evidence()
    assert ev.is_name("kosor") and not ev.is_name("vlada")
    assert ev.suffix_name("sh", "jovanovic") and ev.suffix_name("da", "kristensen")
    assert not ev.suffix_name("sh", "govoriti")
    assert ev.suffix_word("sk", "vycitali")
    assert not ev.suffix_word("sk", "novakova")


@pytest.mark.parametrize("text, expected", [
    # a surname opening a sentence: its ending is how this language's surnames end
    ("Marković je rekao da se ništa nije promijenilo nakon sastanka.", ["Marković"]),
    ("Kristensen gav mig nøglerne, og så gik han hjem igen.", ["Kristensen"]),
    # initials inside and before a name
    ("Min træner hed Peter B. Lund, og alle kunne lide ham.", ["Peter B. Lund"]),
    ("Jeg har læst bogen af H. C. Jørgensen mange gange.", ["H. C. Jørgensen"]),
    # a regnal number after a name, with its full stop
    ("V roku 1600 pápež Klement VIII. navštívil mesto.", ["Klement VIII."]),
    # Danish genitive, with an apostrophe after -s; a name ending the text stays inside it
    ("Det var Mettes idé, ikke min.", ["Mettes"]),
    ("Den klub mente Lars' far var det rigtige sted for mig.", ["Lars'"]),
    ("Det var ikke min idé, det var Lars", ["Lars"]),
    # initials written together
    ("Bogen er skrevet af H.P. Jørgensen for mange år siden.", ["H.P. Jørgensen"]),
    # an unknown word opening a sentence whose ending is a verb's is no name
    ("Vyčítali mu, že skúma ekonomické využitie lesa.", []),
    # where words are compounded, a short unknown word opening a sentence may be a name; a
    # long one is a compound
    ("Kjelmo sagde ingenting til nogen om det, heller ikke til os.", ["Kjelmo"]),
    ("Kriminalpolitiet sagde ingenting til nogen om det, heller ikke til os.", []),
])
def test_names_from_evidence(parts: LanguageParts, text: str, expected: list[str]) -> None:
    assert found(parts, text) == expected


@pytest.mark.parametrize("text, expected", [
    # after a title or relation, Simplified and Traditional; the title is not the name
    ("我十四岁的时候，教练王建国开始每天晚上给我发信息。", ["王建国"]),
    ("我的老師陳志明一直傳訊息給我，我不敢告訴任何人。", ["陳志明"]),
    ("那年我十四岁，张伟老师开始骚扰我。", ["张伟"]),
    ("他的名字叫做刘德明，住在我家楼下。", ["刘德明"]),
    # the tagger alone
    ("我要感谢李明和刘芳的支持。", ["李明", "刘芳"]),
    # a name found once is found again wherever it recurs in the post
    ("教练王建国每天晚上给我发信息，后来王建国说那是我们的秘密。", ["王建国", "王建国"]),
    ("我从来没有告诉过任何人，直到今天。", []),
])
def test_chinese_names(parts: LanguageParts, text: str, expected: list[str]) -> None:
    assert parts.identifier.classify(text) == "zh"
    assert found(parts, text) == expected


def test_english_only_results_dropped_in_chinese(parts: LanguageParts) -> None:
    from presidio_analyzer import RecognizerResult

    text = "我从来没有告诉过任何人，直到今天。我的老師陳志明一直傳訊息給我。"
    s = text.index("告诉")
    r = RecognizerResult("PERSON", s, s + 6, 0.5, recognition_metadata={
        RecognizerResult.RECOGNIZER_NAME_KEY: "ContextNerRecognizer"})
    kept = [text[x.start:x.end] for x in by_language(text, [r], parts)]
    assert kept == ["陳志明"]


def test_latin_name_in_chinese_is_whole() -> None:
    tagger = load_tagger()
    text = "她的教練叫Michael Johnson，我們都很怕他。"
    spans = [text[a:b] for a, b in tagger.names(text)]
    assert "Michael Johnson" in spans


def test_viterbi_never_starts_inside() -> None:
    # I (2) scores best everywhere, but a name must start with B (1)
    path = viterbi([[0.0, 1.0, 5.0], [0.0, 0.0, 5.0], [9.0, 0.0, 0.0]],
                   [[0.0] * 3 for _ in range(3)])
    assert path == [1, 2, 0]


def test_lexicon_marks_where_words_and_names_start_and_end() -> None:
    lexicon = parse_lexicon("# made up\n王小明\tN\n小明\tWN\n明天\tW\n天气\tW\n")
    assert lexicon == {"王小明": NAME, "小明": WORD | NAME, "明天": WORD, "天气": WORD}
    chars = chars_of("王小明天气")
    # (longest word starting, ending, inside; longest name starting, ending, inside)
    assert lexicon_spans(chars, lexicon) == [
        (0, 0, 0, 3, 0, 0),  # 王: 王小明 starts
        (2, 0, 0, 2, 0, 1),  # 小: 小明 starts, inside 王小明
        (2, 2, 0, 0, 3, 0),  # 明: 小明 ends, 明天 starts, 王小明 ends
        (2, 2, 0, 0, 0, 0),  # 天: 明天 ends, 天气 starts
        (0, 2, 0, 0, 0, 0),  # 气
    ]
    with_lex = sentence_features(chars, lexicon)
    assert len(with_lex) == len(chars)
    assert "Ln300" in with_lex[0] and "Ln300" not in sentence_features(chars)[0]


def test_name_cut_short_takes_the_characters_names_are_written_with() -> None:
    # a made-up tagger: only "斯", "塔" and "都" are more often inside names than outside
    tagger = ChineseNameTagger({"0斯": (0.0, 0.0, 1.0), "0塔": (0.0, 0.0, 1.0),
                                "0都": (0.0, 0.0, 1.0), "0的": (1.0, 0.0, 0.0)},
                               [[0.0] * 3 for _ in range(3)])
    text = "他读了奥古斯塔的诗"
    a = text.index("奥")
    assert tagger._repair(text, a, a + 2, 0, len(text)) == (a, a + 4)  # 奥古 -> 奥古斯塔
    # never over a function character ("都": "all"), whatever the weights say
    text = "奥古都来了"
    assert tagger._repair(text, 0, 2, 0, len(text)) == (0, 2)
    # after a family name, a name is at most three characters long
    text = "我说王斯斯塔来了"
    a = text.index("王")
    assert tagger._repair(text, a, a + 2, 0, len(text)) == (a, a + 3)


def test_names_listed_beside_a_name_found() -> None:
    from safe_archive.core.scrub.recognizers.chinese_names import _listed

    text = "同期演员有王小明、张丽华、刘德明等人。"
    a = text.index("张丽华")
    got = sorted(text[x:y] for x, y in _listed(text, {(a, a + 3)}, 0, len(text)))
    assert got == ["刘德明", "王小明"]
    # items that do not start with a family name are no names; no name found, no list
    text = "我喜欢李明、苹果和香蕉。"
    a = text.index("李明")
    assert list(_listed(text, {(a, a + 2)}, 0, len(text))) == []
    assert list(_listed("王小明、张丽华", set(), 0, 7)) == []


def test_tagger_is_deterministic() -> None:
    text = "我的老師陳志明一直傳訊息給我。教練王建国也是。"
    a = list(load_tagger().names(text))
    fresh = ChineseNameTagger(load_tagger().weights, load_tagger().trans,
                              lexicon=load_tagger().lexicon)
    assert a == list(fresh.names(text)) and a


def _english_result(text: str, span: str, etype: str = "LOCATION") -> object:
    from presidio_analyzer import RecognizerResult

    s = text.index(span)
    return RecognizerResult(etype, s, s + len(span), 0.5, recognition_metadata={
        RecognizerResult.RECOGNIZER_NAME_KEY: "SocialNerRecognizer"})


@pytest.mark.parametrize("text, span, kept", [
    # an English NER span running on into the Spanish of a code-switched post is cut
    ("He was my coach at Lincoln High School, se llamaba Lucía Hernández y todos lo querían.",
     "Lincoln High School, se llamaba Lucía Hernández y todos lo querían",
     ["Lincoln High School", "Lucía Hernández"]),
    ("Valeria used to wait for me outside the house on 88 Elm Street después de la escuela. "
     "#NiUnaMenos", "Elm Street después de la escuela", ["Elm Street"]),
    # ordinary Spanish words alone: dropped ("la" is an English word too, far more a Spanish one)
    ("She used to wait for me outside the house after school, después de la escuela.",
     "la escuela", []),
    # particles inside a name stay with it
    ("I told my teacher about Ana María de la Cruz, después de la escuela.",
     "Ana María de la Cruz", ["Ana María de la Cruz"]),
])
def test_code_switched_english_results_lose_foreign_words(
        parts: LanguageParts, text: str, span: str, kept: list[str]) -> None:
    out = by_language(text, [_english_result(text, span)], parts)  # type: ignore[list-item]
    assert [text[r.start:r.end] for r in out if r.entity_type == "LOCATION"] == kept


def test_international_given_names(parts: LanguageParts) -> None:
    # census lists these only as surnames; the international list makes them given names
    assert found(parts, "Ich denke oft an Lukas und an die Wohnung in der Stadt.") == ["Lukas"]
    assert found(parts, "Sébastien disait que c'était notre secret, et je l'ai cru.") == [
        "Sébastien"]

"""Names written as hashtags: the context model reads hashtags as words (issue 13)."""

from __future__ import annotations

import pytest

from safe_archive.core.scrub.known import ScrubInput
from safe_archive.core.scrub.hashtag_view import HashtagReader, View, camel_pieces
from safe_archive.core.scrub.policy import CHANGES_TEXT, DEFAULT_POLICY
from safe_archive.core.scrub.scrubber import Scrubber


@pytest.fixture(scope="module")
def reader(names, words) -> HashtagReader:  # type: ignore[no-untyped-def]
    return HashtagReader(names, words)


@pytest.mark.parametrize("body,pieces", [
    ("RIPJaneMiller", ["RIP", "Jane", "Miller"]),
    ("Justice4Ana", ["Justice", "4", "Ana"]),
    ("iPhone", ["i", "Phone"]),
    ("Me_Too", ["Me", "_", "Too"]),
    ("lowercase", ["lowercase"]),
])
def test_camel_pieces(body: str, pieces: list[str]) -> None:
    assert camel_pieces(body) == pieces
    assert "".join(pieces) == body


@pytest.mark.parametrize("body,pieces", [
    ("RIPJaneMiller", ["RIP", "Jane", "Miller"]),
    ("freemarcusbell", ["free", "marcus", "bell"]),  # lower case: words and names
    ("justiceforkaylabrooks", ["justice", "for", "kayla", "brooks"]),
    ("VoteMeIissa", ["Vote", "Melissa"]),  # a capital I for an l
    ("McIntyre", ["Mc", "Intyre"]),  # a real capital I stays
    ("cute", ["cute"]),  # short lower-case tags are left alone
    ("qzxvwplk", ["qzxvwplk"]),  # no split into words: left alone
])
def test_reader_pieces(reader: HashtagReader, body: str, pieces: list[str]) -> None:
    got = reader.pieces(body)
    assert got == pieces
    assert len("".join(got)) == len(body)


def test_view_maps_every_character_back(reader: HashtagReader) -> None:
    text = "so #VoteMeIissa and #freemarcusbell, ok #Tag_Two"
    view = reader.view(text)
    assert view is not None
    assert view.text == "so #Vote Melissa and #free marcus bell, ok #Tag   Two"
    assert len(view.index) == len(view.text) + 1 and view.index[-1] == len(text)
    for k, ch in enumerate(view.text):
        orig = text[view.index[k]]
        assert ch == orig or ch == " " or (ch, orig) == ("l", "I")
    assert [text[a:b] for a, b in view.tags] == ["VoteMeIissa", "freemarcusbell", "Tag_Two"]
    assert reader.view("no tags here") is None
    assert reader.view("#") is None


def test_spans_back() -> None:
    text = "Ana at #GazaTrip #NewHaven"
    view = View("Ana at #Gaza Trip #New Haven",
                [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
                 20, 21, 22, 23, 24, 25, 26], [(8, 16), (18, 26)])
    got = view.spans_back([
        (0, 3, "PER", 0.9),     # outside any tag: unchanged
        (8, 12, "PER", 0.5),    # a name in a piece: the whole tag
        (8, 12, "LOC", 0.5),    # a place in part of a topic tag: dropped
        (19, 28, "LOC", 0.7),   # the whole tag a place: kept
    ])
    assert [(text[a:b], lab) for a, b, lab, _p in got] == [
        ("Ana", "PER"), ("GazaTrip", "PER"), ("NewHaven", "LOC")]
    assert view.words_back([(13, 17, 0.1)]) == [(12, 16, 0.1)]


NAMED = [
    ("everyone vote today #VoteMeIissa", "VoteMeIissa"),
    ("happy 30th #HappyBirthdayTamsin", "HappyBirthdayTamsin"),
    ("still waiting for answers #justiceforkaylabrooks", "justiceforkaylabrooks"),
    ("he posted again tonight #freemarcusbell", "freemarcusbell"),
]
TOPICS = [
    "finally told #WhyIStayed #SurvivorStrong",
    "new video up #ThrowbackThursday #SelfCareSunday",
    "good morning #MondayMotivation #GoodVibesOnly",
    "still here #IBelieveSurvivors #EndRapeCulture",
]


def test_context_model_reads_names_in_hashtags(scrubber: Scrubber) -> None:
    nlp = scrubber.engine.nlp_engine
    texts = [t for t, _tag in NAMED] + TOPICS
    arts = list(nlp.process_texts(texts))
    for (text, tag), art in zip(NAMED, arts):
        found = [(text[a:b], lab) for a, b, lab, _p in art.tokens.user_data["context"]]
        assert (tag, "PER") in found, (text, found)
    for text, art in zip(TOPICS, arts[len(NAMED):]):
        assert art.tokens.user_data["context"] == [], text


def test_name_hashtag_masked_whole_and_the_family_never(scrubber: Scrubber) -> None:
    text = "everyone vote today #VoteMeIissa #MeToo #WhyIStayed"
    found = scrubber.scrub([ScrubInput(text)])[0]
    masked = [(text[f.start:f.end], f.entity_type) for f in found
              if DEFAULT_POLICY.action(f.entity_type) in CHANGES_TEXT]
    assert masked == [("VoteMeIissa", "PERSON")]


@pytest.mark.parametrize("body,topic", [
    ("SurvivorStrong", True),
    ("domesticviolence", True),
    ("PrayForParis", True),
    ("TeamJake", False),  # a name the list takes
    ("JusticeForKaylaBrooks", False),
    ("Qzxvw", False),  # no English word: perhaps a name
    ("2024", False),  # nothing to read
])
def test_topic(reader: HashtagReader, body: str, topic: bool) -> None:
    assert reader.topic(body) is topic


def test_drop_topic_names(reader: HashtagReader) -> None:
    from presidio_analyzer import RecognizerResult

    text = "told at last #SurvivorStrong #TeamJake #Queen"

    def res(part: str, source: str, etype: str = "PERSON") -> RecognizerResult:
        a = text.index(part)
        return RecognizerResult(etype, a, a + len(part), 0.8,
                                recognition_metadata={"recognizer_name": source})

    guesses = [res("SurvivorStrong", "SocialNerRecognizer"), res("TeamJake", "NameListRecognizer"),
               res("SurvivorStrong", "known:archive"), res("SurvivorStrong", "X", "LOCATION")]
    a = text.index("Survivor")
    kept = reader.drop_topic_names(guesses, text, [(a, a + 8, 0.1), (a + 8, a + 14, 0.2)])
    assert kept == guesses[1:]
    # the context model reads a name in it: kept
    assert reader.drop_topic_names(guesses, text, [(a, a + 8, 0.7)]) == guesses
    assert reader.drop_topic_names(guesses, "no tags", []) == guesses
    # a tag of one word may be a name ("#Queen"): kept
    queen = [res("Queen", "ContextNerRecognizer")]
    q = text.index("Queen")
    assert reader.drop_topic_names(queen, text, [(q, q + 5, 0.1)]) == queen
    # with the model's spans: a place in a topic tag of several words goes too, unless the
    # model read the tag as a place
    read = [(a, a + 8, 0.1), (a + 8, a + 14, 0.2)]
    assert reader.drop_topic_names(guesses, text, read, spans_read=[]) == guesses[1:3]
    assert reader.drop_topic_names(guesses, text, read, spans_read=[(a, a + 14, "LOC", 0.4)]
                                   ) == guesses[1:]


def test_topic_hashtags_not_masked(scrubber: Scrubber) -> None:
    texts = ["finally told my story #WhyIStayed #SurvivorStrong",
             "two years on #domesticviolence #SurvivorStrong",
             "thinking of everyone there tonight #PrayForParis"]
    for text, found in zip(texts, scrubber.scrub([ScrubInput(t) for t in texts])):
        assert [f for f in found if DEFAULT_POLICY.action(f.entity_type) in CHANGES_TEXT] == [], text


def test_rest_of_a_name_in_a_hashtag(reader: HashtagReader) -> None:
    # after a given name, one capitalised word as a hashtag is read as the surname
    view = reader.view("freedom for Maria #Lopez. #Topic")
    assert view is not None and view.text == "freedom for Maria  Lopez. #Topic"
    # not after an ordinary word, nor before a tag of several words
    for text in ("freedom for all #Lopez", "freedom for Maria #LopezFamily"):
        view = reader.view(text)
        assert view is not None and "#Lopez" in view.text


@pytest.mark.parametrize("body,pieces", [
    # no split into known words: a cue or a given name, then one unknown word
    ("justiceforkaylaqzvorek", ["justice", "for", "kayla", "qzvorek"]),
    ("freeqzvorek", ["free", "qzvorek"]),
])
def test_unknown_name_after_a_cue(reader: HashtagReader, body: str, pieces: list[str]) -> None:
    assert reader.pieces(body) == pieces


@pytest.mark.parametrize("body,name", [
    ("FreeQzvorek", True),
    ("Justice4Qzvorek", True),
    ("HappyQzvorekDay", True),
    ("WeLoveYouQzvorek", True),
    ("freeqzvorek", True),
    ("FreeMarcusBell", True),  # a surname after a given name
    ("FreePalestine", False),  # an English word
    ("HappyHolidays", False),
    ("FreeNBA", False),  # an acronym
    ("Qzvorek", False),  # no cue
    ("ILoveSushi", False),
])
def test_cue_name(reader: HashtagReader, body: str, name: bool) -> None:
    assert reader.cue_name(body) is name


def test_cue_names_masked_topics_not(scrubber: Scrubber) -> None:
    texts = ["we will not stop #Justice4Qzvorek", "so proud today #HappyQzvorekDay",
             "so proud today #HappyHolidays #FreePalestine"]
    found = scrubber.scrub([ScrubInput(t) for t in texts])
    masked = [[(t[f.start:f.end], f.entity_type) for f in fs
               if DEFAULT_POLICY.action(f.entity_type) in CHANGES_TEXT]
              for t, fs in zip(texts, found)]
    assert masked[0] == [("Justice4Qzvorek", "PERSON")]
    assert masked[1] == [("HappyQzvorekDay", "PERSON")]
    # no person (the social NER takes "#FreePalestine" for a place: hashtag_topic_places)
    assert [m for m in masked[2] if m[1] == "PERSON"] == []

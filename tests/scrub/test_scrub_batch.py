"""The batch scrub with the real engine: offsets, known identifiers, lists, determinism."""

from __future__ import annotations

from safe_archive.core.model import Mention
from safe_archive.core.scrub.known import EMPTY_KNOWN, KnownIdentifiers, ScrubInput
from safe_archive.core.scrub.policy import DEFAULT_POLICY, Policy
from safe_archive.core.scrub.render import InMemoryLabeler, redact
from safe_archive.core.scrub.scrubber import Scrubber

OFFSET_TEXTS = [
    "👩‍👩‍👧 my bf jake hurt me, ask @jake_t",  # ZWJ family before the name
    "🏳️‍🌈🏳️‍⚧️ e\u0301e\u0301 my bf jake hurt me",  # flags with ZWJ and combining marks before
    "👍🏽 Jose\u0301 Tsosie hurt me",  # skin tone before, combining accent inside the name
    "my bf ja\u200dke hurt me 😢 call +44 20 7946 0958",  # ZWJ inside the name
    "𝓙𝓪𝓴𝓮 — mail jane.doe@gmail.com 🙏",  # astral-plane letters before an e-mail
]


def test_offsets_are_code_points(scrubber: Scrubber) -> None:
    results = scrubber.scrub([ScrubInput(t) for t in OFFSET_TEXTS])
    for text, found in zip(OFFSET_TEXTS, results):
        assert found, text
        for f in found:
            assert text[f.start:f.end] == f.text
            assert 0 <= f.start < f.end <= len(text)
    by_text = {t: {f.text for f in fs} for t, fs in zip(OFFSET_TEXTS, results)}
    assert {"jake", "@jake_t"} <= by_text[OFFSET_TEXTS[0]]
    assert "jake" in by_text[OFFSET_TEXTS[1]]
    assert any(x.startswith("Jose\u0301") for x in by_text[OFFSET_TEXTS[2]])
    assert "+44 20 7946 0958" in by_text[OFFSET_TEXTS[3]]
    assert "jane.doe@gmail.com" in by_text[OFFSET_TEXTS[4]]


def test_redaction_keeps_emoji_and_marks_around_names(scrubber: Scrubber) -> None:
    text = OFFSET_TEXTS[0]
    [found] = scrubber.scrub([ScrubInput(text)])
    out = redact(text, found, DEFAULT_POLICY, InMemoryLabeler())
    assert out.startswith("👩‍👩‍👧 my bf [PERSON_1] hurt me")
    assert "jake" not in out.casefold()
    text = OFFSET_TEXTS[2]
    [found] = scrubber.scrub([ScrubInput(text)])
    out = redact(text, found, DEFAULT_POLICY, InMemoryLabeler())
    assert out.startswith("👍🏽 [PERSON_1]") and "\u0301" not in out


def test_metadata_handles_and_names_found_bare_in_any_case(scrubber: Scrubber) -> None:
    inp = ScrubInput(
        "SURVIVOR_88 here. Quinn Oakhart told me, and dm kestrelwing about it",
        author_handle="survivor_88",
        author_name="Quinn Oakhart 🌸",
        mentions=(Mention(handle="kestrelwing"),),
    )
    [found] = scrubber.scrub([inp])
    got = {(f.text, f.entity_type, f.source) for f in found}
    assert ("SURVIVOR_88", "USERNAME", "known:author") in got
    assert ("kestrelwing", "USERNAME", "known:mention") in got
    assert any(t == "Quinn Oakhart" and e == "PERSON" for t, e, _s in got)


def test_archive_wide_known_identifiers_and_propagated_terms(scrubber: Scrubber) -> None:
    known = KnownIdentifiers.build(handles=["kestrelwing"], names=["Quinn Oakhart"],
                                   terms=[("Camp Wanakee", "LOCATION")])
    text = "kestrelwing and oakhart were at camp wanakee"
    [without] = scrubber.scrub([ScrubInput(text)])
    [found] = scrubber.scrub([ScrubInput(text)], known)
    got = {(f.text, f.entity_type, f.source) for f in found}
    assert ("kestrelwing", "USERNAME", "known:archive") in got
    assert ("camp wanakee", "LOCATION", "propagated") in got
    # without them nothing is attributed to the archive (the context model may still read
    # "camp wanakee" as a place on its own)
    assert not {f.source for f in without} & {"known:archive", "propagated"}


def test_allow_list_never_flagged_deny_list_always(scrubber: Scrubber) -> None:
    text = "#MeToo #IBelieveYou #JusticeForJake and the blue door"
    [found] = scrubber.scrub([ScrubInput(text)])
    assert not any("MeToo" in f.text or "IBelieveYou" in f.text for f in found)
    assert any("Jake" in f.text for f in found)
    policy = Policy(allow_list=("#MeToo", "#IBelieveYou", "#JusticeForJake"),
                    deny_list=("blue door",))
    [found] = scrubber.scrub([ScrubInput(text)], EMPTY_KNOWN, policy)
    assert [(f.text, f.entity_type) for f in found] == [("blue door", "DENY_LISTED")]


def test_keep_and_threshold(scrubber: Scrubber) -> None:
    text = "my bf jake hurt me when I was 13"
    [found] = scrubber.scrub([ScrubInput(text)], EMPTY_KNOWN,
                             DEFAULT_POLICY.with_rule("AGE", "keep"))
    assert {f.entity_type for f in found} == {"PERSON"}
    [found] = scrubber.scrub([ScrubInput(text)], EMPTY_KNOWN,
                             DEFAULT_POLICY.with_rule("PERSON", "pseudonym", 1.0))
    assert {f.entity_type for f in found} == {"AGE"}


def test_pure_and_deterministic(scrubber: Scrubber) -> None:
    texts = [
        "RT @jane_doe: Jake Tsosie was my coach at Desert Vista High when I was 13",
        "", "   ", "nothing to see here",
        "call 602.555.0123 or see https://t.co/abc in Tempe, Arizona on March 3, 2019",
    ] + OFFSET_TEXTS
    inputs = [ScrubInput(t) for t in texts]
    first = scrubber.scrub(inputs)
    assert scrubber.scrub(inputs) == first
    # batching and order do not change any post's findings
    assert [scrubber.scrub([i])[0] for i in inputs] == first
    assert scrubber.scrub(inputs[::-1]) == first[::-1]
    assert first[1] == [] and first[2] == []
    assert scrubber.scrub([]) == []


def test_example_from_the_issue(scrubber: Scrubber) -> None:
    text = "He was my coach at Desert Vista High. I was 13."
    [found] = scrubber.scrub([ScrubInput(text)])
    out = redact(text, found, DEFAULT_POLICY, InMemoryLabeler())
    assert out == "He was my coach at [a high school]. I was [age 12–14]."


def test_confirmed_terms_propagate_to_every_post(scrubber: Scrubber) -> None:
    from safe_archive.core.model import Finding

    posts = [ScrubInput("Bear hurt me at camp"), ScrubInput("everyone knew the bear did it")]
    first = scrubber.scrub(posts)
    assert "bear" not in {f.text.casefold() for f in first[1]}  # a nickname, an ordinary word
    reviewer = Finding(0, 4, "PERSON", 1.0, "manual", "Bear")  # confirmed in post 1
    known = EMPTY_KNOWN.with_confirmed([reviewer])
    second = scrubber.scrub(posts, known)
    assert ("bear", "PERSON", "propagated") in {(f.text, f.entity_type, f.source)
                                                 for f in second[1]}


def test_handles_stay_whole_when_the_ner_tags_around_them(scrubber: Scrubber) -> None:
    texts = ["RT @_Mo_lee_: Where's the emoji for I'm always right?",
             "RT @allegiantBRE_: I'll only say I'm done a couple of times"]
    for text, found in zip(texts, scrubber.scrub([ScrubInput(t) for t in texts])):
        handle = text.split()[1].rstrip(":")
        assert (handle, "USERNAME") in {(f.text, f.entity_type) for f in found}
        assert not any(f.text.startswith("RT") for f in found)


def test_ner_spans_lose_emoji_edges_and_links() -> None:
    from presidio_analyzer import RecognizerResult

    from safe_archive.core.scrub.batch import _without_links

    def ner(text: str, start: int, end: int) -> list[str]:
        r = RecognizerResult("PERSON", start, end, 0.85,
                             recognition_metadata={"recognizer_name": "SpacyRecognizer"})
        return [text[p.start:p.end] for p in _without_links(r, text)]

    assert ner("ya Jake 💕 ok", 3, 10) == ["Jake"]
    assert ner("😩 hi", 0, 1) == []
    assert ner("RT @_Mo_lee_: Where", 0, 12) == []
    assert ner("Jake @jake_t said", 0, 12) == ["Jake"]
    assert ner("Jake O'Neil-", 0, 12) == ["Jake O'Neil-"]  # punctuation is left to the merge

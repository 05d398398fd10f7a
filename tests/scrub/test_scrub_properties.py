"""Property-based test of the whole default scrubber on generated hostile posts.

The parts that rewrite text and map offsets back (hashtags read as words, the context model's
view of camel-case hashtags, name cues, the hashtag cue recognizer, weak guesses, person
trimming, the Chinese tagger, sentence splitting around initials) are driven with posts built
from pieces that stress them: camel-case and lower-case hashtags (with '#' or the full-width
'＃', digits, '_', zero-width characters, combining accents), emoji with skin tones and ZWJ,
astral-plane letters, Chinese runs, Arabic with RTL marks, initials, possessives, lists and
'feat.'. For every finding the span must lie in the text and carry its exact text, and a post's
findings must be the same scrubbed alone and inside a batch of other posts.

Bounded and deterministic (derandomize=True) so CI runs the same examples every time.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safe_archive.core.model import Finding
from safe_archive.core.scrub.known import ScrubInput
from safe_archive.core.scrub.scrubber import Scrubber

ZW = ["\u200d", "\u200b", "\u200c", "\u2060", "\ufeff"]  # ZWJ, ZWSP, ZWNJ, word joiner, BOM
RTL = ["\u200f", "\u200e", "\u202b", "\u202c", "\u2067", "\u2069"]
COMBINING = ["\u0301", "\u0308", "\u0327", "\u0303"]
SKIN = ["\U0001F3FB", "\U0001F3FD", "\U0001F3FF"]
EMOJI = ["😢", "🙏", "👍", "👩‍👩‍👧", "🏳️‍🌈", "❤️", "😭😭", "🌸"]
ASTRAL = ["𝓙𝓪𝓴𝓮", "𝐌𝐚𝐫𝐜𝐨", "𝔍𝔢𝔰𝔰", "𝒜𝓃𝓃𝒶"]

FIRST = ["Jessica", "Tom", "Marco", "Priya", "DeShawn", "Oksana", "Jose\u0301", "Ana", "Kim",
         "jake", "klay", "Zoë", "Nguyen", "Quinn"]
LAST = ["Miller", "Baker", "Rossi", "Tsosie", "O'Brien", "Oakhart", "García", "Lee", "Smith"]
WORDS = ["justice", "for", "me", "too", "believe", "survivor", "never", "again", "stop",
         "the", "blue", "door", "home", "Friday", "Paris", "love", "and", "hurt", "school"]
CHINESE = ["王小明", "李华说他打了我", "我和张伟去了北京", "陈", "欧阳娜娜和刘德华", "他说"]
ARABIC = ["محمد", "قال لي أحمد", "فاطمة الزهراء", "مرحبا"]


def _decorate(draw: st.DrawFn, word: str) -> str:
    """Maybe put a zero-width char or combining accent inside or after ``word``."""
    kind = draw(st.sampled_from(["", "", "zw", "acc", "digit", "us"]))
    if not word or not kind:
        return word
    cut = draw(st.integers(0, len(word)))
    extra = {"zw": draw(st.sampled_from(ZW)), "acc": draw(st.sampled_from(COMBINING)),
             "digit": str(draw(st.integers(0, 99))), "us": "_"}[kind]
    return word[:cut] + extra + word[cut:]


@st.composite
def hashtag(draw: st.DrawFn) -> str:
    mark = draw(st.sampled_from(["#", "#", "＃"]))
    parts = draw(st.lists(st.sampled_from(FIRST + LAST + WORDS + CHINESE[:1] + ARABIC[:1]),
                          min_size=1, max_size=4))
    style = draw(st.sampled_from(["camel", "lower", "upper", "snake"]))
    if style == "camel":
        parts = [p[:1].upper() + p[1:] for p in parts]
        body = "".join(parts)
    elif style == "lower":
        body = "".join(p.lower() for p in parts)
    elif style == "upper":
        body = "".join(p.upper() for p in parts)
    else:
        body = "_".join(parts)
    return mark + _decorate(draw, body)


@st.composite
def name(draw: st.DrawFn) -> str:
    first = _decorate(draw, draw(st.sampled_from(FIRST)))
    form = draw(st.sampled_from(["first", "full", "initials", "poss", "astral"]))
    if form == "full":
        return f"{first} {draw(st.sampled_from(LAST))}"
    if form == "initials":
        a, b = draw(st.sampled_from("AJKMT")), draw(st.sampled_from("IJLR"))
        return draw(st.sampled_from([f"{a}. {b}.", f"{a}. {b}. {draw(st.sampled_from(LAST))}",
                                     f"{a}.{b}.", f"{first} {b}."]))
    if form == "poss":
        return first + draw(st.sampled_from(["'s", "’s", "s'"]))
    if form == "astral":
        return draw(st.sampled_from(ASTRAL))
    return first


@st.composite
def piece(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["hashtag", "name", "list", "feat", "word", "emoji", "zh",
                                 "ar", "punct", "mention"]))
    if kind == "hashtag":
        return draw(hashtag())
    if kind == "name":
        return draw(name())
    if kind == "list":
        items = draw(st.lists(name(), min_size=2, max_size=4))
        return ", ".join(items[:-1]) + draw(st.sampled_from([" and ", ", and ", " & ", "、"])) \
            + items[-1]
    if kind == "feat":
        return f"{draw(name())} {draw(st.sampled_from(['feat.', 'ft.', 'Feat.']))} {draw(name())}"
    if kind == "word":
        return _decorate(draw, draw(st.sampled_from(WORDS)))
    if kind == "emoji":
        e = draw(st.sampled_from(EMOJI))
        return e + draw(st.sampled_from(["", *SKIN]))
    if kind == "zh":
        return draw(st.sampled_from(CHINESE))
    if kind == "ar":
        return draw(st.sampled_from(RTL)) + draw(st.sampled_from(ARABIC)) \
            + draw(st.sampled_from(["", *RTL]))
    if kind == "mention":
        return "@" + draw(st.sampled_from(FIRST)).lower() + draw(st.sampled_from(["", "_t", "88"]))
    return draw(st.sampled_from([".", ",", "!", "?", "—", "(", ")", ":", "…", "\n", "'", '"']))


@st.composite
def post(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(piece(), min_size=1, max_size=10))
    seps = [draw(st.sampled_from([" ", " ", " ", "", "  ", "\n", "\u3000", "\u00a0"]))
            for _ in pieces]
    return "".join(p + s for p, s in zip(pieces, seps)).strip(" ") or pieces[0]


def _key(f: Finding) -> tuple[int, int, str, str, str]:
    return (f.start, f.end, f.entity_type, f.source, f.text)


def _same(a: list[Finding], b: list[Finding], text: str) -> None:
    sa, sb = sorted(a, key=_key), sorted(b, key=_key)
    assert [_key(f) for f in sa] == [_key(f) for f in sb], text
    for fa, fb in zip(sa, sb):
        assert fa.score == fb.score, (text, fa, fb)


def _check_offsets(text: str, found: list[Finding]) -> None:
    for f in found:
        assert 0 <= f.start < f.end <= len(text), (text, f)
        assert text[f.start:f.end] == f.text, (text, f)


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(posts=st.lists(post(), min_size=2, max_size=6))
def test_findings_lie_in_the_text_and_do_not_depend_on_the_batch(
        scrubber: Scrubber, posts: list[str]) -> None:
    together = scrubber.scrub([ScrubInput(t) for t in posts])
    assert len(together) == len(posts)
    for text, found in zip(posts, together):
        _check_offsets(text, found)
    # each post alone: same findings as inside the batch (scrub the first and last alone; the
    # rest reversed in a batch, so both position and neighbours change)
    for i in (0, len(posts) - 1):
        [alone] = scrubber.scrub([ScrubInput(posts[i])])
        _same(alone, together[i], posts[i])
    reordered = scrubber.scrub([ScrubInput(t) for t in reversed(posts)])
    for text, a, b in zip(reversed(posts), reordered, reversed(together)):
        _same(a, b, text)


def test_hostile_pieces_offsets_examples(scrubber: Scrubber) -> None:
    """A few fixed posts of the generated kind, so a failure names a plain example."""
    texts = ["＃JessicaMiller\u200d feat. K. L. 😢👍🏽", "#justice4jake_t 王小明和李华 \u200fمحمد\u200f",
             "A. I. Smith's, Tom, Marco and Priya’s ＃Jose\u0301Tsosie 𝓙𝓪𝓴𝓮"]
    results = scrubber.scrub([ScrubInput(t) for t in texts])
    for text, found in zip(texts, results):
        _check_offsets(text, found)
    assert any("Jessica" in f.text for f in results[0])
    assert any("王小明" in f.text for f in results[1])


def test_social_ner_score_is_batch_invariant(scrubber: Scrubber) -> None:
    """Found by the property test: the social NER gave 'J62essica L' p 0.527583 alone and
    0.527585 after '#Jessica #Jessica', scores 0.6665 vs 0.6666, so `detect` output for a post
    depended on the posts scrubbed with it (issue 13 asks for byte-identical findings): numpy's
    BLAS gives a row a result that depends on the rows beside it. The engine's row-stable
    matrix products (engine._row_stable_ops) fixed it."""
    post = "justice  Ana7’s Feat. J62essica L.\xa0"
    [alone] = scrubber.scrub([ScrubInput(post)])
    _first, in_batch = scrubber.scrub([ScrubInput("#Jessica #Jessica"), ScrubInput(post)])
    assert [(*_key(f), f.score) for f in sorted(alone, key=_key)] \
        == [(*_key(f), f.score) for f in sorted(in_batch, key=_key)]

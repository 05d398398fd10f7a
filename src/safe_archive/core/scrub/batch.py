"""The scrub of a batch as a pure function: texts + known identifiers + policy -> findings.

Same inputs, same engine configuration -> same findings, in the same order, whatever ran
before (the caches below only hold recognizers built from the arguments). That is what lets
the same code run in worker processes today and on a distributed engine later.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import cache, lru_cache
from importlib import resources
from typing import Literal, TypeVar

from presidio_analyzer import EntityRecognizer, RecognizerResult

from safe_archive.core.model import Finding
from safe_archive.core.redaction.spans import resolve_overlaps
from safe_archive.core.scrub import entities as E
from safe_archive.core.scrub.context_veto import context_veto, weak_guesses
from safe_archive.core.scrub.engine import ScrubEngine
from safe_archive.core.scrub.known import KnownIdentifiers, ScrubInput, allow_key
from safe_archive.core.scrub.multilingual import by_language
from safe_archive.core.scrub.name_cues import NameCues, context_spans
from safe_archive.core.scrub.numbers import MONTHS
from safe_archive.core.scrub.policy import CHANGES_TEXT, Action, Policy
from safe_archive.core.scrub.recognizers.deny_list_recognizer import DenyListRecognizer
from safe_archive.core.scrub.recognizers.disguise_recognizer import DisguiseRecognizer
from safe_archive.core.scrub.recognizers.name_list_recognizer import (
    _CONTEXT,
    _TITLES,
    NameListRecognizer,
)
from safe_archive.core.scrub.recognizers.known_identifier_recognizer import (
    KnownIdentifierRecognizer,
    KnownTerm,
)

_CACHE_LIMIT = 8


def name_terms(name: str, source: str, engine: ScrubEngine) -> Iterable[KnownTerm]:
    """A display name, and its parts that are known first/last names ("Jane Doe 🌸" -> Jane, Doe)."""
    clean = " ".join(re.findall(r"[^\W\d_][\w'’\-]*", name))
    if len(clean) >= 2:
        yield KnownTerm(clean, E.PERSON, source, 0.9)
    parts = clean.split()
    if len(parts) > 1:
        for part in parts:
            entry = engine.names.get(part.casefold())
            if len(part) >= 3 and entry is not None and entry.zipf < 5.0:
                yield KnownTerm(part, E.PERSON, source, 0.8)


def _post_terms(inp: ScrubInput, engine: ScrubEngine) -> list[KnownTerm]:
    terms = []
    if inp.author_handle:
        terms.append(KnownTerm(inp.author_handle, E.USERNAME, "known:author"))
    if inp.author_name:
        terms.extend(name_terms(inp.author_name, "known:author", engine))
    for m in inp.mentions:
        if m.handle:
            terms.append(KnownTerm(m.handle, E.USERNAME, "known:mention"))
        if m.name:
            terms.extend(name_terms(m.name, "known:mention", engine))
    return terms


_T = TypeVar("_T")


def _cached(engine: ScrubEngine, key: object, build: Callable[[], _T]) -> _T:
    cache = engine.cache
    rec = cache.get(key)
    if rec is None:
        if len(cache) >= _CACHE_LIMIT:
            cache.pop(next(iter(cache)))
        rec = build()
        cache[key] = rec
    return rec


def _archive_recognizer(known: KnownIdentifiers, engine: ScrubEngine) -> EntityRecognizer:
    def build() -> EntityRecognizer:
        terms: list[KnownTerm] = [KnownTerm(h, E.USERNAME, "known:archive") for h in known.handles]
        for n in sorted(known.names):
            terms.extend(name_terms(n, "known:archive", engine))
        terms += [KnownTerm(t, etype, "propagated") for t, etype in known.terms]
        return KnownIdentifierRecognizer(sorted(terms, key=lambda t: (t.text, t.entity)),
                                         name="ArchiveKnownRecognizer")

    return _cached(engine, ("known", known), build)


def _allow_spans(text: str, allow: Sequence[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    gate, patterns, literals = _allow_patterns(tuple(allow))
    if gate is not None and gate.search(text):  # most posts hold no allowed term at all
        # each term's pattern (a look-behind, then the term ignoring case) took ~4 us per post
        # even where the term is absent (300 us for a post with #MeToo): in ASCII text an
        # ASCII term can only match where its lower-case letters are (ignoring case is then
        # lower-casing), so the others are skipped
        low = text.lower() if text.isascii() else None
        for pattern, literal in zip(patterns, literals):
            if low is None or literal is None or (literal is not False and literal in low):
                spans.extend(m.span() for m in pattern.finditer(text))
    if "#" in text or "＃" in text:
        # the same hashtags written otherwise: "＃ＭｅＴｏｏ", "#Me_Too", "#YoTambien"
        exact, prefixes = _hashtag_keys(tuple(allow))
        for m in _HASHTAG_WORD.finditer(text):
            key = allow_key(m.group())
            if key in exact or any(key.startswith(p) for p in prefixes):
                spans.append(m.span())
    return sorted(set(spans))


def _allow_body(term: str) -> str:
    # "#MeToo*": every hashtag starting so (#MeTooUK, #MeTooLeipzig)
    return re.escape(term[:-1]) + r"\w*" if term.endswith("*") and len(term) > 2 else re.escape(term)


@lru_cache(maxsize=8)
def _allow_patterns(allow: tuple[str, ...]) -> tuple[
        re.Pattern[str] | None, tuple[re.Pattern[str], ...], tuple[str | Literal[False] | None, ...]]:
    """One compiled pattern per allow-list term (compiled once per list, not once per post:
    that was a tenth of the fast profile's time), and one that matches wherever any of them
    could: a post it does not match has no allowed span, so the per-term patterns (each finds
    its own, possibly overlapping spans) are skipped. And each term's text in lower case when
    it is ASCII: every match of its pattern in an ASCII text holds it (``_ascii_literal``)."""
    if not allow:
        return None, (), ()
    patterns = tuple(re.compile(r"(?<![\w#@])" + _allow_body(t) + r"(?!\w)", re.IGNORECASE)
                     for t in allow)
    literals = tuple(_ascii_literal(t[:-1] if _allow_body(t) != re.escape(t) else t)
                     for t in allow)
    return re.compile("|".join(_allow_body(t) for t in allow), re.IGNORECASE), patterns, literals


def _ascii_literal(term: str) -> str | Literal[False] | None:
    """What a case-ignoring match of ``term`` holds in an ASCII text: the term in lower case
    (an ASCII term); False when it cannot match ASCII text at all (a letter of it that
    matches no ASCII character ignoring case: "é", "ż"); None when it may ("İ" matches "i")."""
    if term.isascii():
        return term.lower()
    for ch in set(term) - set(map(chr, range(128))):
        rx = re.compile(re.escape(ch), re.IGNORECASE)
        if not any(rx.fullmatch(chr(a)) for a in range(128)):
            return False
    return None


_HASHTAG_WORD = re.compile(r"(?<![\w#＃@])[#＃][\w\u200b-\u200d\ufe0f]+")


@lru_cache(maxsize=8)
def _hashtag_keys(allow: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """The allow-list's hashtags by :func:`~safe_archive.core.scrub.known.allow_key`: exact
    keys, and the prefixes of "#MeToo*" entries."""
    tags = [t for t in allow if t[:1] in "#＃" and len(t) > 2]
    exact = frozenset(allow_key(t) for t in tags if not t.endswith("*"))
    prefixes = tuple(sorted({allow_key(t[:-1]) for t in tags if t.endswith("*")}))
    return exact, tuple(p for p in prefixes if p)


@lru_cache(maxsize=8)
def _allow_keys(allow: tuple[str, ...]) -> frozenset[str]:
    """Every allow-list entry's key, computed once per policy (not once per text)."""
    return frozenset(allow_key(t) for t in allow)


NER_SOURCES = frozenset({"SpacyRecognizer", "SocialNerRecognizer", "ContextNerRecognizer"})


# One-word spans that the NERs and the rare-word rules take for names but that are
# interjections, chat abbreviations, insults and address terms ("OMG", "Dude", "ur", "Idiot").
_NEVER_NAMES = frozenset(
    "lol lool loool lmao lmfao lmaoo rofl omg omfg wtf wth idk idc imo imho tbh smh af rip "
    "wow woah whoa epic ps plz pls thx ty u ur yo ya yah yeah yup nah nope umm um uh hmm "
    "ugh aww awww boo luv vid vids gon dem dat dis dey sec bruh bro brah dude dudes fam "
    "homie sis girl idiot moron coward loser nigga pussy bitch dad mom mum mummy daddy "
    "mommy bae babe baby hun honey sir madam ma'am subscribe".split()
)
NAME_SOURCES = NER_SOURCES | {"NameListRecognizer"}


@cache
def not_names() -> frozenset[str]:
    """Platforms, programming languages, file formats ("Twitter", "Python", "CSV"): never a
    name or an organisation to mask (``resources/scrub/not_names.txt``, read on first use)."""
    path = resources.files("safe_archive.resources") / "scrub" / "not_names.txt"
    return frozenset(line.strip().casefold() for line in path.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))


@cache
def demonyms() -> frozenset[str]:
    """Nationalities, peoples, languages and religions ("Chinese", "Jamaicans", "Arabic",
    "Muslim"): a group, not an identifier (``resources/scrub/demonyms.txt``, read on first use)."""
    path = resources.files("safe_archive.resources") / "scrub" / "demonyms.txt"
    return frozenset(line.strip().casefold() for line in path.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))


def is_demonym(word: str) -> bool:
    """``word`` (case-folded) is a nationality, people, language or religion, or its plural."""
    groups = demonyms()
    return word in groups or (word[-1:] == "s" and word[:-1] in groups) or (
        word[-2:] == "es" and word[:-2] in groups)


def _misspelt_test(engine: ScrubEngine) -> Callable[[str], bool] | None:
    """The name list's word-shape tests as one function: a word that is no English word but
    a misspelling, stretching or laughter ("casaulties", "Motherfucke", "LOLOLOL"), or a
    common word with a letter held ("ITTTTTTT"), and not a stretched name ("JAKEEE")."""
    if not engine.names or engine.config.context_misspelt_max_prob is None:
        return None

    test = engine.cache.get("misspelt")
    if test is None:
        c = engine.config
        shapes = NameListRecognizer(
            engine.names, engine.words, max_zipf=c.name_max_zipf, given_max_zipf=c.given_max_zipf,
            lower_last_max_zipf=c.lower_last_max_zipf)

        def test(word: str) -> bool:
            held = _HELD_LETTER.search(word.casefold()) is not None
            if shapes.word_zipf(word) != 0.0 and not held:
                return False
            return shapes.looks_like_word(word) and not shapes._stretched_name(word)

        engine.cache["misspelt"] = test
    return test


_HELD_LETTER = re.compile(r"([^\W\d_])\1\1")


def _listed_name(word: str, engine: ScrubEngine) -> bool:
    """A lower-cased word the name list takes for a name even though it is also a word: rarer
    than ``name_max_zipf``, or mostly tagged as a person in the train splits."""
    entry = engine.names.get(word)
    return entry is not None and (entry.zipf < engine.config.name_max_zipf
                                  or entry.person_ratio >= 0.5 and entry.occurrences >= 2)


def _common_word_ner(r: RecognizerResult, text: str, engine: ScrubEngine) -> bool:
    """A one-word name guess that is no name: an interjection or address term from
    ``_NEVER_NAMES`` ("OMG", "Dude"), a platform or format (:func:`not_names`), a
    nationality, language or religion (:func:`demonyms`: "Jamaicans", "Arabic"), or an NER
    organization that is a common English word ("GREAT", "LoL")."""
    meta = r.recognition_metadata or {}
    source = meta.get(RecognizerResult.RECOGNIZER_NAME_KEY)
    if source not in NAME_SOURCES:
        return False
    word = text[r.start:r.end].strip(" .,!?:;'\"()").casefold()
    if word in _NEVER_NAMES or word in not_names():
        return True
    if not engine.config.mask_demonyms and is_demonym(word):  # "the Chinese", "in Arabic"
        return True
    limit = engine.config.ner_common_zipf
    if limit is None or source not in NER_SOURCES:
        return False
    if r.entity_type != E.ORGANIZATION:  # places and people are often common words too
        return False
    if not word or not word.replace("'", "").isalpha():
        return False
    if _listed_name(word, engine):
        return False
    return engine.words.get(word, 0.0) >= limit


# Words an NER takes along with a name but that are not part of it: roles ("coach Tom
# Brady"), determiners and greetings ("my Jake", "hey Anna"), laughter ("martin lmao").
# Honorifics ("Ms. Gaynes", "Lord Hanuman") stay: the name-list recognizer and the annotated
# corpora both count them as part of the name.
_EDGE_WORDS = frozenset(
    "the a an my our your his her their ya yo dear hey hi hello rip r.i.p lol lmao lmfao "
    "omg haha hahaha xd coach uncle aunt auntie officer sgt detective judge senator "
    "president captain general doctor teacher brother bro sister sis mom mum dad".split()
) | (_CONTEXT - _TITLES)  # "my bf jake", "stepdad Mike"; honorifics stay
_SPAN_WORD = re.compile(r"[^\s]+")
_CLITIC = re.compile(r"['’](?:s|re|m|ll|d|ve|t)")


def _trim_person(r: RecognizerResult, text: str, engine: ScrubEngine,
                 words_read: Sequence[tuple[int, int, float]] = ()) -> RecognizerResult | None:
    """Trim an NER PERSON span to its name words (and a place's or organisation's span of
    its leading article: "the United States").

    The NERs take titles and neighbouring words along ("coach Tom Brady", "tom brady again",
    "Travis scott sold"). Masking those costs little, but the span is also the *term* the
    archive propagates and pseudonymises: "coach Tom Brady" and "Tom Brady" would get two
    labels for one person. An edge word is dropped when it is in ``_EDGE_WORDS`` or is a
    common lower-case English word (Zipf >= 4.5) that is not a known name, unless the
    context model read it as part of a name (``words_read``: its words' PER probabilities;
    ``EngineConfig.trim_keep_prob``): "martin short" stays whole, "Martin Short sucks" not."""
    meta = r.recognition_metadata or {}
    if not engine.config.trim_person or meta.get(RecognizerResult.RECOGNIZER_NAME_KEY) not in NER_SOURCES:
        return r
    words = [(m.start() + r.start, m.end() + r.start) for m in _SPAN_WORD.finditer(text[r.start:r.end])]
    if len(words) < 2:
        return r
    if r.entity_type != E.PERSON:  # places, organisations: only a leading article goes
        if text[words[0][0]:words[0][1]].casefold() in ("the", "a", "an"):
            return RecognizerResult(r.entity_type, words[1][0], r.end, r.score,
                                    r.analysis_explanation, r.recognition_metadata)
        return r

    def droppable(a: int, b: int) -> bool:
        if b - a == 2 and text[a].isupper() and text[a + 1] == ".":
            return False  # an initial ("A. I. Rabin"), not the article "a"
        w = text[a:b].strip(".,!?:;\"()").casefold()
        if w in _EDGE_WORDS or _CLITIC.fullmatch(w):  # "It’s Obama": not "’s Obama"
            return True
        if not text[a:b].islower() or not w.isalpha():
            return False
        if _listed_name(w, engine):
            return False
        zipf = engine.words.get(w, 0.0)
        keep = engine.config.trim_keep_prob
        if (keep is not None and zipf < 6.0  # not "and", "or": "amy and jake" are two
                and any(s < b and a < e and p >= keep for s, e, p in words_read)):
            return False
        return zipf >= 4.5

    lo, hi = 0, len(words)
    while hi - lo > 1 and droppable(*words[lo]):
        lo += 1
    while hi - lo > 1 and droppable(*words[hi - 1]):
        hi -= 1
    if (lo, hi) == (0, len(words)):
        return r
    if hi - lo == 1 and droppable(*words[lo]):
        return None
    return RecognizerResult(r.entity_type, words[lo][0], words[hi - 1][1], r.score,
                            r.analysis_explanation, r.recognition_metadata)


_LINKISH = re.compile(r"\S*(?:://|www\.|[@＠])\S*")


def _is_symbol(ch: str) -> bool:
    """Emoji and other symbols, their modifiers and joiners, and spaces."""
    return ch.isspace() or unicodedata.category(ch)[0] == "S" or ch in "\u200d\ufe0f\ufe0e"


def _without_links(r: RecognizerResult, text: str) -> list[RecognizerResult]:
    """An NER span that swallowed a link or a handle ("read https://t.co/x", "RT @jane_" as
    PERSON) keeps only its other words: the URL/USERNAME/EMAIL recognizers report those
    themselves, and the NER's guess would give them the wrong type or cut a handle short."""
    meta = r.recognition_metadata or {}
    if meta.get(RecognizerResult.RECOGNIZER_NAME_KEY) not in NER_SOURCES:
        return [r]
    value = text[r.start:r.end]
    if not _LINKISH.search(value):
        # emoji or punctuation at the edges ("ya girl 💕", "😩") are not part of a name
        s, e = r.start, r.end
        while s < e and _is_symbol(text[s]):
            s += 1
        while e > s and _is_symbol(text[e - 1]):
            e -= 1
        if e <= s:
            return []
        if (s, e) == (r.start, r.end):
            return [r]
        return [RecognizerResult(r.entity_type, s, e, r.score, r.analysis_explanation,
                                 r.recognition_metadata)]
    out = []
    pos = r.start
    for m in _LINKISH.finditer(value):
        out.append((pos, r.start + m.start()))
        pos = r.start + m.end()
    out.append((pos, r.end))
    pieces = []
    for s, e in out:
        while s < e and not text[s].isalnum():
            s += 1
        while e > s and not text[e - 1].isalnum():
            e -= 1
        if e > s and text[s:e].casefold() not in ("rt", "via", "cc"):
            pieces.append(RecognizerResult(r.entity_type, s, e, r.score,
                                           r.analysis_explanation, r.recognition_metadata))
    return pieces


_TRAILING = frozenset(".,;:!?\"')”’…")


def _is_mark(ch: str) -> bool:
    """Combining marks, ZWJ/ZWNJ and variation selectors belong to the character before."""
    return unicodedata.category(ch) in ("Mn", "Me") or ch in "\u200c\u200d" or (
        "\ufe00" <= ch <= "\ufe0f")


def _to_finding(r: RecognizerResult, text: str) -> Finding:
    meta = r.recognition_metadata or {}
    source = str(meta.get(RecognizerResult.RECOGNIZER_NAME_KEY, "unknown"))
    start, end = r.start, r.end
    if source in NER_SOURCES:  # the models often take the sentence's full stop along
        while end > start + 1 and text[end - 1] in _TRAILING:
            end -= 1
    while end < len(text) and _is_mark(text[end]):  # "Jose\u0301" is one name
        end += 1
    return Finding(start, end, r.entity_type, float(r.score), source, text[start:end])


def findings_for_text(
    text: str,
    results: Iterable[RecognizerResult],
    policy: Policy,
) -> list[Finding]:
    """Policy filters (threshold, keep, allow-list) and overlap resolution for one text."""
    allow_spans = _allow_spans(text, policy.allow_list)
    allow_keys = _allow_keys(tuple(policy.allow_list))
    out = []
    for r in results:
        rule = policy.rule(r.entity_type)
        if rule.action is Action.KEEP or r.score < rule.threshold:
            continue
        if r.entity_type != E.DENY_LISTED:
            if any(a <= r.start and r.end <= b for a, b in allow_spans):
                continue
            if allow_key(text[r.start:r.end]) in allow_keys:
                continue
        out.append(_to_finding(r, text))
    return resolve_overlaps(out, text, lambda t: policy.action(t) in CHANGES_TEXT, priority=E.PRIORITY)


# spaCy refuses texts over nlp.max_length (1,000,000 characters; error E088), and NER time
# grows with length: longer texts are scrubbed in overlapping pieces cut at white space.
MAX_CHUNK_CHARS = 50_000
CHUNK_OVERLAP = 1_000


def _pieces(text: str) -> list[tuple[int, str]]:
    """(offset, piece) covering ``text``; pieces start and end at white space and overlap by
    about CHUNK_OVERLAP characters, so a name cut by one piece's end is whole in the next."""
    if len(text) <= MAX_CHUNK_CHARS:
        return [(0, text)]
    pieces: list[tuple[int, str]] = []
    start = 0
    while True:
        end = min(len(text), start + MAX_CHUNK_CHARS)
        if end < len(text):
            cut = max(text.rfind(" ", start + MAX_CHUNK_CHARS // 2, end), text.rfind("\n", start + MAX_CHUNK_CHARS // 2, end))
            if cut > start:
                end = cut
        pieces.append((start, text[start:end]))
        if end >= len(text):
            return pieces
        nxt = max(start + 1, end - CHUNK_OVERLAP)
        space = text.find(" ", nxt, end)
        start = space + 1 if space != -1 else nxt


def scrub_batch(
    inputs: Sequence[ScrubInput],
    known: KnownIdentifiers,
    policy: Policy,
    engine: ScrubEngine,
) -> list[list[Finding]]:
    """Findings for each input, in input order (code-point offsets, non-overlapping).

    Texts longer than MAX_CHUNK_CHARS are scrubbed piece by piece (see :func:`_pieces`) and
    their findings shifted back and merged, so a 2 MB story is scrubbed, not refused."""
    if all(len(i.text) <= MAX_CHUNK_CHARS for i in inputs):
        return _scrub_direct(inputs, known, policy, engine)
    flat: list[ScrubInput] = []
    owners: list[tuple[int, int]] = []  # (input index, offset)
    for index, inp in enumerate(inputs):
        for offset, piece in _pieces(inp.text):
            flat.append(replace(inp, text=piece))
            owners.append((index, offset))
    merged: list[list[Finding]] = [[] for _ in inputs]
    for (index, offset), found in zip(owners, _scrub_direct(flat, known, policy, engine)):
        merged[index].extend(replace(f, start=f.start + offset, end=f.end + offset) for f in found)
    return [_merge_overlap(found) for found in merged]


def _merge_overlap(found: list[Finding]) -> list[Finding]:
    """Drop what the overlap between pieces found twice: exact repeats, and a finding inside
    a longer one of the same type (a name cut at a piece's edge)."""
    # every field in the key: equal spans from two recognizers must not come out in the
    # set's (hash-seed dependent) order
    ordered = sorted(set(found), key=lambda f: (f.start, -(f.end - f.start), f.entity_type,
                                                -f.score, f.source, f.text))
    out: list[Finding] = []
    for f in ordered:
        if any(g.entity_type == f.entity_type and g.start <= f.start and f.end <= g.end for g in out[-8:]):
            continue
        out.append(f)
    return out


_DAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday mon tue tues wed "
                  "thu thur thurs fri sat sun jan feb mar apr jun jul aug sep sept oct nov "
                  "dec".split())


def _ordinary_capital(word: str) -> bool:
    """A case-folded word written capitalised in mid-sentence that is still no name: a month
    or day (or its abbreviation), a nationality or language ("in Dutch"), a role or greeting
    ("Officer", "Hey"), an interjection or address term ("Dude"), a platform ("Facebook")."""
    return (word in _NEVER_NAMES or word in _EDGE_WORDS or word in _DAYS or word in MONTHS
            or is_demonym(word) or word in not_names())


def _name_cues(engine: ScrubEngine) -> NameCues:
    return _cached(engine, "name_cues", lambda: NameCues(
        engine.words, lambda w: w in engine.names, lambda w: w in not_names(),
        case_min_prob=engine.config.case_contrast_min_prob, ordinary=_ordinary_capital,
        agent_min_prob=engine.config.agent_min_prob, likeness=engine.config.likeness_cue,
        edge_min_prob=engine.config.name_edge_min_prob))


def _scrub_direct(
    inputs: Sequence[ScrubInput],
    known: KnownIdentifiers,
    policy: Policy,
    engine: ScrubEngine,
) -> list[list[Finding]]:
    if not inputs:
        return []
    entities = policy.reported_types()
    shared: list[EntityRecognizer] = [_archive_recognizer(known, engine)]
    if engine.names:  # names in disguise (Jessica_Miller, Ⓙⓔⓢⓢⓘⓒⓐ, the_real_oksana): issue 13
        shared.append(_cached(engine, "disguise", lambda: DisguiseRecognizer(engine.names)))
    if policy.deny_list:
        shared.append(_cached(engine, ("deny", policy.deny_list),
                              lambda: DenyListRecognizer(policy.deny_list)))
    out: list[list[Finding]] = []
    artifacts = engine.nlp_engine.process_texts([i.text for i in inputs])
    for inp, art in zip(inputs, artifacts):
        if not inp.text.strip():
            out.append([])
            continue
        ad_hoc = list(shared)
        post_terms = _post_terms(inp, engine)
        if post_terms:
            ad_hoc.append(KnownIdentifierRecognizer(post_terms, name="PostKnownRecognizer"))
        results = [
            piece
            for r in engine.analyzer.analyze(
                inp.text, "en", entities=entities, nlp_artifacts=art, ad_hoc_recognizers=ad_hoc
            )
            if not _common_word_ner(r, inp.text, engine)
            for piece in _without_links(r, inp.text)
        ]
        read = art.tokens.user_data.get("context_words") or () if art.tokens is not None else ()
        results = [t for t in (_trim_person(r, inp.text, engine, read) for r in results)
                   if t is not None]
        results = context_veto(results, inp.text, art, engine.config.context_veto_prob)
        results = weak_guesses(results, inp.text, art, engine.config.context_lower_veto_prob,
                               engine.config.context_common_max_prob, engine.words, engine.names,
                               misspelt_max_prob=engine.config.context_misspelt_max_prob,
                               misspelt=_misspelt_test(engine))
        if engine.config.name_cues:
            results = _name_cues(engine).apply(results, inp.text, context_spans(art), read)
        if engine.nlp_engine.hashtags is not None and engine.config.hashtag_topics:
            # "#SurvivorStrong" is no person (core/scrub/hashtag_view.py)
            results = engine.nlp_engine.hashtags.drop_topic_names(
                results, inp.text, art.tokens.user_data.get("context_words", ()),
                engine.config.name_max_zipf,
                spans_read=art.tokens.user_data.get("context", ())
                if engine.config.hashtag_topic_places else None)
        if engine.languages is not None:
            results = by_language(inp.text, results, engine.languages)
        out.append(findings_for_text(inp.text, results, policy))
    return out

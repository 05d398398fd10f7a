"""Hashtags read as words, for the context model (issue 13).

The context model is uncased: ``#JessicaMiller`` reaches it as ``#jessicamiller``, which its
WordPiece vocabulary cuts into pieces no name is made of, so a name written as a hashtag was
found far less often than the same name in running text. Before the model reads a post, each
hashtag is written out as the words it is made of, and the model's spans are mapped back:

* camel case and digits: ``#RIPJaneMiller`` -> ``#RIP Jane Miller``, ``#Justice4Ana`` ->
  ``#Justice 4 Ana``; ``_`` reads as a space;
* all lower case: split into the fewest words of the English word list and the name lists
  (``#freejanemiller`` -> ``#free jane miller``), only when every piece is one;
* all lower case with no such split: a cue word or a given name, then one word no list
  knows (``#justiceforkaylaqzvorek`` -> ``#justice for kayla qzvorek``);
* a capital I standing for an l (``#VoteMeIissa`` -> ``#Vote Melissa``), only when that turns
  unknown pieces into known words or names.

The ``#`` stays: read as a space it let names run on into the next tag ("JAKE #KISS") for
one more name found on BTC dev, at lower precision. Only after a capitalised given name, before
a tag of one capitalised word, it reads as a space: the rest of the name ("Maria #Lopez").

:meth:`HashtagReader.cue_name` (used by ``recognizers/hashtag_cue_recognizer.py``) takes a
hashtag of cue words around one to three name pieces for a person, names no list knows
included: "#FreeQzvorek", "#Justice4Qzvorek", "#HappyQzvorekDay", "#WeLoveYouQzvorek".

A PERSON span the model finds in any piece of a hashtag covers the whole hashtag (the tag is
one token: masking half of it leaves the rest readable); a place or an organisation inside a
hashtag is kept only when it is the whole tag (``#GazaUnderAttack`` is a topic, not a place to
mask). Which hashtags are never masked (#MeToo and the allow-list) is the policy's business:
its allow-list drops any finding inside them afterwards.

Measured (bench/scrub_quality.py, EngineConfig.context_hashtag_words on/off in one tree):
BTC dev names in hashtags 17 -> 21 of 22, all PERSON +4, character precision unchanged
(.895), WNUT-17 dev unchanged; the multilingual fixture still masks 0 of 160 hashtags. With
"Maria #Lopez" (later): PERSON +5 ("Julian #Assange."). The cue rule changes nothing on dev
(no gold name there needs it; no precision lost) and finds 3 more of 24 invented cue tags. Cost:
0.005 ms CPU per post to build the views; the model's time on them equals its time on the
plain texts (1.18 vs 1.19 ms per post, 1,000 dev posts, interleaved).

Topic hashtags: a PERSON guess inside a hashtag made only of ordinary English words, none a
name the name list takes, whose words the model (reading the tag as words) gives p(PER) below
0.5 is dropped (:meth:`HashtagReader.drop_topic_names`; ``EngineConfig.hashtag_topics``): the
NERs and name lists masked "#SurvivorStrong", "#domesticviolence", "#WednesdayWisdom",
"#PrayForParis". Dev, on/off in one tree: no gold name lost, BTC character precision .895 ->
.897 (3 gold place/organisation tags masked as a person before are now kept: "#WeeklyDose"),
WNUT-17 .7555 -> .7561; 0.005 ms per post. A tag of one word is left to the other parts: on
the BTC train split (hashtags annotated far more often than on dev) "#Queen" was a person.
Places and organisations in topic tags (``EngineConfig.hashtag_topic_places``) are off by
default: dev BTC precision .9000 -> .9013 for one gold tag, but on the train splits' 2,156
posts with a hashtag precision +.0013 for 41 gold place/organisation tags lost ("#NewDelhi",
"#CitizensBank", "#BBCLincolnshire" were annotated so).

Nothing here reads Qt or loads a model; the name and word lists are the engine's own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from safe_archive.core.scrub.splitting import SHORT_WORDS, best_splits

TAG = re.compile(r"(?<![\w&#＃@])[#＃](\w+)")
MIN_LOWER = 6  # shorter lower-case hashtags are left as they are ("#cute", "#bae")
WORD_ZIPF = 3.0  # a piece that is a word this common (or a listed name) may be read alone
_MEMO = 20_000  # hashtags whose reading is remembered (a post's tags repeat across an archive)

TOPIC_MAX_PROB = 0.5  # a topic tag's words all read by the context model below this p(PER)
# findings a user or the archive confirmed: never dropped as a topic
_CONFIRMED = ("known:", "propagated", "DenyList", "manual")

# words before a name in a hashtag ("#FreeX", "#JusticeForX", "#WeLoveYouX", "#HappyXDay")
CUES = frozenset(
    "free vote team rip justice for with i we you us our stand standwith love miss missing "
    "remember pray prayers bring back protect believe support happy birthday hbd go long live "
    "congrats congratulations welcome thank thanks save find help".split()
)
SUFFIXES = frozenset("day forever strong must go out now".split())
UNKNOWN_ZIPF = 2.5  # a piece rarer than this as an English word may be a name after a cue

_PLACE_ORG = {"LOCATION": "LOC", "ORGANIZATION": "ORG"}  # entity -> context model label

Span = tuple[int, int, str, float]
WordProb = tuple[int, int, float]


def camel_pieces(body: str) -> list[str]:
    """``body`` cut where camel case or digits change: "RIPJaneMiller" -> RIP, Jane, Miller;
    "Justice4Ana" -> Justice, 4, Ana; "iPhone" -> i, Phone. The pieces join back to ``body``."""
    out: list[str] = []
    start = 0
    for i in range(1, len(body)):
        a, b = body[i - 1], body[i]
        cut = (
            (b.isupper() and a.islower())
            or (b.isupper() and a.isupper() and i + 1 < len(body) and body[i + 1].islower())
            or (a.isdigit() != b.isdigit())
            or a == "_" or b == "_"
        )
        if cut:
            out.append(body[start:i])
            start = i
    out.append(body[start:])
    return out


@dataclass(frozen=True, slots=True)
class View:
    """A text as the model reads it, and where each of its characters came from."""

    text: str
    index: list[int]  # index[k]: position in the original text of text[k]; one more at the end
    tags: list[tuple[int, int]]  # the hashtags' bodies in the original text (without '#')

    def _back(self, a: int, b: int) -> tuple[int, int]:
        return self.index[a], self.index[b - 1] + 1

    def spans_back(self, spans: Sequence[Span]) -> list[Span]:
        out: list[Span] = []
        for a, b, label, p in spans:
            s, e = self._back(a, b)
            for ts, te in self.tags:
                if s < te and e > ts:
                    if label == "PER":
                        s, e = min(s, ts), max(e, te)
                    elif s > ts or e < te:  # part of a topic tag ("#GazaUnderAttack")
                        s = e = -1
                        break
            if s >= 0:
                out.append((s, e, label, p))
        return out

    def words_back(self, words: Sequence[WordProb]) -> list[WordProb]:
        return [(*self._back(a, b), p) for a, b, p in words]


class HashtagReader:
    """Writes a text's hashtags out as words (see the module doc); built once per engine."""

    def __init__(self, names: Mapping[str, Any], words: Mapping[str, float]) -> None:
        self.names = names
        self.words = words
        self._seen: dict[str, list[str]] = {}

    # -- vocabulary ----------------------------------------------------------------------------
    def known(self, piece: str) -> bool:
        low = piece.casefold()
        if piece.isdigit() or low in SHORT_WORDS:
            return True
        if len(low) < 3:
            return False
        return self.words.get(low, 0.0) >= WORD_ZIPF or low in self.names

    def _given(self, piece: str) -> bool:
        e = self.names.get(piece)
        return e is not None and e.kind != "last" and len(piece) >= 3

    # -- reading one hashtag -------------------------------------------------------------------
    def pieces(self, body: str) -> list[str]:
        """The words ``body`` is read as; joined they have its length, character for
        character (a look-alike letter may be replaced)."""
        found = self._seen.get(body)
        if found is None:
            if len(self._seen) >= _MEMO:
                self._seen.clear()
            found = self._seen[body] = self._pieces(body)
        return found

    def _pieces(self, body: str) -> list[str]:
        parts = camel_pieces(body)
        if "I" in body:
            fixed = re.sub(r"(?<=[a-z])I(?=[a-z])", "l", body)
            if fixed != body:
                alt = camel_pieces(fixed)
                if all(self.known(p) for p in alt) and not all(self.known(p) for p in parts):
                    parts = alt
        out: list[str] = []
        for p in parts:
            if p.islower() and len(p) >= MIN_LOWER and not self.known(p):
                out.extend(self.segment(p) or [p])
            else:
                out.append(p)
        return out

    def segment(self, low: str) -> list[str] | None:
        """``low`` split into the fewest pieces (then the commonest) that are each a common
        English word, a listed given name, or a surname right after a given name; None when
        there is no such split or it is one piece."""
        def accept(piece: str, before: tuple[str, ...], z: float) -> bool:
            if z >= WORD_ZIPF and (len(piece) >= 3 or piece in SHORT_WORDS):
                return True
            e = self.names.get(piece)
            return e is not None and len(piece) >= 3 and (
                e.kind != "last" or (bool(before) and self._given(before[-1])))

        n = len(low)
        best = best_splits(low, self.words, accept)
        last = best[n]
        if last is not None:
            return list(last) if len(last) > 1 else None
        # no split into known pieces: a cue or a given name, then a word no list knows
        # ("justiceforkaylatavren": justice + for + kayla + tavren)
        for k in range(n - 3, 2, -1):
            head = best[k]
            tail = low[k:]
            if head is None or self.words.get(tail, 0.0) >= UNKNOWN_ZIPF or tail in self.names:
                continue
            end = head[-1]
            if end in CUES or (self._given(end) and len(end) >= 4):
                return [*head, tail]
        return None

    def cue_name(self, body: str, name_max_zipf: float = 4.0) -> bool:
        """A hashtag of cue words around a name ("#FreeQuillon", "#Justice4Tavrenko",
        "#HappyQuillonDay", "#WeLoveYouQuillon"): one to three pieces after the cues (and before
        a suffix such as "Day"), each a listed name or a word rarer than UNKNOWN_ZIPF."""
        pieces = [p for p in self.pieces(body) if p.strip("_")]
        low = [p.casefold() for p in pieces]
        i = 0
        while i < len(low) and (low[i] in CUES or (i and low[i].isdigit())):
            i += 1
        j = len(low)
        while j > i and low[j - 1] in SUFFIXES:
            j -= 1
        rest = pieces[i:j]
        if i == 0 or not 1 <= len(rest) <= 3:
            return False
        for k, p in enumerate(rest):
            lp = p.casefold()
            if not p.isalpha() or len(p) < 3 or (p.isupper() and len(p) <= 4):
                return False
            e = self.names.get(lp)
            listed = e is not None and (e.kind != "last" or k > 0) and (
                e.zipf < name_max_zipf or e.person_ratio >= 0.5 and e.occurrences >= 2
                or k > 0 and e.zipf < 5.0)  # a surname after the first name ("Bell")
            if not listed and (self.words.get(lp, 0.0) >= UNKNOWN_ZIPF or e is not None):
                return False
        return True

    def topic(self, body: str, name_max_zipf: float = 4.0) -> bool:
        """A hashtag made of ordinary English words only, none of them a name the name list
        takes ("#SurvivorStrong", "#domesticviolence", "#PrayForParis"; not "#TeamJake",
        "#Klaroline")."""
        seen = False
        for piece in self.pieces(body):
            low = piece.casefold().strip("_")
            if not low or low.isdigit():
                continue
            seen = True
            if low in SHORT_WORDS:
                continue
            z = self.words.get(low, 0.0)
            if z < WORD_ZIPF or (len(low) < 3 and z < 4.0):
                return False
            e = self.names.get(low)
            if e is not None and (e.zipf < name_max_zipf
                                  or e.person_ratio >= 0.5 and e.occurrences >= 2):
                return False
        return seen

    def drop_topic_names(self, results: list[Any], text: str, words_read: Sequence[WordProb],
                         name_max_zipf: float = 4.0, max_prob: float = TOPIC_MAX_PROB,
                         spans_read: Sequence[Span] | None = None) -> list[Any]:
        """``results`` (Presidio results) without the PERSON guesses that lie inside a topic
        hashtag (:meth:`topic`) of two or more words which the context model all read as no
        name (p(PER) below ``max_prob``): the NERs and the name lists took "#SurvivorStrong"
        or "#WednesdayWisdom" for a person. With ``spans_read`` (the context model's spans;
        ``EngineConfig.hashtag_topic_places``, off by default), places and organisations
        inside such a tag go too unless the model read the tag as one ("#FreePalestine",
        "#WorldCup"; not "#NewHaven"). Confirmed terms (archive, author, deny list) stay."""
        if "#" not in text and "＃" not in text:
            return results
        tags = [(m.start(), m.end(), sum(p.isalpha() for p in self.pieces(m.group(1))) > 1)
                for m in TAG.finditer(text) if self.topic(m.group(1), name_max_zipf)]
        if not tags:
            return results
        out = []
        for r in results:
            source = str((r.recognition_metadata or {}).get("recognizer_name", ""))
            tag = next((t for t in tags if t[0] <= r.start and r.end <= t[1]), None)
            if tag is not None and not source.startswith(_CONFIRMED):
                a0, b0, several = tag
                # one word alone may be a name after all ("#Queen", "#Brexit" stays)
                if r.entity_type == "PERSON" and several and all(
                        p < max_prob for a, b, p in words_read if a < b0 and b > a0):
                    continue
                if (r.entity_type in _PLACE_ORG and spans_read is not None and several
                        and not any(a < b0 and b > a0 and lab == _PLACE_ORG[r.entity_type]
                                    for a, b, lab, _p in spans_read)):
                    continue
            out.append(r)
        return out

    _BEFORE = re.compile(r"([A-Z][a-z]+)[ \t]$")

    def _continues_name(self, text: str, hash_at: int, pieces: list[str]) -> bool:
        if len(pieces) != 1 or not pieces[0][:1].isupper() or not pieces[0][1:].islower():
            return False
        before = self._BEFORE.search(text, max(0, hash_at - 30), hash_at)
        return before is not None and self._given(before.group(1).casefold())

    # -- a whole text --------------------------------------------------------------------------
    def view(self, text: str) -> View | None:
        """``text`` with its hashtags written out; None when it has none."""
        if "#" not in text and "＃" not in text:
            return None
        parts: list[str] = []
        index: list[int] = []
        tags: list[tuple[int, int]] = []
        prev = 0
        for m in TAG.finditer(text):
            body = m.group(1)
            start = m.start(1)
            parts.append(text[prev:m.start()])
            index.extend(range(prev, m.start()))
            pieces = self.pieces(body)
            # the '#' stays (dev: read as a space, names ran on into the next tag: "JAKE
            # #KISS"), but not after a given name, before one capitalised word: the rest of
            # the name ("Maria #Lopez")
            hash_mark = " " if self._continues_name(text, m.start(), pieces) else text[m.start()]
            parts.append(hash_mark)
            index.append(m.start())
            pos = start
            for k, piece in enumerate(pieces):
                if k:
                    parts.append(" ")
                    index.append(pos)
                parts.append(piece.replace("_", " "))
                index.extend(range(pos, pos + len(piece)))
                pos += len(piece)
            tags.append((start, m.end(1)))
            prev = m.end()
        if not tags:
            return None
        parts.append(text[prev:])
        index.extend(range(prev, len(text) + 1))
        return View("".join(parts), index, tags)

"""Names found from the other names around them: cues that read a post's PERSON findings.

The recognizers judge each word on its own (its case, its rarity, the name lists, the
context model's probability). Some names only show as names beside other names:

* **lists** — "Vin, Dwayne, Ty, Luda and Jason": an unknown capitalised item (or a word the
  rules take for chat, "Ty") in a list whose other items are mostly names found already;
* **initials** — "vote SAM C on ...", "Jake M. said": a single capital letter right after a
  name belongs to it;
* **credits** — "... featuring K-Solo", "feat. Dre", "ft. Lulu": the artist after the cue;
* **joined parts** — "aphmau -Senpai", "roger the roo": two names joined by a hyphen attached
  to one of them, or by a short lower-case word that the context model read as part of one
  name (its PER span runs over it);
* **handles in running text** — "where is smit7y's face", "zork77 play this": a handle-shaped
  word (letters with digits or ``_``) in the possessive, or with digits opening a post before
  a lower-case word (a reply to the account), is an account's name (USERNAME);
* **case contrast** — "we got tickets for Orvella's show", "does he look like Brisk": in a
  casual post whose writer leaves most words lower case, one capitalised word in mid-sentence
  (not after a full stop, a handle or an emoji; beside no other capitalised word; not after
  an article or a possessive; no pronoun, role, month, day, nationality or interjection) is
  a proper noun, and a name when the context model gives it at least a small PER
  probability (``EngineConfig.case_contrast_min_prob``). The model is uncased, so the
  capital is evidence it cannot see.
* **agents** — "Then Green grabbed my arm", "Green was the one who did it", "green told
  everyone": a listed given name or surname, however common a word ("Green", "Hope",
  "Butler"), opening a clause (or after "then", "and", "but", "when", "because", "so" ...)
  and directly followed (or after an adverb such as "just", "never", "finally") by a verb only
  people do ("told", "texted", "grabbed", "groped", "yelled", "apologized", "called me",
  "followed her" ...; past and present forms written out by hand below), or by "was / is the
  one who". No pronoun, kin word, role, deity or platform ("Mom said", "God told me",
  "Everyone told me"). Capitalised, the pattern is enough; in lower case the context model
  must give the word at least a small PER probability (``EngineConfig.agent_min_prob``).
* **likeness** — "James looks like an even sexier Wolverine", "sounds like Tom Petty": a
  capitalised word (or two) after "looks / sounds like" (with "a", "an" and up to two
  lower-case words between) is someone the writer compares a person to, unless it is a
  common word, a nationality, month or day, or a pronoun (``EngineConfig.likeness_cue``).
* **name edges** — "Nightwing and black adam": a word of the name lists right beside a name
  found already, written in the same case, that the context model reads as a name at a
  moderate PER probability (``EngineConfig.name_edge_min_prob``; its argmax left the word
  out). Never a role, kin word, pronoun or title ("President Obama" is trimmed on purpose).

Each cue adds a result from ``SOURCE``; the parts found before stay and overlapping findings
of one type are merged later (``resolve_overlaps``). The cues only read the results and the
text (regular expressions, a few dict look-ups): cheap. They are English cues ("and", "'s",
"featuring"), so ``SOURCE`` is one of the English-only sources (``language.py``).
Chosen on the dev splits (issue 13); tests/scrub/test_name_cues.py has made-up examples.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from presidio_analyzer import RecognizerResult

from safe_archive.core.scrub import entities as E
from safe_archive.core.scrub.context_model import name_support

SOURCE = "NameCueRecognizer"
LIST_SCORE = 0.6
CREDIT_SCORE = 0.6
HANDLE_SCORE = 0.6
COMMON_ZIPF = 4.5  # a capitalised word this common is no unknown name ("Yesterday", "Male")
HANDLE_COMMON_ZIPF = 3.5  # handle-shaped words made of common words only: "iPhone4", "covid19"
CASE_SCORE = 0.5
# a casual post: at least this share of its other words (and this many) start lower case
CASE_LOWER_SHARE = 0.6
CASE_MIN_WORDS = 3

_ITEM = r"[A-Z][\w'’.\-]*(?:[ \t]+[A-Z][\w'’.\-]*){0,2}"
_SEP = r"(?:[ \t]*,[ \t]*(?:and[ \t]+|&[ \t]*)?|[ \t]*&[ \t]*|[ \t]+(?:and|n)[ \t]+)"
_LIST = re.compile(rf"(?<![\w@#＠＃]){_ITEM}(?:{_SEP}{_ITEM})+")
_ITEM_RE = re.compile(_ITEM)
# the letter then a full stop, a lower-case word, a comma or the end: not "T-shirt", "T.T",
# "X LOS", "D :" (a smiley)
_INITIAL = re.compile(r"[ \t]+([A-Z])(?:\.(?=\s|$)|(?=[ \t]+[a-z]|[ \t]*[,!?](?:\s|$)|[ \t]*$))",
                      re.MULTILINE)
_NOT_INITIAL = frozenset("IAU")  # "tell Jake I said", "Jake A lot", chat "U"
_CREDIT = re.compile(
    r"(?<!\d)(?<!\d[ \t])\b(?i:feat\.?|ft\.?|featuring)[ \t]+"
    r"([A-Z][\w'’]*(?:-[\w'’]+)*(?:[ \t]+[A-Z][\w'’]*(?:-[\w'’]+)*){0,2})"
)
_HANDLE_POSSESSIVE = re.compile(
    r"(?<![\w@#＠＃/.])((?=\w*\d|\w*[A-Za-z]_[A-Za-z])[A-Za-z][A-Za-z\d_]*[A-Za-z\d])(?=['’]s\b)"
)
# ... or opening a post, before a lower-case word: a reply to the account ("zork77 play this")
_HANDLE_OPENING = re.compile(
    r"^[ \t]*((?=\w*\d)[A-Za-z][A-Za-z\d_]*[A-Za-z\d])(?=[ \t]+[a-z])")
_JOIN_HYPHEN = re.compile(r"[ \t]+-|-[ \t]+")  # attached to one side: not "Artist - Title"
_JOIN_WORD = re.compile(r"[ \t]+([a-z]{1,3})[ \t]+")  # "roger the roo", "Luiz da Silva"
# words inside a name; not "and", "or": "Bram and Jonas" are two people, not one to pseudonymise
_PARTICLES = frozenset("the of de da di do dos das del van von der den ter la le du bin ibn al "
                       "el".split())
# never an unknown name in a list: pronouns, family and address words, chat
_NOT_ITEMS = frozenset(
    "i me you u he she we they it him her them us mom dad mum mummy mommy daddy mama papa "
    "bro sis god lol omg lmao yes no ok okay".split()
)


_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_I_FORMS = frozenset("I I'm I’m I'll I’ll I've I’ve I'd I’d Im Ive Ill".split())
# what a capitalised word after them is not: a name ("the Beast", "my Galaxy", "every Joker")
_DETERMINERS = frozenset(
    "the a an my your our his her their its this that these those every any some no each "
    "whose which what".split())
# a post's opening: retweet marks, handles, hashtags, links, symbols ("@jo Hah", "RT @x: Wow")
_OPENING = re.compile(r"(?:\s*(?:RT\b|[@#＠＃][\w.]+:?|https?://\S+|[^\w\s]+))*\s*")
_POSSESSIVE = re.compile(r"['’]s?$")


# -- agents ---------------------------------------------------------------------------------
AGENT_SCORE = 0.5
# verbs of human agency (hand-written: what a person says or does to someone), past forms and
# the present forms that are no plural noun ("tells", not "hugs", "kisses", "texts",
# "promises"). Not "hit", "put", "hurt" alone: base forms too ("Will hit", "May hurt").
_AGENT_VERBS = (
    "told tells said says asked asks texted messaged dmed dm'd dm’d snapchatted emailed "
    "replied grabbed touched kissed groped fondled raped assaulted molested abused harassed "
    "harasses slapped punched pushed shoved choked strangled kicked stalked threatened "
    "threatens blackmailed drugged undressed cornered yelled screamed shouted whispered "
    "promised apologized apologised apologizes apologises admitted admits confessed laughed "
    "lied begged insisted cried hugged winked smirked joked bragged swore"
).split()
# verbs that need a person after them: "Green called me", not "Apple called it"
_AGENT_OBJECT_VERBS = (
    "called calls followed follows hit hits forced forces hurt hurts invited invites drove "
    "picked"
).split()
_AGENT_OBJECTS = "me us her him them you myself"
# adverbs between the name and the verb
_AGENT_ADVERBS = (
    "just never always finally then also even actually literally suddenly still really "
    "basically later immediately once repeatedly allegedly apparently openly quietly "
    "calmly angrily secretly"
).split()
# words before the name that still open its clause
_AGENT_OPENERS = frozenset(
    "then and but when because cause cuz so that until after before while since if how why "
    "where till whenever once though although um uh like".split())
# listed names that are no person as a subject: pronouns, kin and address words, roles,
# deities, people in general
_AGENT_NOT = frozenset((
    "i me you u ju ya yu he she we they it him her them us one all everyone everybody someone "
    "somebody nobody noone people man men woman women guy guys girl girls boy boys baby babe "
    "bae kid kids child friend friends bro sis mom mum mommy mummy mama mother dad daddy papa "
    "father sister brother son daughter uncle aunt auntie nana grandma grandpa granny cousin "
    "husband wife hubby boyfriend girlfriend bf gf ex partner doctor dr nurse teacher coach "
    "boss officer cop cops police judge priest pastor pope princess lord "
    "god jesus christ allah santa satan devil life love time truth justice karma nature "
    "history science mercy this that there then what who which everything nothing "
    "something anyone anybody dude sir madam lady mister miss mr mrs ms lawyer "
    "attorney speaker jury sergeant church court spokesman spokeswoman official minister "
    "president governor mayor senator chief captain general"
).split())
# in lower case an auxiliary, however often a name capitalised ("Will said" is a name; "will
# said" a typo as often as not)
_AGENT_AUX = frozenset("will may can might must shall would could should did does do".split())
# found by the verb (rarer than a word), then the name before it
_AGENT_VERB = re.compile(
    rf"(?<=[ \t])(?i:(?:{'|'.join(_AGENT_VERBS)})(?![\w'’])"
    rf"|(?:{'|'.join(_AGENT_OBJECT_VERBS)})[ \t]+(?:{_AGENT_OBJECTS.replace(' ', '|')})(?![\w'’])"
    r"|(?:(?:was|is)[ \t]+|(?<=['’]s[ \t]))the[ \t]+one[ \t]+(?:who|that)(?![\w'’]))"
)
_AGENT_NAME = re.compile(
    r"(?<![\w@#＠＃'’.\-])([^\W\d_][^\W\d_'’\-]*)[ \t]+"
    rf"(?:(?i:{'|'.join(_AGENT_ADVERBS)})[ \t]+)?\Z"
)
# "Green's the one who"
_AGENT_NAME_IS = re.compile(r"(?<![\w@#＠＃'’.\-])([^\W\d_][^\W\d_'’\-]*)['’]s[ \t]+\Z")


# -- likeness -------------------------------------------------------------------------------
LIKENESS_SCORE = 0.5
_LIKENESS = re.compile(
    r"(?<![\w'’])(?i:looks?|looked|looking|sounds?|sounded|sounding)[ \t]+"
    r"(?:(?i:just|exactly|more|a[ \t]+lot|a[ \t]+bit)[ \t]+)?(?i:like)[ \t]+"
    r"((?:(?:a|an)[ \t]+)?(?:[a-z]+[ \t]+){0,2})"
    r"([A-Z][^\W\d_]*(?:[ \t]+[A-Z][^\W\d_]*)?)(?=['’]s\b|[^\w'’\-]|$)"
)
# -- name edges -----------------------------------------------------------------------------
EDGE_SCORE = 0.5
EDGE_MIN_LEN = 3  # not "la", "de", "im", "Do": function words of many languages
# the word right before a name (one space between) and right after it
_EDGE_BEFORE = re.compile(r"(?<![\w@#＠＃'’.\-])([^\W\d_]+) \Z")
_EDGE_AFTER = re.compile(r" ([^\W\d_]+)(?![\w'’\-@])")


def _name_of(r: RecognizerResult) -> str | None:
    return (r.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY)


def _found(results: Sequence[RecognizerResult], a: int, b: int, min_score: float) -> bool:
    """Some result overlapping ``[a, b)`` is a person or account, or anything at least this
    sure."""
    return any(r.start < b and a < r.end and (r.entity_type in (E.PERSON, E.USERNAME)
                                              or r.score >= min_score) for r in results)


def _result(start: int, end: int, score: float, why: str,
            entity: str = E.PERSON) -> RecognizerResult:
    return RecognizerResult(entity, start, end, score, recognition_metadata={
        RecognizerResult.RECOGNIZER_NAME_KEY: SOURCE,
        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: f"{SOURCE}:{why}",
    })


class NameCues:
    """The cues for one engine: ``words`` (English Zipf frequencies), ``is_name`` (the name
    lists' judgement of a lower-cased word) and ``never`` (words that are never a name:
    platforms, formats)."""

    def __init__(self, words: Mapping[str, float], is_name: Callable[[str], bool],
                 never: Callable[[str], bool], case_min_prob: float | None = None,
                 ordinary: Callable[[str], bool] = lambda w: False,
                 agent_min_prob: float | None = None, likeness: bool = False,
                 edge_min_prob: float | None = None) -> None:
        self.words = words
        self.is_name = is_name
        self.never = never
        # the case-contrast cue (None: off) and the words it never takes for a name
        # (case-folded: nationalities, months, roles, interjections)
        self.case_min_prob = case_min_prob
        self.ordinary = ordinary
        # the agent cue (None: off): the PER probability a lower-case name needs
        self.agent_min_prob = agent_min_prob
        # the likeness cue, and the PER probability a word beside a name needs (None: off)
        self.likeness = likeness
        self.edge_min_prob = edge_min_prob

    def unknown_name(self, word: str) -> bool:
        """Could ``word`` (capitalised, beside names) be a name: not a pronoun or address
        word, not a platform, and a listed name or no common English word."""
        w = word.strip(".'’").casefold()
        if not w or w in _NOT_ITEMS or self.never(w):
            return False
        return self.is_name(w) or self.words.get(w, 0.0) < COMMON_ZIPF

    def apply(self, results: Sequence[RecognizerResult], text: str,
              context_spans: Sequence[tuple[int, int, str, float]] = (),
              words_read: Sequence[tuple[int, int, float]] = ()
              ) -> list[RecognizerResult]:
        """``results`` and what the cues add (never removes anything). ``context_spans``
        and ``words_read``: the context model's spans and each word's PER probability."""
        people = sorted((r for r in results if r.entity_type == E.PERSON),
                        key=lambda r: (r.start, r.end))
        added: list[RecognizerResult] = []
        if people and ("," in text or "&" in text or " and " in text or " n " in text):
            added += self._lists(results, people, text)
        if people:
            added += self._initials(people, text)
        if "f" in text or "F" in text:
            added += self._credits(results, text)
        added += self._handles(results, text)
        if len(people) > 1:
            added += self._joined(people, text, context_spans)
        if self.case_min_prob is not None and words_read:
            added += self._case_contrast(results, text, words_read, self.case_min_prob)
        if self.agent_min_prob is not None:
            added += self.agents(results, text, words_read, self.agent_min_prob)
        if self.likeness and "like" in text.casefold():
            added += self._likeness(results, text)
        if self.edge_min_prob is not None and people and words_read:
            added += self._edges(results, people, text, words_read, self.edge_min_prob)
        return [*results, *added] if added else list(results)

    def _lists(self, results: Sequence[RecognizerResult], people: Sequence[RecognizerResult],
               text: str) -> list[RecognizerResult]:
        out = []
        for m in _LIST.finditer(text):
            items = [i.span() for i in _ITEM_RE.finditer(text, m.start(), m.end())]
            if len(items) < 3 or any(ch.isdigit() for ch in m.group()):
                continue
            named = [any(p.start < b and a < p.end for p in people) for a, b in items]
            # items found as places or organisations and not as names: a list of places
            other = sum(not n and any(r.entity_type != E.PERSON and r.start < b and a < r.end
                                      for r in results) for (a, b), n in zip(items, named))
            found = sum(named)
            if found < 2 or 2 * found < len(items) or other >= found:
                continue
            for (a, b), n in zip(items, named):
                words = text[a:b].split()
                if not n and len(words) <= 2 and all(self.unknown_name(w) for w in words):
                    out.append(_result(a, b, LIST_SCORE, "list"))
        return out

    def _initials(self, people: Sequence[RecognizerResult], text: str
                  ) -> list[RecognizerResult]:
        out = []
        for r in people:
            m = _INITIAL.match(text, r.end)
            if m is None or m.group(1) in _NOT_INITIAL:
                continue
            last = text[r.start:r.end].split()[-1] if text[r.start:r.end].split() else ""
            if len(last.strip(".")) <= 1:  # spaced-out letters ("S E X Y"), initials already
                continue
            out.append(_result(r.start, m.end(), r.score, "initial"))
        return out

    def _credits(self, results: Sequence[RecognizerResult], text: str
                 ) -> list[RecognizerResult]:
        out = []
        for m in _CREDIT.finditer(text):
            a = m.start(1)
            b = a
            for w in re.finditer(r"\S+", m.group(1)):
                if not self.unknown_name(w.group()):
                    break
                b = a + w.end()
            if b > a and not any(r.entity_type == E.PERSON and r.start <= a and b <= r.end
                                 for r in results):
                out.append(_result(a, b, CREDIT_SCORE, "credit"))
        return out

    def _handles(self, results: Sequence[RecognizerResult], text: str
                 ) -> list[RecognizerResult]:
        out = []
        found = list(_HANDLE_POSSESSIVE.finditer(text))
        opening = _HANDLE_OPENING.match(text)
        if opening is not None:
            found.append(opening)
        for m in found:
            a, b = m.span(1)
            parts = [p for p in re.split(r"[\d_]+", m.group(1).casefold()) if p]
            if sum(len(p) for p in parts) < 3:  # "mp3", "PS4"
                continue
            if all(self.words.get(p, 0.0) >= HANDLE_COMMON_ZIPF and not self.is_name(p)
                   for p in parts):  # "iPhone4", "covid19"
                continue
            if not any(r.start <= a and b <= r.end for r in results):
                out.append(_result(a, b, HANDLE_SCORE, "handle", E.USERNAME))
        return out

    def _joined(self, people: Sequence[RecognizerResult], text: str,
                context_spans: Sequence[tuple[int, int, str, float]]
                ) -> list[RecognizerResult]:
        out = []
        for x, y in zip(people, people[1:]):
            if x.end >= y.start:
                continue
            gap = text[x.end:y.start]
            joined = _JOIN_HYPHEN.fullmatch(gap) is not None
            m = _JOIN_WORD.fullmatch(gap)
            if not joined and m is not None and m.group(1) in _PARTICLES:
                word_end = x.end + len(gap.rstrip())
                joined = any(label == "PER" and s <= x.end and e >= word_end
                             for s, e, label, _p in context_spans)
            if joined:
                out.append(_result(x.start, y.end, max(x.score, y.score), "joined"))
        return out

    def _case_contrast(self, results: Sequence[RecognizerResult], text: str,
                       words_read: Sequence[tuple[int, int, float]], min_prob: float
                       ) -> list[RecognizerResult]:
        tokens = list(_WORD.finditer(text))
        counted = [m for m in tokens if m.group() not in _I_FORMS]
        lower = sum(m.group()[0].islower() for m in counted)
        others = len(counted) - 1
        # most capitalised words open a sentence: a quick no for formal or shouted posts
        if others < CASE_MIN_WORDS or lower < CASE_LOWER_SHARE * others:
            return []
        out = []
        for i, m in enumerate(tokens):
            word = m.group()
            if not word[0].isupper() or word.isupper() or word in _I_FORMS:
                continue
            base = _POSSESSIVE.sub("", word)  # "Orvella's": the name without the 's
            a, b = m.start(), m.start() + len(base)
            key = base.casefold()
            if (len(base) < 2 or not base.isalpha() or key in _NOT_ITEMS or self.never(key)
                    or self.ordinary(key)):
                continue
            if not self._mid_sentence(text, tokens, i):
                continue
            # found already; a weak place or organisation guess ("Spice" ORG at 0.38) is no
            # reason to leave a proper noun unmasked
            if _found(results, a, b, CASE_SCORE):
                continue
            p = name_support(a, b, words_read)
            if p is not None and p >= min_prob:
                out.append(_result(a, b, CASE_SCORE, "case"))
        return out

    def agents(self, results: Sequence[RecognizerResult], text: str,
               words_read: Sequence[tuple[int, int, float]], min_prob: float
               ) -> list[RecognizerResult]:
        """Listed names as the subject of a verb only people do (see the module's notes)."""
        out = []
        for v in _AGENT_VERB.finditer(text):
            name = _AGENT_NAME_IS if v.group()[:3].casefold() == "the" else _AGENT_NAME
            m = name.search(text, max(0, v.start() - 40), v.start())
            if m is None:
                continue
            a, b = m.span(1)
            word = m.group(1)
            key = word.casefold()
            if (key in _AGENT_NOT or not self.is_name(key) or self.never(key)
                    or word.isupper() and len(word) > 1 and not text.isupper()):
                continue
            if key in _AGENT_AUX and v.group().split()[0].casefold() in ("hit", "hurt"):
                continue  # "May hit me", "Will hurt you": the auxiliary before a base form
            before = text[:a].rstrip()
            if before and (before[-1].isalnum() or before[-1] in "'’-_"):
                prev = before.rsplit(None, 1)[-1].casefold()
                if prev not in _AGENT_OPENERS:
                    continue
            if _found(results, a, b, AGENT_SCORE):
                continue
            if word[0].islower():
                if key in _AGENT_AUX:
                    continue
                p = name_support(a, b, words_read)
                if p is None or p < min_prob:
                    continue
            out.append(_result(a, b, AGENT_SCORE, "agent"))
        return out

    def _likeness(self, results: Sequence[RecognizerResult], text: str
                  ) -> list[RecognizerResult]:
        out = []
        for m in _LIKENESS.finditer(text):
            between = m.group(1).split()
            if any(w in _DETERMINERS and w not in ("a", "an") for w in between):
                continue  # "looks like the Hulk", "like my Mom": titles and kin, not names
            a = m.start(2)
            b = a
            for w in re.finditer(r"\S+", m.group(2)):
                word = w.group()
                key = word.casefold()
                if (word in _I_FORMS or word.isupper() or key in _NOT_ITEMS or key == "rt"
                        or self.never(key) or self.ordinary(key)
                        or (self.words.get(key, 0.0) >= COMMON_ZIPF and not self.is_name(key))):
                    break
                b = a + w.end()
            if b > a and not _found(results, a, b, LIKENESS_SCORE):
                out.append(_result(a, b, LIKENESS_SCORE, "likeness"))
        return out

    def _edges(self, results: Sequence[RecognizerResult], people: Sequence[RecognizerResult],
               text: str, words_read: Sequence[tuple[int, int, float]], min_prob: float
               ) -> list[RecognizerResult]:
        out = []
        for r in people:
            parts = text[r.start:r.end].split()
            if not parts:
                continue
            edges = []
            before = _EDGE_BEFORE.search(text, max(0, r.start - 40), r.start)
            if before is not None:
                edges.append((*before.span(1), parts[0]))
            after = _EDGE_AFTER.match(text, r.end)
            if after is not None:
                edges.append((*after.span(1), parts[-1]))
            for a, b, neighbour in edges:
                word = text[a:b]
                key = word.casefold()
                if (len(word) < EDGE_MIN_LEN or word[0].isupper() != neighbour[0].isupper()
                        or not self.is_name(key) or key in _AGENT_NOT or key in _NOT_ITEMS
                        or self.never(key) or self.ordinary(key)):
                    continue
                if any(x.start < b and a < x.end for x in results):
                    continue
                # between two names ("Bram and Jonas"): two people, the joined cue's part
                if any(x is not r and not (text[x.end:a] if x.end <= a else text[b:x.start]).strip()
                       for x in people if x.end <= a or x.start >= b):
                    continue
                p = name_support(a, b, words_read)
                if p is not None and p >= min_prob:  # one span with the name: one pseudonym
                    out.append(_result(min(a, r.start), max(b, r.end), r.score, "edge"))
        return out

    @staticmethod
    def _mid_sentence(text: str, tokens: Sequence[re.Match[str]], i: int) -> bool:
        """The word ``tokens[i]`` stands alone in mid-sentence: a word before it in the same
        clause (not only handles, hashtags, links or symbols), no sentence mark, symbol or line
        break just before it, no article or possessive before it and no capitalised word
        beside it."""
        a = tokens[i].start()
        if _OPENING.fullmatch(text, 0, a):
            return False
        before = text[:a].rstrip()
        if not (before[-1].isalnum() or before[-1] in ",&") or "\n" in text[len(before):a]:
            return False  # ". Then", "! Wow", "😂 Love", "(See", "\"Hey", a new line
        if i > 0:
            prev = tokens[i - 1]
            if not text[prev.end():a].strip():  # the word right before, in the same clause
                if prev.group().casefold() in _DETERMINERS:
                    return False
                if prev.group()[0].isupper() and prev.group() not in _I_FORMS:
                    return False
        if i + 1 < len(tokens):
            nxt = tokens[i + 1]
            if (not text[tokens[i].end():nxt.start()].strip() and nxt.group()[0].isupper()
                    and nxt.group() not in _I_FORMS):
                return False  # "Star Wars", "Prime Minister": a title, not one name
        return True


def context_spans(artifacts: Any) -> list[tuple[int, int, str, float]]:
    """The context model's spans for a post (``ScrubNlpEngine._flush``), or none."""
    doc = getattr(artifacts, "tokens", None)
    return list(doc.user_data.get("context") or ()) if doc is not None else []

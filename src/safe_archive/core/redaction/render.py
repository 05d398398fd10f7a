"""Export redaction styles: render a text's spans in one style per export.

* ``placeholder`` — typed placeholders ``[PERSON_1]``, numbered per export in order of first
  appearance (two exports cannot be linked); with ``stable=True`` the archive's own labels
  (``findings.label``) are kept.
* ``redact`` — ``[REDACTED]``.
* ``surrogate`` — realistic stand-ins, the same stand-in for the same person within one export,
  drawn with a fresh random seed per export and never equal to an identifier the archive knows.
* ``mask`` — the span's characters replaced with a mask character (█ by default, or *).

Generalisation (the scrub policy's ``generalize`` action). ``placeholder`` and ``surrogate``
honour it: a span whose entity type the archive's policy generalises (by default AGE, DATE,
LOCATION, SCHOOL, WORKPLACE, ORGANIZATION) becomes the coarser truth the archive's own redacted
text shows (``[age 12–14]``, ``[Arizona]``, ``[March 2019]``, ``[a high school]``), computed by
the scrubber's own function (``core.scrub.generalize.generalize``, passed in as a hook).
A generalisation that still contains the original text as a whole word (``2019`` ->
``[2019]``, ``March 2019`` -> ``[March 2019]``) is not used: the span gets the style's own
stand-in instead (the end of an age range, ``12`` -> ``[age 12–14]``, does not count). ``redact`` and ``mask`` ignore it on purpose: whoever picks them asked for every
identifier to be removed without a trace of what it was (``mask`` also keeps the span's
length, which a generalisation cannot).

The renderer reports where it inserted text, so the leak check can tell our own stand-ins
from a name that slipped through.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field

from safe_archive.core.redaction.canonical import match_key, term_key
from safe_archive.core.redaction.spans import Span, merge_spans
from safe_archive.core.redaction.terms import TermMatcher

STYLES = ("placeholder", "redact", "surrogate", "mask")
GENERALIZING_STYLES = frozenset({"placeholder", "surrogate"})  # styles that honour the policy's generalize action
Generalizer = Callable[[str, str], str]  # (entity type, original text) -> "[coarser truth]"

_FIRST = (
    "Alex", "Robin", "Sam", "Jordan", "Casey", "Taylor", "Morgan", "Jamie", "Riley", "Avery",
    "Quinn", "Rowan", "Emery", "Harper", "Reese", "Skyler", "Dana", "Kendall", "Marlowe", "Sasha",
    "Noor", "Ines", "Tomas", "Lena", "Mina", "Oskar", "Priya", "Yusuf", "Hana", "Mateo",
)
_LAST = (
    "Ashdown", "Brookfield", "Calloway", "Dunmore", "Ellery", "Fairbank", "Greaves", "Holloway",
    "Ingram", "Kestrel", "Lindqvist", "Marchetti", "Northcott", "Okafor", "Pemberton", "Quarry",
    "Rainsford", "Stowe", "Thackeray", "Underhill", "Vantongeren", "Whitlock", "Yardley", "Zeller",
)
_PLACES = (
    "Alderbury", "Brackenfield", "Cobham Vale", "Dunwick", "Eastmere", "Fernhollow", "Glenridge",
    "Harwell Cross", "Ivybridge End", "Kingsmoor", "Lowerby", "Millbeck", "Northwold", "Oakhurst",
)
_ORGS = ("Northwind Group", "Bluefield Trust", "Harbor Works", "Meridian Services", "Oakline Ltd")


@dataclass(slots=True)
class Rendered:
    text: str
    inserted: list[tuple[int, int]] = field(default_factory=list)  # our stand-ins (in ``text``)
    counts: Counter[str] = field(default_factory=Counter)  # spans replaced per entity type
    generalized: Counter[str] = field(default_factory=Counter)  # of those, shown generalised


def _type_tag(entity_type: str) -> str:
    tag = re.sub(r"[^A-Z0-9_]", "_", entity_type.upper()) or "ENTITY"
    return tag


class Redactor:
    """Renders texts in one style; keeps numbering and surrogates consistent across the calls
    of one export. Create one per export."""

    def __init__(
        self,
        style: str = "placeholder",
        *,
        stable: bool = False,
        mask_char: str = "█",
        avoid: Iterable[str] = (),
        seed: int | None = None,
        generalize: Generalizer | None = None,
        generalized_types: Iterable[str] = (),
    ) -> None:
        """``generalize`` and ``generalized_types``: the scrubber's generalisation function and
        the entity types the archive's policy generalises (used by placeholder and surrogate)."""
        if style not in STYLES:
            raise ValueError(f"unknown redaction style {style!r}; known: {', '.join(STYLES)}")
        if len(mask_char) != 1:
            raise ValueError("the mask character must be a single character")
        self.style = style
        self.stable = stable
        self.mask_char = mask_char
        self._avoid = {a.casefold() for a in avoid if a}
        self._rng = random.Random(seed if seed is not None else random.SystemRandom().getrandbits(64))
        self._numbers: dict[tuple[str, str], int] = {}
        self._next: Counter[str] = Counter()
        self._surrogates: dict[tuple[str, str], str] = {}
        self._used: set[str] = set()
        self._generalize = generalize if style in GENERALIZING_STYLES else None
        self.generalized_types = frozenset(generalized_types) if self._generalize is not None else frozenset()

    def generalization(self, span: Span, original: str) -> str | None:
        """The policy's generalisation of ``original``, or None (not generalised by this style
        or policy, or the result would still contain the original)."""
        if self._generalize is None or span.entity_type not in self.generalized_types:
            return None
        value = self._generalize(span.entity_type, original)
        return None if contains_original(value, original) else value

    def _key(self, span: Span) -> tuple[str, str]:
        return (_type_tag(span.entity_type), match_key(span.term) if span.term else f"@{span.start}")

    def _number(self, span: Span) -> int:
        key = self._key(span)
        if key not in self._numbers:
            self._next[key[0]] += 1
            self._numbers[key] = self._next[key[0]]
        return self._numbers[key]

    def placeholder(self, span: Span) -> str:
        tag = _type_tag(span.entity_type)
        if self.stable:
            return f"[{span.label}]" if span.label else f"[{tag}]"
        return f"[{tag}_{self._number(span)}]"

    def _fresh(self, make: Sequence[str] | None, kind: str, n: int) -> str:
        for _ in range(200):
            if kind == "PERSON":
                value = f"{self._rng.choice(_FIRST)} {self._rng.choice(_LAST)}"
            elif make:
                value = self._rng.choice(make)
                if value in self._used:
                    value = f"{value} {self._rng.randint(2, 99)}"
            else:
                value = f"{kind}-{n}"
            words = {w.casefold() for w in re.findall(r"\w+", value)}
            if value not in self._used and not (words & self._avoid) and value.casefold() not in self._avoid:
                self._used.add(value)
                return value
        return f"[{kind}_{n}]"

    def surrogate(self, span: Span) -> str:
        key = self._key(span)
        if key in self._surrogates:
            return self._surrogates[key]
        tag = key[0]
        n = self._number(span)
        if tag in ("PERSON", "PER", "NAME"):
            value = self._fresh(None, "PERSON", n)
        elif tag in ("USERNAME", "HANDLE", "USER", "MENTION", "SOCIAL_HANDLE"):
            value = f"@user{self._rng.randint(10000, 99999)}"
        elif tag in ("EMAIL_ADDRESS", "EMAIL"):
            value = f"person{self._rng.randint(100, 999)}@example.org"
        elif tag in ("PHONE_NUMBER", "PHONE"):
            value = f"+1-555-01{self._rng.randint(0, 99):02d}"
        elif tag == "URL":
            value = f"https://example.org/p/{self._rng.randint(1000, 9999)}"
        elif tag in ("LOCATION", "GPE", "LOC", "ADDRESS"):
            value = self._fresh(_PLACES, "LOCATION", n)
        elif tag in ("ORGANIZATION", "ORG"):
            value = self._fresh(_ORGS, "ORGANIZATION", n)
        else:
            value = f"[{tag}]"
        self._surrogates[key] = value
        return value

    def replacement(self, span: Span) -> str:
        if self.style == "placeholder":
            return self.placeholder(span)
        if self.style == "redact":
            return "[REDACTED]"
        if self.style == "mask":
            return self.mask_char * (span.end - span.start)
        return self.surrogate(span)

    def render(self, text: str, spans: Iterable[Span], *, no_generalize: Collection[str] = ()) -> Rendered:
        """``no_generalize``: entity types not generalised in this text (a remove-location post's
        locations get the style's stand-in, not their region)."""
        merged = merge_spans(spans, len(text))
        out: list[str] = []
        inserted: list[tuple[int, int]] = []
        counts: Counter[str] = Counter()
        generalized: Counter[str] = Counter()
        pos = 0
        length = 0
        for span in merged:
            chunk = text[pos : span.start]
            out.append(chunk)
            length += len(chunk)
            general = None if span.entity_type in no_generalize else self.generalization(span, text[span.start : span.end])
            rep = general if general is not None else self.replacement(span)
            if general is not None:
                generalized[_type_tag(span.entity_type)] += 1
            out.append(rep)
            inserted.append((length, length + len(rep)))
            length += len(rep)
            counts[_type_tag(span.entity_type)] += 1
            pos = span.end
        out.append(text[pos:])
        return Rendered("".join(out), inserted, counts, generalized)


_RANGE = re.compile(r"\d+\s*[–-]\s*\d+")


def contains_original(value: str, original: str) -> bool:
    """Whether ``original`` (whitespace-normalised, case-insensitive, ignoring a leading @)
    occurs in ``value`` as whole words. A number that is only the end of a range does not
    count: "[age 12–14]" stands for 12, 13 and 14 alike, so it does not reveal "12" (and using
    it for 13 but a placeholder for 12 and 14 would tell them apart)."""
    words = original.strip().lstrip("@").split()
    if not words:
        return False
    pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)"
    return re.search(pattern, _RANGE.sub(" ", value), re.IGNORECASE) is not None


def term_spans(text: str, terms: Iterable[tuple[str, str, str | None]]) -> list[Span]:
    """Spans for occurrences of (term, entity_type, label) in any disguise the canonical form
    undoes (``Jessica_Miller``, ``𝓙𝓮𝓼𝓼𝓲𝓬𝓪``, ``Jes<b>sica</b>``…; see :mod:`.terms`)."""
    matcher: TermMatcher[tuple[str, str, str | None]] = TermMatcher()
    for term, entity_type, label in terms:
        matcher.add(term, (term_key(term), entity_type, label))
    spans: list[Span] = []
    for m in matcher.find(text):
        key, entity_type, label = m.values[0]
        spans.append(Span(m.start, m.end, entity_type, key, label))
    return spans

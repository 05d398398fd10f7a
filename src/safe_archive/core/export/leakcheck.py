"""The leak check: run before anything is written.

Two nets over every exported text (and tag):

1. a *detector* (a callable ``text -> spans``) re-detects identifiers — a built-in pattern
   detector (e-mails, URLs, @handles, phone numbers) always, plus the scrub package's
   detector when it is passed in;
2. every identifier the archive *knows* — authors' handles, names and ids, mentioned accounts,
   confirmed (accepted/manual) finding terms and the always-redact list — is matched as whole
   canonical words (:mod:`safe_archive.core.redaction.terms`): in any case and in every
   disguise the canonical form undoes (``Jessica_Miller``, ``𝓙𝓮𝓼𝓼𝓲𝓬𝓪``, ``Jes<b>sica</b>``,
   zero-width characters, spaced letters, "jessica dot miller"); a known person's name of two
   or more words also as initial + surname (``J.Miller``).

Hits inside our own stand-ins are ignored, as are a credit-me author's own identifiers and
terms a reviewer rejected in that post. The report names posts and entity types, never values.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from safe_archive.core.store import exporting as export_sql
from safe_archive.core.store.db import Connection
from safe_archive.core.export.records import ExportRecord
from safe_archive.core.redaction.canonical import term_key, term_words
from safe_archive.core.redaction.terms import TermMatcher

DetectedSpan = tuple[int, int, str]  # start, end, entity type
Detector = Callable[[str], Sequence[DetectedSpan]]

MIN_IDENTIFIER_CHARS = 3
NAME_TYPES = frozenset({"PERSON", "PER", "NAME", "FIRST_NAME", "LAST_NAME"})
MAX_NGRAM = 8

_PATTERNS = (
    ("EMAIL_ADDRESS", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)),
    ("URL", re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)),
    ("USERNAME", re.compile(r"(?<![\w@])@\w{2,}", re.UNICODE)),
    ("PHONE_NUMBER", re.compile(r"(?<!\w)\+?\d(?:[\s().-]*\d){8,14}(?!\w)")),
)


def pattern_detector(text: str) -> list[DetectedSpan]:
    """Identifiers with a fixed shape: e-mail addresses, URLs, @handles, phone numbers."""
    out: list[DetectedSpan] = []
    for etype, pattern in _PATTERNS:
        out.extend((m.start(), m.end(), etype) for m in pattern.finditer(text))
    return out


def scrub_detector() -> tuple[Detector | None, str]:
    """The scrub package's detector (loads the NLP pipeline: seconds), and its name for the
    manifest; ``(None, reason)`` when it cannot be loaded."""
    try:
        from safe_archive.core.scrub.known import ScrubInput  # noqa: PLC0415
        from safe_archive.core.scrub.scrubber import Scrubber  # noqa: PLC0415

        scrubber = Scrubber.load()
    except Exception as exc:  # noqa: BLE001 - any failure means: no re-detection by the scrubber
        return None, f"scrub detector unavailable ({type(exc).__name__})"

    def detect(text: str) -> list[DetectedSpan]:
        found = scrubber.scrub([ScrubInput(text=text)])[0]
        return [(f.start, f.end, f.entity_type) for f in found]

    return detect, "scrub detector"


def combine(*detectors: Detector | None) -> Detector:
    active = [d for d in detectors if d is not None]

    def detect(text: str) -> list[DetectedSpan]:
        spans: list[DetectedSpan] = []
        for d in active:
            spans.extend((int(s[0]), int(s[1]), str(s[2])) for s in d(text))
        return spans

    return detect


def _tokens(value: str) -> tuple[str, ...]:
    return term_words(value)


@dataclass(slots=True)
class KnownIdentifiers:
    """Identifier token sequences mapped to the kind of identifier they are."""

    grams: dict[tuple[str, ...], str] = field(default_factory=dict)
    max_n: int = 1
    skipped_short: int = 0
    # One-word names ("Hope", "Will") are matched only where written with a capital letter, so
    # the ordinary word elsewhere is not flagged; handles, e-mails, ids and longer names match
    # in any case.
    capitalised_only: set[tuple[str, ...]] = field(default_factory=set)
    person_names: set[tuple[str, ...]] = field(default_factory=set)  # also as initial + surname
    _matcher: TermMatcher[tuple[str, ...]] | None = field(default=None, repr=False)

    def add(self, value: str | None, kind: str, *, name: bool = False) -> None:
        if not value:
            return
        toks = _tokens(value)
        if not toks or len(toks) > MAX_NGRAM:
            return
        if sum(len(t) for t in toks) < MIN_IDENTIFIER_CHARS:
            self.skipped_short += 1
            return
        self._matcher = None
        if name and len(toks) >= 2:
            self.person_names.add(toks)
        if toks not in self.grams:
            self.grams[toks] = kind
            if name and len(toks) == 1 and toks[0].isalpha():
                self.capitalised_only.add(toks)
        elif not name:
            self.capitalised_only.discard(toks)  # also a handle or id: match in any case
        self.max_n = max(self.max_n, len(toks))

    def discard(self, values: Iterable[str]) -> None:
        self._matcher = None
        for v in values:
            self.grams.pop(_tokens(v), None)

    @classmethod
    def from_archive(cls, conn: Connection) -> KnownIdentifiers:
        known = cls()
        seen: set[tuple[object, object, object]] = set()
        # One pass over the posts (it decrypts every page, so do it once).
        for handle, name, author_id, meta in export_sql.identities(conn):
            if (handle, name, author_id) not in seen:
                seen.add((handle, name, author_id))
                known.add(handle, "AUTHOR")
                known.add(name, "AUTHOR", name=True)
                known.add(author_id, "AUTHOR")
            if meta is None:
                continue
            try:
                mentions = json.loads(meta).get("mentions", [])
            except (ValueError, AttributeError):
                continue
            for m in mentions if isinstance(mentions, list) else []:
                if isinstance(m, dict):
                    for key in ("handle", "name", "id"):
                        value = m.get(key)
                        known.add(str(value) if value is not None else None, "MENTION", name=key == "name")
        for term, etype in export_sql.confirmed_terms(conn):
            known.add(term, str(etype), name=str(etype).upper() in NAME_TYPES)
        never = [term for term, _ in export_sql.listed_terms(conn, "never")]
        for listed, ltype in export_sql.listed_terms(conn, "always"):
            known.add(listed, str(ltype or "CUSTOM"))
        known.discard(never)
        return known

    def _built(self) -> TermMatcher[tuple[str, ...]]:
        if self._matcher is None:
            matcher: TermMatcher[tuple[str, ...]] = TermMatcher()
            for gram in self.grams:
                matcher.add(" ".join(gram), gram, initials=gram in self.person_names)
            self._matcher = matcher
        return self._matcher

    def find(self, text: str) -> list[DetectedSpan]:
        """Occurrences of any known identifier as whole canonical words (see the module doc)."""
        hits: list[DetectedSpan] = []
        for m in self._built().find(text):
            grams = [g for g in m.values if g in self.grams]
            if not grams:
                continue
            if all(g in self.capitalised_only for g in grams):
                first = unicodedata.normalize("NFKC", text[m.start:m.end].lstrip("@#＠＃")[:1])[:1]
                if first.lower() != first.upper() and not first.isupper():
                    continue  # written in lower case; a script without capitals (Han, Arabic…) always counts
            hits.append((m.start, m.end, self.grams[grams[0]]))
        return hits


@dataclass(frozen=True, slots=True)
class LeakHit:
    post_id: int
    number: int
    entity_type: str
    source: str  # "detector" | "known"
    field: str  # "text" | "tags" | "note"
    # where, for the reviewer's screen (in memory only; manifests and the audit log count hits):
    # code-point offsets into the field's text, and which tag or note it is (0 for the text)
    start: int = 0
    end: int = 0
    index: int = 0


@dataclass(slots=True)
class LeakReport:
    hits: list[LeakHit] = field(default_factory=list)
    posts_checked: int = 0
    detector: str = "patterns"

    @property
    def clean(self) -> bool:
        return not self.hits

    def by_type(self) -> dict[str, int]:
        return dict(Counter(h.entity_type for h in self.hits))

    def by_post(self) -> dict[int, dict[str, int]]:
        out: dict[int, Counter[str]] = defaultdict(Counter)
        for h in self.hits:
            out[h.post_id][h.entity_type] += 1
        return {pid: dict(c) for pid, c in sorted(out.items())}

    def summary(self, limit: int = 20) -> str:
        if self.clean:
            return f"Leak check passed: {self.posts_checked} posts checked, no identifiers found."
        posts = self.by_post()
        types = ", ".join(f"{t} {n}" for t, n in sorted(self.by_type().items()))
        listed = "; ".join(
            f"post {pid}: " + ", ".join(f"{t} {n}" for t, n in sorted(c.items()))
            for pid, c in list(posts.items())[:limit]
        )
        more = f"; and {len(posts) - limit} more posts" if len(posts) > limit else ""
        return (
            f"The leak check found {len(self.hits)} possible identifiers in {len(posts)} posts "
            f"({types}). {listed}{more}. Nothing was written. Review these posts, or export "
            "again with an override reason (--override-leak-check REASON), which is recorded."
        )


def _inside(span: tuple[int, int], regions: Sequence[tuple[int, int]]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in regions)


def _allowed(text: str, start: int, end: int, record: ExportRecord) -> bool:
    value = term_key(text[start:end])
    return value in record.keep or value in record.rejected


def check(records: Iterable[ExportRecord], detector: Detector, known: KnownIdentifiers, *, detector_name: str = "patterns") -> LeakReport:
    report = LeakReport(detector=detector_name)
    for record in records:
        report.posts_checked += 1
        seen: set[tuple[str, str]] = set()
        fields: list[tuple[str, int, str, Sequence[tuple[int, int]]]] = [("text", 0, record.text, record.inserted)]
        fields += [("tags", i, t, []) for i, t in enumerate(record.tags)]
        fields += [("note", i, n, ins) for i, (n, ins) in enumerate(zip(record.notes, record.notes_inserted, strict=True))]
        for field_name, index, text, inserted in fields:
            for source, spans in (("detector", detector(text)), ("known", known.find(text))):
                for start, end, etype in spans:
                    if _inside((start, end), inserted) or _allowed(text, start, end, record):
                        continue
                    if (etype, f"{field_name}:{start}") in seen:
                        continue
                    seen.add((etype, f"{field_name}:{start}"))
                    report.hits.append(LeakHit(record.post_id, record.number, etype, source, field_name, start, end, index))
    return report


def text_hits(text: str, detector: Detector, known: KnownIdentifiers) -> int:
    """How many identifiers a free text (a query, a collection name) contains."""
    return len(detector(text)) + len(known.find(text))

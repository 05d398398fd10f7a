"""The search query language, parsed into a small typed value (no SQL here).

Grammar (informal)::

    query   := item*
    item    := ['-'] (filter | term) | 'OR'
    term    := word | word'*' | '"' phrase '"'
    filter  := field ':' (value | '"' value '"')

Adjacent terms are ANDed; ``OR`` joins the terms on either side (``a OR b c`` is
``(a OR b) AND c``). Filters are always ANDed and may be negated with ``-``. A query may hold
only filters. Every problem raises :class:`QueryError` with a message that says what is wrong
and never quotes more than the offending filter's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from safe_archive.core.errors import QueryError
from safe_archive.core.labels import LABELS
from safe_archive.core.query import segment

FIELDS = (
    "author", "platform", "lang", "before", "after", "has", "status", "label", "tag", "collection",
)
STATUSES = ("unreviewed", "reviewed", "pending", "scrubbed", "unscrubbed")
_WORD = re.compile(r"\w+", re.UNICODE)
_FIELD = re.compile(r"([A-Za-z]+):(.*)", re.DOTALL)
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_ENTITY = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
MAX_QUERY_CHARS = 2000
MAX_TERMS = 64


@dataclass(frozen=True, slots=True)
class Term:
    words: tuple[str, ...]  # one word, or a phrase's words (outside the no-space scripts)
    prefix: bool = False  # last word is a prefix (word*)
    runs: tuple[str, ...] = ()  # runs of Chinese, Japanese, Korean, Thai … (matched by bigrams)

    def fts(self) -> str:
        """The words as an FTS5 phrase for ``posts_fts`` (only when ``words`` is not empty)."""
        body = '"' + " ".join(w.replace('"', "") for w in self.words) + '"'
        return body + ("*" if self.prefix else "")

    def script_fts(self) -> str:
        """The runs as FTS5 phrases over the bigram index ``posts_fts_cjk``."""
        return " AND ".join(segment.gram_phrase(run.replace('"', "")) for run in self.runs)


@dataclass(frozen=True, slots=True)
class Filter:
    field: str
    value: str
    negated: bool = False


@dataclass(slots=True)
class ParsedQuery:
    groups: list[list[Term]] = field(default_factory=list)  # AND of ORs
    excluded: list[Term] = field(default_factory=list)  # -word / -"phrase"
    filters: list[Filter] = field(default_factory=list)

    @property
    def has_text(self) -> bool:
        return bool(self.groups)

    @property
    def has_script(self) -> bool:
        """Whether any term is in a script written without spaces (searched by bigrams)."""
        return any(t.runs for group in self.groups for t in group) or any(t.runs for t in self.excluded)

    def fts_expression(self) -> str:
        """The positive terms as an FTS5 expression built only from quoted strings."""
        parts = []
        for group in self.groups:
            inner = " OR ".join(t.fts() for t in group)
            parts.append(f"({inner})" if len(group) > 1 else inner)
        return " AND ".join(parts)


def _tokens(query: str) -> list[tuple[str, bool]]:
    """Split into (token, was_quoted_value) pairs; quotes may follow ``field:`` or ``-``."""
    out: list[tuple[str, bool]] = []
    i, n = 0, len(query)
    while i < n:
        if query[i].isspace():
            i += 1
            continue
        start = i
        while i < n and not query[i].isspace() and query[i] != '"':
            i += 1
        if i < n and query[i] == '"':
            close = query.find('"', i + 1)
            if close < 0:
                raise QueryError('A quotation mark is not closed: add the closing ".')
            token = query[start:i] + query[i : close + 1]
            i = close + 1
            # text glued after the closing quote (e.g. "a b"c) becomes its own token
            out.append((token, True))
            continue
        out.append((query[start:i], False))
    return out


def _term(text: str) -> Term | None:
    quoted = text.startswith('"') and text.endswith('"') and len(text) >= 2
    inner = text[1:-1] if quoted else text
    prefix = not quoted and inner.endswith("*")
    runs = tuple(segment.runs(inner)) if segment.has_script(inner) else ()
    rest = segment.strip_runs(inner) if runs else inner
    words = tuple(w.lower() for w in _WORD.findall(rest))
    if runs:
        return Term(words, prefix and bool(words), runs)
    if not words:
        return None
    if prefix and len(words) > 1:
        prefix = True  # "don't*" -> phrase "don t" with a prefix last word
    return Term(words, prefix)


def parse_date(value: str, name: str) -> tuple[date, date]:
    """A date or period (YYYY, YYYY-MM, YYYY-MM-DD) as [start, end) dates."""
    m = _DATE.fullmatch(value)
    if not m:
        raise QueryError(f"{name}: needs a date written YYYY, YYYY-MM or YYYY-MM-DD.")
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    try:
        if month is None:
            if year < 1 or year >= 9999:
                raise ValueError
            return date(year, 1, 1), date(year + 1, 1, 1)
        if day is None:
            start = date(year, month, 1)
            end = date(year + (month == 12), month % 12 + 1, 1)
            return start, end
        start = date(year, month, day)
        return start, date.fromordinal(start.toordinal() + 1)
    except (ValueError, OverflowError):
        raise QueryError(f"{name}: is not a real date (check the month and day).") from None


def _check_filter(name: str, value: str) -> str:
    if not value:
        raise QueryError(f"{name}: needs a value after the colon (e.g. {name}:something).")
    if name in ("before", "after"):
        parse_date(value, name)
    elif name == "has":
        if not _ENTITY.fullmatch(value):
            raise QueryError("has: needs an entity type such as PERSON, EMAIL_ADDRESS or LOCATION.")
        value = value.upper()
    elif name == "status":
        value = value.lower()
        if value not in STATUSES:
            raise QueryError(f"status: must be one of {', '.join(STATUSES)}.")
    elif name == "label":
        value = value.lower()
        if value not in LABELS:
            raise QueryError(f"label: must be one of {', '.join(LABELS)}.")
    elif name == "author":
        value = value.lstrip("@")
        if not value:
            raise QueryError("author: needs a handle after the colon.")
    elif name in ("platform", "lang"):
        value = value.lower()
    return value


def parse(query: str) -> ParsedQuery:
    """Parse a query; raises :class:`QueryError` with a message a person can act on."""
    if not isinstance(query, str):
        raise QueryError("The query must be text.")
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"The query is too long (over {MAX_QUERY_CHARS} characters); shorten it.")
    if "\x00" in query:
        raise QueryError("The query contains a NUL character; remove it.")
    parsed = ParsedQuery()
    pending_or = False
    last_was_term = False
    for raw, _quoted in _tokens(query):
        if raw == "OR":
            if not last_was_term:
                raise QueryError("OR must stand between two words or phrases (e.g. rape OR assault).")
            pending_or = True
            last_was_term = False
            continue
        negated = raw.startswith("-") and len(raw) > 1
        body = raw[1:] if negated else raw
        m = _FIELD.fullmatch(body) if not body.startswith('"') else None
        if m:
            name = m.group(1).lower()
            if name not in FIELDS:
                raise QueryError(
                    "A word followed by a colon is read as a filter, and that one is unknown; known filters: "
                    f"{', '.join(f + ':' for f in FIELDS)} (put the word in quotes to search for it)."
                )
            if pending_or:
                raise QueryError("OR can only join words or phrases, not filters such as tag: or author:.")
            value = m.group(2)
            if value.startswith('"'):
                if not (value.endswith('"') and len(value) >= 2):
                    raise QueryError(f'{name}: has an unclosed quotation mark.')
                value = value[1:-1]
            value = value.strip()
            parsed.filters.append(Filter(name, _check_filter(name, value), negated))
            last_was_term = False
            continue
        term = _term(body)
        if term is None:
            if pending_or:
                raise QueryError("OR must be followed by a word or phrase.")
            continue  # punctuation alone: nothing to search for
        if negated:
            if pending_or:
                raise QueryError("OR cannot be followed by an excluded (-) word.")
            parsed.excluded.append(term)
            last_was_term = False
            continue
        if pending_or and parsed.groups:
            parsed.groups[-1].append(term)
        else:
            parsed.groups.append([term])
        pending_or = False
        last_was_term = True
    if pending_or:
        raise QueryError("OR must be followed by a word or phrase.")
    n_terms = sum(len(g) for g in parsed.groups) + len(parsed.excluded)
    if n_terms > MAX_TERMS:
        raise QueryError(f"The query has too many words ({n_terms}; at most {MAX_TERMS}).")
    if not parsed.groups and not parsed.filters:
        if parsed.excluded:
            raise QueryError("A search needs at least one word or filter that is not excluded with '-'.")
        raise QueryError("The search is empty: type at least one word or a filter such as tag:name.")
    return parsed

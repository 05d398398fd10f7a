"""The search query language (parsing only; the archive runs parsed queries)."""

from safe_archive.core.query.query import FIELDS, Filter, ParsedQuery, Term, parse, parse_date

__all__ = ["FIELDS", "Filter", "ParsedQuery", "Term", "parse", "parse_date"]

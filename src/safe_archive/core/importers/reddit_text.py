"""Shared Reddit details: fullnames, placeholders, markdown links, entity unescaping."""

from __future__ import annotations

import html
import re

PLACEHOLDERS = {"[deleted]", "[removed]", "[ Removed by Reddit ]", "[removed by reddit]"}
_LINK = re.compile(r"https?://[^\s)\]>\"']+")


def fullname(ident: str, prefix: str) -> str:
    """``t1_abc`` / ``t3_abc``: the same id key whichever export a post comes from."""
    ident = ident.strip()
    if re.match(r"^t[1-6]_", ident):
        return ident
    return prefix + ident


def body_text(value: object) -> str:
    """Markdown as delivered, with the HTML entities older Reddit bodies carry decoded."""
    if not isinstance(value, str):
        return ""
    text = value.strip()
    return "" if text in PLACEHOLDERS else html.unescape(text)


def links(text: str) -> list[str]:
    return list(dict.fromkeys(m.rstrip(".,;:!?") for m in _LINK.findall(text)))


def is_placeholder(value: object) -> bool:
    return isinstance(value, str) and value.strip() in PLACEHOLDERS

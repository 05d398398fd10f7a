"""Plain words for counts: "1 selected post", "3 selected posts"."""

from __future__ import annotations


def plural(n: int, one: str, many: str | None = None) -> str:
    """``plural(1, "post") == "1 post"``; ``plural(2, "post") == "2 posts"`` (thousands separated)."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"

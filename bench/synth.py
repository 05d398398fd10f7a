"""Deterministic synthetic posts for benchmarks (no real people: invented words and names)."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

_SYLLABLES = ["ka", "lo", "mi", "ra", "te", "su", "no", "vi", "da", "pe", "zu", "ho", "ne", "ba", "ri", "go"]
COMMON = (
    "i was told that he never would and we it the a to of in my when after they she said "
    "about school friend family night home years old again nobody believed me still today"
).split()


def vocabulary(size: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def posts(n: int, seed: int = 1) -> Iterator[dict[str, object]]:
    rng = random.Random(seed)
    vocab = vocabulary(20000)
    cum: list[float] = []
    acc = 0.0
    for rank in range(len(vocab)):  # Zipf-like
        acc += 1.0 / (rank + 1)
        cum.append(acc)
    for i in range(n):
        length = rng.randint(8, 40)
        words = [rng.choice(COMMON) if rng.random() < 0.45 else w for w in rng.choices(vocab, cum_weights=cum, k=length)]
        if rng.random() < 0.2:
            words.append("#" + rng.choice(vocab))
        yield {
            "id": str(10**17 + i),
            "author": f"user_{rng.randint(1, 50000)}",
            "created_at": 1_500_000_000 + i * 30,
            "text": " ".join(words),
        }


def write_jsonl(path: Path, n: int, seed: int = 1) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        for row in posts(n, seed):
            handle.write(json.dumps(row) + "\n")
    return path


def queries(count: int = 200, seed: int = 3) -> list[str]:
    """A varied mix: rare and common words, two-word AND, phrases, prefixes, OR, NOT."""
    rng = random.Random(seed)
    vocab = vocabulary(20000)
    mid = vocab[200:5000]
    rare = vocab[5000:]
    out: list[str] = []
    shapes = ["rare", "mid", "two", "phrase", "prefix", "or", "not", "common+mid"]
    for i in range(count):
        shape = shapes[i % len(shapes)]
        if shape == "rare":
            out.append(rng.choice(rare))
        elif shape == "mid":
            out.append(rng.choice(mid))
        elif shape == "two":
            out.append(f"{rng.choice(mid)} {rng.choice(vocab[:2000])}")
        elif shape == "phrase":
            out.append(f'"{rng.choice(COMMON)} {rng.choice(COMMON)}"')
        elif shape == "prefix":
            out.append(rng.choice(mid)[:4] + "*")
        elif shape == "or":
            out.append(f"{rng.choice(rare)} OR {rng.choice(rare)}")
        elif shape == "not":
            out.append(f"{rng.choice(mid)} -{rng.choice(COMMON)}")
        else:
            out.append(f"{rng.choice(COMMON)} {rng.choice(mid)}")
    return out

"""Build resources/scrub/words/<lang>.tsv: word frequencies for the languages outside English.

Each file holds the words of one language with Zipf frequency >= MIN_ZIPF (at most MAX_WORDS),
from ``wordfreq`` 3.1.1 (build time only; its data is CC BY-SA 4.0, see
resources/scrub/README.md). The multilingual name recognizer reads them as stop-lists: a
capitalised word that is frequent in its post's language is an ordinary word, not a name.

    python bench/scrub_build_words.py
"""

from __future__ import annotations

import re
from pathlib import Path

from wordfreq import top_n_list, zipf_frequency  # build-time only

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "scrub" / "words"
MIN_ZIPF = 3.0
MAX_WORDS = 40_000
# wordfreq code -> our file name (Croatian, Serbian and Bosnian share wordfreq's "sh" list)
LANGUAGES = {
    "es": "es", "fr": "fr", "de": "de", "nl": "nl", "pt": "pt", "it": "it", "ar": "ar",
    "tr": "tr", "pl": "pl", "da": "da", "sv": "sv", "nb": "nb", "sh": "sh", "sk": "sk",
    "cs": "cs", "ro": "ro", "ca": "ca", "fi": "fi", "hu": "hu", "id": "id", "ru": "ru",
    "uk": "uk", "el": "el", "fa": "fa", "he": "he",
}
_WORD = re.compile(r"^[^\W\d_]+(?:['’\-][^\W\d_]+)*$")


def build(code: str) -> list[tuple[str, float]]:
    out = []
    for w in top_n_list(code, MAX_WORDS * 2):
        if not _WORD.match(w):
            continue
        z = zipf_frequency(w, code)
        if z < MIN_ZIPF:
            break
        out.append((w, round(z, 1)))
        if len(out) >= MAX_WORDS:
            break
    return out


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for code, name in LANGUAGES.items():
        rows = build(code)
        (OUT / f"{name}.tsv").write_text("".join(f"{w}\t{z}\n" for w, z in rows), encoding="utf-8")
        print(f"{name}: {len(rows)} words")


if __name__ == "__main__":
    main()

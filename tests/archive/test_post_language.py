"""Posts imported without a language get the one the scrub reads them in.

CSV, JSONL and plain-text stories carry no language, so ``lang:ar`` found none of a user's
Arabic posts and the CSV/QDPX exports had an empty language column (acceptance walk with
invented posts). The scrub sets it (not the import, which it would slow down threefold); a
language the file gives is kept; a post too short to tell stays without.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from safe_archive.core.archive import Archive
from safe_archive.core.model import Finding
from safe_archive.core.scrub.known import KnownIdentifiers, ScrubInput
from safe_archive.core.scrub.policy import Policy
from safe_archive.core.scrub.language import post_language
from tests.archive.conftest import write_jsonl

MakeArchive = Callable[..., Archive]


def _no_findings(inputs: Sequence[ScrubInput], known: KnownIdentifiers, policy: Policy) -> list[list[Finding]]:
    return [[] for _ in inputs]

POSTS = {
    "es": "Cuando tenía catorce años mi entrenador me tocó y nadie me creyó.",
    "ar": "كنت في الرابعة عشرة عندما لمسني مدربي ولم يصدقني أحد.",
    "zh": "我十四歲的時候教練碰了我，沒有人相信我。",
    "hi": "जब मैं चौदह साल की थी तब मेरे कोच ने मुझे छुआ और किसी ने विश्वास नहीं किया।",
    "bn": "আমার যখন চোদ্দো বছর বয়স তখন আমার কোচ আমাকে স্পর্শ করেছিল।",
    "en": "When I was fourteen my coach touched me and nobody believed me.",
}


def test_scrub_gives_posts_without_language_the_detected_one(make_archive: MakeArchive, tmp_path: Path) -> None:
    archive = make_archive()
    rows: list[dict[str, object]] = [
        {"id": "given", "author": "a", "text": POSTS["es"] + " (copia)", "lang": "ca"},
        {"id": "short", "author": "a", "text": "ok jaja", "lang": ""},  # too little to tell
    ]
    rows += [{"id": lang, "author": "a", "text": text, "lang": None} for lang, text in POSTS.items()]
    summary = archive.import_files([write_jsonl(tmp_path / "posts.jsonl", rows)])
    assert summary.imported == len(rows)
    assert archive.search("lang:es", limit=10).total == 0  # not yet: the scrub reads it
    archive.scrubber(scrub_fn=_no_findings).scrub()
    stored = {p.source_id: p.lang for p in archive.get_posts(range(1, len(rows) + 1))}
    assert {k: stored[k] for k in POSTS} == {k: k for k in POSTS}
    assert stored["short"] is None
    assert stored["given"] == "ca"  # what the file says is kept, even if the text reads otherwise
    # and the language filter finds them
    for lang in ("ar", "zh", "hi", "bn"):
        page = archive.search(f"lang:{lang}", limit=10)
        assert [archive.get_post(h.post_id).source_id for h in page.hits] == [lang]


def test_post_language_needs_enough_text() -> None:
    assert post_language("ok") is None
    assert post_language("Hola amigo") is None  # two Latin words: could be anything
    assert post_language("@bob #MeToo https://example.org") is None  # no words at all
    assert post_language("謝謝你們") == "zh"  # four letters of another script are enough
    assert post_language("मेरे कोच ने मुझे छुआ") == "hi"  # vowel signs belong to their words
    assert post_language(POSTS["es"]) == "es"

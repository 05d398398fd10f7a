"""Searching an archive: redacted by default, filters, snippets, bm25, counts, pagination."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safe_archive.core.archive import Archive
from safe_archive.core.errors import QueryError
from safe_archive.core.review.collections import Collections
from safe_archive.core.review.review import Review
from tests.export.helpers import add_post, new_archive


def _dt(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 10, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def arch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    archive = new_archive(Path(tmp_path_factory.mktemp("search")) / "a")
    ids = {}
    ids["a"] = add_post(archive, "Bartholomew hurt me when I was thirteen. I never told anyone.",
                        find=[("Bartholomew", "PERSON")], handle="Survivor_A", created=_dt(2017, 10, 16))
    ids["b"] = add_post(archive, "My teacher did it too. I was thirteen and alone.",
                        handle="survivor_b", platform="mastodon", lang="fr", created=_dt(2018, 1, 2))
    ids["c"] = add_post(archive, "Teaching kids about consent matters. #MeToo",
                        handle="teacher_c", created=_dt(2019, 6, 1))
    ids["d"] = add_post(archive, "It was a joke, thirteen jokes about thirteen.", handle="troll",
                        created=_dt(2020, 2, 2))
    ids["e"] = add_post(archive, "Contact me at help@example.org", find=[("help@example.org", "EMAIL_ADDRESS", "pending")],
                        handle="helper", created=_dt(2021, 3, 3))
    ids["f"] = add_post(archive, "not scrubbed yet: thirteen", scrubbed=False, handle="late", created=_dt(2022, 1, 1))
    archive.review.add_tag([ids["b"]], "school")
    archive.review.set_label([ids["c"]], "credit-me")
    archive.review.mark_reviewed([ids["a"]])
    archive.collections.create("set", post_ids=[ids["a"], ids["b"]])
    archive.ids = ids  # type: ignore[attr-defined]
    yield archive
    archive.close()


def ids_of(archive: Archive, query: str, **kw: object) -> set[int]:
    page = archive.search(query, limit=100, **kw)  # type: ignore[arg-type]
    assert page.total == len(page.hits)
    return {h.post_id for h in page.hits}


def test_redacted_text_is_searched_by_default(arch: Archive) -> None:
    i = arch.ids  # type: ignore[attr-defined]
    assert ids_of(arch, "Bartholomew") == set()
    assert ids_of(arch, "Bartholomew", original=True) == {i["a"]}
    hit = arch.search("hurt").hits[0]
    assert "Bartholomew" not in hit.snippet and "[PERSON]" in hit.snippet and ("hurt", True) in hit.parts()
    assert ids_of(arch, "thirteen") == {i["a"], i["b"], i["d"]}  # the unscrubbed post is not shown
    assert i["f"] in ids_of(arch, "thirteen", original=True)


def test_text_operators(arch: Archive) -> None:
    i = arch.ids  # type: ignore[attr-defined]
    assert ids_of(arch, '"was thirteen"') == {i["a"], i["b"]}
    assert ids_of(arch, "thirteen -joke") == {i["a"], i["b"]}
    assert ids_of(arch, "thirteen -teacher") == {i["a"], i["d"]}
    assert ids_of(arch, "teach*") == {i["b"], i["c"]}
    assert ids_of(arch, "consent OR alone") == {i["b"], i["c"]}
    assert ids_of(arch, "consent OR alone thirteen") == {i["b"]}
    assert ids_of(arch, "-thirteen platform:twitter") == {i["c"], i["e"], i["f"]}


def test_filters(arch: Archive) -> None:
    i = arch.ids  # type: ignore[attr-defined]
    assert ids_of(arch, "author:@survivor_a") == {i["a"]}  # handles are case-insensitive
    assert ids_of(arch, "platform:mastodon") == {i["b"]}
    assert ids_of(arch, "lang:FR") == {i["b"]}
    assert ids_of(arch, "before:2018") == {i["a"]}
    assert ids_of(arch, "after:2021-03-03") == {i["e"], i["f"]}
    assert ids_of(arch, "after:2018 before:2019-06-02") == {i["b"], i["c"]}
    assert ids_of(arch, "has:person") == {i["a"]}
    assert ids_of(arch, "has:EMAIL_ADDRESS") == {i["e"]}
    assert ids_of(arch, "status:pending") == {i["e"]}
    assert ids_of(arch, "status:reviewed") == {i["a"]}
    assert ids_of(arch, "status:unscrubbed") == {i["f"]}
    assert ids_of(arch, "label:credit-me") == {i["c"]}
    assert i["c"] not in ids_of(arch, "label:anonymize-me")
    assert ids_of(arch, "tag:School") == {i["b"]}
    assert ids_of(arch, "-tag:school thirteen") == {i["a"], i["d"]}
    assert ids_of(arch, "collection:set thirteen") == {i["a"], i["b"]}


def test_bm25_ranking_counts_and_pagination(arch: Archive) -> None:
    i = arch.ids  # type: ignore[attr-defined]
    page = arch.search("thirteen", limit=1)
    assert page.total == 3 and len(page.hits) == 1
    assert page.hits[0].post_id == i["d"]  # the word twice in a short post ranks first
    second = arch.search("thirteen", limit=1, offset=1)
    assert second.hits[0].post_id != i["d"] and second.offset == 1
    assert arch.search("thirteen", limit=10, offset=10).hits == []
    ranks = [h.rank for h in arch.search("thirteen").hits]
    assert ranks == sorted(ranks)
    newest = arch.search("platform:twitter", limit=2)
    assert [h.post_id for h in newest.hits] == [i["f"], i["e"]]  # filter-only: newest first
    with pytest.raises(QueryError):
        arch.search("thirteen", limit=0)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=40))
def test_search_raises_nothing_but_query_error(arch: Archive, query: str) -> None:
    for original in (False, True):
        try:
            arch.search(query, original=original)
        except QueryError:
            pass


def test_large_result_sets_are_capped_and_shown_newest_first(arch: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    from safe_archive.core.store import search as search_mod

    i = arch.ids  # type: ignore[attr-defined]
    full = arch.search("thirteen")
    assert full.exact and full.order == "bm25" and full.total == 3
    monkeypatch.setattr(search_mod, "RANK_CAP", 2)
    newest = arch.search("thirteen")
    assert newest.order == "newest" and newest.exact and newest.total == 3
    assert [h.post_id for h in newest.hits] == sorted((i["a"], i["b"], i["d"]), reverse=True)
    monkeypatch.setattr(search_mod, "COUNT_CAP", 2)
    capped = arch.search("thirteen")
    assert capped.total == 2 and not capped.exact and len(capped.hits) == 3
    filters = arch.search("platform:twitter")
    assert filters.order == "date" and filters.total == 2 and not filters.exact

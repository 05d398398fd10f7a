"""`forget --author` deletes the author's reposts, likes and boosts (relations), and the ones
pointing at the author's deleted posts: a forgotten author leaves no trace of what they liked
or shared, and no counts on posts that are gone (issue 14)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from safe_archive.core.archive import Archive
from safe_archive.core.importers.base import Relation
from safe_archive.core.store.relations import insert_relations
from tests.cli_run import run
from tests.dbutil import sql, transaction
from tests.export.helpers import PASSPHRASE, add_post, new_archive

WHEN = datetime(2021, 3, 4, tzinfo=timezone.utc)


def _relation(n: int, kind: str, subject: str, actor_id: str | None, actor_handle: str | None) -> Relation:
    return Relation("twitter", f"rel-{n}", kind, subject, actor_id, actor_handle, WHEN)


def test_forget_author_deletes_their_relations_and_those_to_their_posts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAFE_ARCHIVE_PASSPHRASE", PASSPHRASE)
    folder = tmp_path / "arch"
    archive = new_archive(folder)
    add_post(archive, "my own words", handle="quillfeather", author_id="9001234", source_id="q1")
    other = add_post(archive, "someone else's testimony", handle="ally", author_id="5550001", source_id="a1")
    with transaction(archive) as conn:
        insert_relations(conn, [
            _relation(1, "like", "a1", "9001234", "quillfeather"),      # the author liked a post
            _relation(2, "repost", "a1", "9001234", None),              # ... reposted it (id only)
            _relation(3, "like", "a1", None, "QuillFeather"),           # ... handle in another case
            _relation(4, "like", "q1", "5550001", "ally"),              # someone liked the author's post
            _relation(5, "like", "a1", "7770002", "bystander"),         # unrelated: stays
        ], None)
    archive.close()

    code, _, err = run(capsys, "forget", folder, "--author", "quillfeather", "--yes")
    assert code == 0, err
    with Archive.open(folder, PASSPHRASE) as arch:
        left = sql(arch).execute("SELECT source_id, actor_id, actor_handle FROM relations ORDER BY source_id").fetchall()
        assert left == [("rel-5", "7770002", "bystander")]
        assert arch.relation_counts([other]) == {other: {"like": 1}}
        assert arch.count_posts() == 1

"""forget --term of a run-together name masks it written out too (issue 14): the SQL pre-filter
of the mask asked only for 'janedoe', so 'Jane Doe' and 'jane_doe' never reached the matcher."""

from __future__ import annotations

from safe_archive.core.archive import Archive
from tests.dbutil import sql
from tests.export.helpers import add_post


def test_forgetting_a_run_together_name_masks_it_written_out(archive: Archive) -> None:
    a = add_post(archive, "I saw Jane Doe at the station")
    b = add_post(archive, "ask jane_doe about it")
    c = add_post(archive, "janedoe posted again")
    keep = add_post(archive, "Jane and Doe are different people here? no: jane met a doe")
    archive.forget.term("janedoe")
    texts = {int(r[0]): str(r[1]) for r in sql(archive).execute("SELECT id, text FROM posts")}
    for pid in (a, b, c):
        low = texts[pid].lower()
        assert "jane" not in low and "doe" not in low, texts[pid]
    assert "█" in texts[a] and "█" in texts[b] and "█" in texts[c]
    assert texts[keep] == "Jane and Doe are different people here? no: jane met a doe"

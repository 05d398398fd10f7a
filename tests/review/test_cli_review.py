"""CLI: review, label, tag, note, terms, collection, saved-search, search --saved."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.export.helpers import PASSPHRASE, add_post, new_archive
from tests.cli_run import run


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SAFE_ARCHIVE_PASSPHRASE", PASSPHRASE)
    archive = new_archive(tmp_path / "arch")
    add_post(archive, "Marguerite and Tom at school", find=[("Marguerite", "PERSON", "pending"), ("Tom", "PERSON", "pending")])
    add_post(archive, "Tom again, at school")
    archive.close()
    return tmp_path / "arch"


def test_review_flow(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "review", "show", folder, 1, "--json")
    assert code == 0, err
    shown = json.loads(out)
    assert [f["status"] for f in shown["findings"]] == ["pending", "pending"] and "text" not in shown
    first, second = (f["id"] for f in shown["findings"])
    assert run(capsys, "review", "accept", folder, first)[0] == 0
    assert run(capsys, "review", "reject", folder, second)[0] == 0
    code, out, _ = run(capsys, "review", "show", folder, 1)
    assert "redacted: [PERSON] and Tom at school" in out
    code, _, err = run(capsys, "review", "accept-term", folder, "tom", "--type", "PERSON")
    assert code == 0 and "2 occurrences accepted" in err
    code, out, _ = run(capsys, "review", "add", folder, 2, 14, 20, "LOCATION")
    assert code == 0 and out.strip().isdigit()
    code, out, _ = run(capsys, "review", "show", folder, 2)
    assert "redacted: [PERSON] again, at [LOCATION]" in out
    assert run(capsys, "review", "done", folder, 1, 2)[0] == 0
    code, out, _ = run(capsys, "search", folder, "status:reviewed")
    assert len(out.splitlines()) == 2
    edited = tmp_path / "para.txt"
    edited.write_text("A paraphrase.")
    assert run(capsys, "review", "edit", folder, 1, "--file", edited)[0] == 0
    assert "edited: A paraphrase." in run(capsys, "review", "show", folder, 1)[1]
    code, _, err = run(capsys, "review", "add", folder, 2, 10, 999, "LOCATION")
    assert code == 1 and "outside the post" in err and "again" not in err


def test_labels_tags_notes_terms(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "label", folder, "embargo-until", 1, "--date", "2099-01-01")[0] == 0
    code, _, err = run(capsys, "label", folder, "embargo-until", 1)
    assert code == 1 and "needs a date" in err
    assert run(capsys, "label", folder, "nonsense", 1)[0] == 2
    assert run(capsys, "tag", folder, "Workplace", 1, 2)[0] == 0
    code, out, _ = run(capsys, "search", folder, "label:embargo-until tag:workplace")
    assert out.startswith("1\t")
    assert run(capsys, "tag", folder, "workplace", 2, "--remove")[0] == 0
    code, out, _ = run(capsys, "note", folder, 1, "call back")
    assert code == 0 and out.strip().isdigit()
    assert "call back" in run(capsys, "note", folder, 1)[1]
    assert run(capsys, "terms", folder, "always", "add", "school", "--type", "ORG")[0] == 0
    assert "school\tORG" in run(capsys, "terms", folder, "always", "list")[1]
    assert run(capsys, "terms", folder, "always", "add")[0] == 2


def test_collections_and_saved_searches(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "collection", "create", folder, "both", "--post", 1, "--post", 2)[0] == 0
    assert run(capsys, "collection", "create", folder, "again", "--query", "again")[0] == 0
    out = run(capsys, "collection", "list", folder)[1]
    assert "both\tstatic\t2" in out and "again\tdynamic\t1\tagain" in out
    assert run(capsys, "collection", "remove", folder, "both", 1)[0] == 0
    assert run(capsys, "collection", "show", folder, "both")[1].split() == ["2"]
    assert run(capsys, "collection", "add", folder, "again", 1)[0] == 1
    assert run(capsys, "collection", "delete", folder, "both")[0] == 0
    assert run(capsys, "saved-search", "save", folder, "sch", "school")[0] == 0
    assert "sch\tschool" in run(capsys, "saved-search", "list", folder)[1]
    code, out, err = run(capsys, "search", folder, "--saved", "sch")
    assert code == 0 and len(out.splitlines()) == 2
    assert run(capsys, "search", folder)[0] == 2
    assert run(capsys, "saved-search", "delete", folder, "sch")[0] == 0
    assert run(capsys, "search", folder, "--saved", "sch")[0] == 1


def test_cli_forget_author_masks_the_display_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    from safe_archive.core.archive import Archive

    monkeypatch.setenv("SAFE_ARCHIVE_PASSPHRASE", PASSPHRASE)
    archive = new_archive(tmp_path / "f")
    add_post(archive, "mine", handle="larkspur9", name="Odalys Fernhill", source_id="lark-1")
    reply = add_post(archive, "Odalys Fernhill, and Odalys alone, was right", handle="pal", reply_to="lark-1")
    archive.close()
    code, _, err = run(capsys, "forget", tmp_path / "f", "--author", "@larkspur9", "--yes")
    assert code == 0, err
    assert "1 posts deleted" in err and "1 display names" in err and "Odalys" not in err
    archive = Archive.open(tmp_path / "f", PASSPHRASE)
    try:
        assert archive.get_post(reply).text == "█" * 15 + ", and ██████ alone, was right"
    finally:
        archive.close()

"""Issue 18 row 3: identifiers on the command line are visible to other local users in
/proc/PID/cmdline while the command runs, and land in shell history. Every argument that can
carry one now has a file form ('-' for stdin), and an inline one warns when $HISTFILE is set."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from safe_archive.core.archive import Archive

from .conftest import PW, make_archive
from tests.cli_run import run

NAME = "Jessica Miller"


@pytest.fixture
def folder(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SAFE_ARCHIVE_PASSPHRASE", PW)
    monkeypatch.delenv("HISTFILE", raising=False)
    folder = make_archive(tmp_path / "a")
    src = tmp_path / "posts.jsonl"
    src.write_text("".join(json.dumps({"id": f"p{i}", "author": f"user{i}", "created_at": "2021-01-01T00:00:00Z",
                                       "text": f"I told {NAME} about it, post {i}"}) + "\n" for i in range(3)),
                   encoding="utf-8")
    assert run(capsys, "import", folder, src, "--no-scrub")[0] == 0
    return folder


@pytest.fixture
def name_file(tmp_path: Path) -> Path:
    path = tmp_path / "name.txt"
    path.write_text(NAME + "\n", encoding="utf-8")
    return path


def test_file_forms_of_every_identifier_argument(folder: Path, name_file: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    def ok(*args: object) -> str:
        code, out, err = run(capsys, *args)
        assert code == 0, err
        assert "warning" not in err
        return out

    query = tmp_path / "q.txt"
    query.write_text('"Jessica Miller"\n', encoding="utf-8")
    assert len(ok("search", folder, "--query-file", query, "--original").splitlines()) == 3
    ok("terms", folder, "always", "add", "--term-file", name_file)
    assert NAME.lower() in ok("terms", folder, "always", "list").lower()
    ok("terms", folder, "always", "remove", "--term-file", name_file)
    assert NAME.lower() not in ok("terms", folder, "always", "list").lower()
    ok("review", "accept-term", folder, "--term-file", name_file)
    ok("review", "reject-term", folder, "--term-file", name_file)
    note = tmp_path / "note.txt"
    note.write_text(f"Spoke to {NAME}.\nSecond line.\n", encoding="utf-8")
    ok("note", folder, "1", "--note-file", note)
    assert "Second line" in ok("note", folder, "1")
    ok("collection", "create", folder, "c1", "--query-file", query)
    ok("saved-search", "save", folder, "s1", "--query-file", query)
    assert "Jessica" in ok("saved-search", "list", folder)
    ok("forget", folder, "--term-file", name_file, "--yes")
    assert ok("search", folder, "--query-file", query, "--original") == ""  # really forgotten
    handle = tmp_path / "author.txt"
    handle.write_text("user1\n", encoding="utf-8")
    ok("forget", folder, "--author-file", handle, "--yes")
    with Archive.open(folder, PW) as arch:
        assert arch.count_posts() == 2


def test_stdin_form(folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(NAME + "\n"))
    code, out, err = run(capsys, "search", folder, "--query-file", "-", "--original")
    assert code == 0 and len(out.splitlines()) == 3, err
    monkeypatch.setattr("sys.stdin", io.StringIO(NAME + "\n"))
    code, _, err = run(capsys, "forget", folder, "--term-file", "-", "--yes")
    assert code == 0, err


def test_inline_warns_when_history_is_kept(folder: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HISTFILE", "/home/someone/.bash_history")
    for args in (("search", folder, NAME), ("terms", folder, "never", "add", NAME),
                 ("review", "accept-term", folder, NAME), ("note", folder, "1", f"about {NAME}"),
                 ("saved-search", "save", folder, "s2", NAME), ("forget", folder, "--term", NAME, "--yes")):
        code, _, err = run(capsys, *args)
        assert code == 0, err
        assert "warning" in err and "file" in err and "history" in err, args
    monkeypatch.delenv("HISTFILE")
    code, _, err = run(capsys, "search", folder, NAME)
    assert code == 0 and "warning" not in err


def test_both_forms_or_bad_files_are_refused(folder: Path, name_file: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "search", folder, NAME, "--query-file", name_file)
    assert code == 2 and "not both" in err
    empty = tmp_path / "empty.txt"
    empty.write_text("\n")
    code, _, err = run(capsys, "forget", folder, "--term-file", empty, "--yes")
    assert code == 1 and "is empty" in err
    two = tmp_path / "two.txt"
    two.write_text("one\ntwo\n")
    code, _, err = run(capsys, "terms", folder, "always", "add", "--term-file", two)
    assert code == 1 and "one line" in err
    code, _, err = run(capsys, "review", "accept-term", folder)
    assert code == 2 and "--term-file" in err
    code, _, err = run(capsys, "forget", folder, "--term-file", tmp_path / "missing.txt", "--yes")
    assert code == 1 and "Cannot read" in err and len(err.strip().splitlines()) == 1


def test_export_query_and_override_reason_files(folder: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    query = tmp_path / "q.txt"
    query.write_text("status:unscrubbed\n", encoding="utf-8")
    reason = tmp_path / "reason.txt"
    reason.write_text(f"Checked by hand; {NAME} is the researcher.\n", encoding="utf-8")
    monkeypatch.setenv("HISTFILE", "/home/someone/.bash_history")
    (tmp_path / "out").mkdir()
    code, _, err = run(capsys, "export", folder, tmp_path / "out" / "e.csv", "--format", "csv", "--query-file", query,
                       "--override-reason-file", reason, "--include-pending", "--include", "unscrubbed",
                       "--no-redetect")
    assert code == 0, err
    assert "warning" not in err and "Exported 3 posts" in err

"""CLI: export, forget, audit (exit codes, one-line errors that echo nothing)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safe_archive.core.export import encrypt as age
from tests.export.helpers import PASSPHRASE, add_post, new_archive
from tests.cli_run import run
from tests.dbutil import sql


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SAFE_ARCHIVE_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("SAFE_ARCHIVE_EXPORT_PASSPHRASE", raising=False)
    archive = new_archive(tmp_path / "arch")
    add_post(archive, "Wilhelmina hurt me at thirteen", find=[("Wilhelmina", "PERSON")], handle="teller")
    add_post(archive, "Another thirteen story", handle="grimbleshanks")
    add_post(archive, "I read grimbleshanks today", handle="reader")
    archive.close()
    return tmp_path / "arch"


def test_export_blocked_then_overridden(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "export", folder, tmp_path / "o.csv", "--format", "csv", "--no-redetect")
    assert code == 1
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("safe-archive: The leak check found 1")
    assert "grimbleshanks" not in err and not (tmp_path / "o.csv").exists()
    code, out, err = run(capsys, "export", folder, tmp_path / "o.csv", "--format", "csv", "--style", "mask", "--no-redetect",
                         "--override-leak-check", "checked by hand", "--json")
    assert code == 0, err
    manifest = json.loads(out)
    assert manifest["leak_check"]["result"] == "overridden" and manifest["redaction"]["style"] == "mask"
    assert "██████████ hurt me" in (tmp_path / "o.csv").read_text()
    assert "Exported 3 posts" in err


def test_export_query_collection_and_usage_errors(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "export", folder, tmp_path / "q.jsonl", "--format", "jsonl", "--query", "hurt", "--no-redetect")
    assert code == 0, err
    assert len((tmp_path / "q.jsonl").read_text().splitlines()) == 1
    code, _, err = run(capsys, "export", folder, tmp_path / "x", "--format", "csv", "--query", "a", "--collection", "b")
    assert code == 2
    code, _, err = run(capsys, "export", folder, tmp_path / "x", "--format", "doc")
    assert code == 2
    code, _, err = run(capsys, "export", folder, tmp_path / "x", "--format", "csv", "--query", "tag:")
    assert code == 1 and "needs a value" in err


def test_export_encrypted_with_passphrase_file(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pw = tmp_path / "pw.txt"
    pw.write_text("export secret\n")
    code, _, err = run(capsys, "export", folder, tmp_path / "e.html", "--format", "html", "--query", "hurt",
                       "--encrypt", "--export-passphrase-file", pw, "--no-redetect")
    assert code == 0, err
    assert not (tmp_path / "e.html").exists()
    page = age.decrypt((tmp_path / "e.html.age").read_bytes(), passphrase="export secret").decode()
    assert "<bdi>[PERSON_1]</bdi> hurt me" in page and "Wilhelmina" not in page
    code, _, err = run(capsys, "export", folder, tmp_path / "f.html", "--format", "html", "--encrypt")
    assert code == 1 and "No export passphrase" in err


def test_forget_and_audit(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "forget", folder)
    assert code == 2
    code, _, err = run(capsys, "forget", folder, "--author", "@grimbleshanks", "--yes")
    assert code == 0, err
    assert "1 posts deleted" in err
    code, out, _ = run(capsys, "search", folder, "grimbleshanks", "--original")
    assert out == ""
    code, out, _ = run(capsys, "audit", folder, "--json")
    actions = [json.loads(line)["action"] for line in out.splitlines()]
    assert actions[0] == "forget.author" and "create" in actions
    assert "grimbleshanks" not in out
    code, _, err = run(capsys, "audit", folder, "--export", tmp_path / "audit.csv")
    assert code == 0, err
    text = (tmp_path / "audit.csv").read_text()
    assert text.startswith("id,at,os_user,action,details") and "forget.author" in text and "grimbleshanks" not in text
    code, _, err = run(capsys, "audit", folder, "--export", tmp_path / "audit.csv")
    assert code == 1 and "exists already" in err


def test_export_notes_flag(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from safe_archive.core.archive import Archive
    from safe_archive.core.review.review import Review
    from tests.export.helpers import PASSPHRASE

    with Archive.open(folder, PASSPHRASE) as archive:
        pid = int(sql(archive).execute("SELECT min(id) FROM posts").fetchone()[0])
        archive.review.add_note(pid, "A note from the reviewer.")
    code, _, _ = run(capsys, "export", folder, tmp_path / "n.jsonl", "--format", "jsonl", "--notes", "--no-redetect",
                     "--override-leak-check", "test")
    assert code == 0
    rows = [json.loads(line) for line in (tmp_path / "n.jsonl").read_text().splitlines()]
    assert ["A note from the reviewer."] in [r.get("notes") for r in rows]
    code, _, _ = run(capsys, "export", folder, tmp_path / "m.jsonl", "--format", "jsonl", "--no-redetect",
                     "--override-leak-check", "t")
    assert all("notes" not in json.loads(line) for line in (tmp_path / "m.jsonl").read_text().splitlines())

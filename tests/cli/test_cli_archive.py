"""The CLI contract of DESIGN.md: commands, passphrase sources, exit codes, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safe_archive.core.archive import Archive
from tests.cli_run import run

PW = "cli test passphrase"


@pytest.fixture(autouse=True)
def passphrase_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFE_ARCHIVE_PASSPHRASE", PW)
    monkeypatch.delenv("SAFE_ARCHIVE_NEW_PASSPHRASE", raising=False)
    monkeypatch.delenv("SAFE_ARCHIVE_RECOVERY_KEY", raising=False)


@pytest.fixture
def archive_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "arch"
    code, out, err = run(capsys, "init", folder)
    assert code == 0, err
    return folder


def _single_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("safe-archive: ")
    return lines[0]


def test_init_prints_the_recovery_key_once_on_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "init", tmp_path / "a")
    assert code == 0
    key = out.strip()
    assert key.startswith("SA1-") and len(key.splitlines()) == 1
    assert "RECOVERY KEY" in err
    with Archive.open(tmp_path / "a", recovery_key=key) as archive:
        assert archive.count_posts() == 0
    code, out, err = run(capsys, "init", tmp_path / "a")
    assert code == 1 and "already holds an archive" in _single_error_line(err)


def test_import_csv_with_detected_columns_and_bad_rows(archive_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "export.csv"
    src.write_text(
        "Tweet_ID,Username,Date,Body\n"
        '101,alice,2021-03-01T10:00:00Z,"first story"\n'
        "102,bob,not a date,second\n"
        "103,carol,1614592800,\"third, with comma\"\n"
        "104,dave,2021-03-02,fourth,EXTRA\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "import", archive_dir, src, "--map", "text=Body")
    assert code == 0, err
    assert "2 imported" in err
    assert "export.csv, record line 3: created time" in err
    assert "export.csv, record line 5: more cells" in err
    code, out, err = run(capsys, "search", archive_dir, "story OR third", "--original", "--json")
    hits = [json.loads(line) for line in out.splitlines()]
    assert len(hits) == 2
    with Archive.open(archive_dir, PW) as archive:
        posts = archive.get_posts([h["id"] for h in hits])
        assert {p.source_id for p in posts} == {"101", "103"}
        assert {p.author_handle for p in posts} == {"alice", "carol"}
        assert all(p.created_at is not None and p.created_at.tzinfo is not None for p in posts)


def test_import_again_adds_nothing(archive_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "p.jsonl"
    src.write_text("".join(json.dumps({"id": str(i), "text": f"t{i}"}) + "\n" for i in range(20)))
    assert run(capsys, "import", archive_dir, src, "--json")[0] == 0
    code, out, _ = run(capsys, "import", archive_dir, src, "--json")
    summary = json.loads(out)
    assert code == 0 and summary["imported"] == 0 and summary["duplicates"] == 20


def test_missing_file_fails_with_its_name(archive_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "import", archive_dir, tmp_path / "nope.csv")
    assert code == 1
    assert "nope.csv: no such file" in err
    assert "Traceback" not in err


def test_wrong_passphrase_is_one_line(archive_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFE_ARCHIVE_PASSPHRASE", "not it")
    code, _, err = run(capsys, "verify", archive_dir)
    assert code == 1
    assert "Wrong passphrase" in _single_error_line(err)


def test_no_passphrase_without_terminal_is_explained(archive_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SAFE_ARCHIVE_PASSPHRASE")
    code, _, err = run(capsys, "verify", archive_dir)
    assert code == 1
    assert "--passphrase-file" in _single_error_line(err)


def test_passphrase_file_and_passwd(archive_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SAFE_ARCHIVE_PASSPHRASE")
    old = tmp_path / "old.txt"
    old.write_text(PW + "\n")
    new = tmp_path / "new.txt"
    new.write_text("brand new one\n")
    code, _, err = run(capsys, "passwd", archive_dir, "--passphrase-file", old, "--new-passphrase-file", new)
    assert code == 0, err
    assert run(capsys, "verify", archive_dir, "--passphrase-file", old)[0] == 1
    code, out, _ = run(capsys, "verify", archive_dir, "--passphrase-file", new)
    assert code == 0 and "ok   key file" in out


def test_recovery_flag_opens_with_the_recovery_key(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    _, out, _ = run(capsys, "init", tmp_path / "r")
    monkeypatch.setenv("SAFE_ARCHIVE_PASSPHRASE", "wrong")
    monkeypatch.setenv("SAFE_ARCHIVE_RECOVERY_KEY", out.strip())
    assert run(capsys, "verify", tmp_path / "r", "--recovery")[0] == 0
    key = out.strip()
    monkeypatch.setenv("SAFE_ARCHIVE_RECOVERY_KEY", key[:-1] + ("7" if key[-1] != "7" else "8"))  # always a change
    code, _, err = run(capsys, "verify", tmp_path / "r", "--recovery")
    assert code == 1 and ("typo" in err or "Wrong recovery key" in err)


def test_archive_in_use(archive_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Archive.open(archive_dir, PW):
        code, _, err = run(capsys, "verify", archive_dir)
    assert code == 1
    assert "Archive in use" in _single_error_line(err)


def test_backup_then_verify(archive_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "backup", archive_dir, tmp_path / "bk")[0] == 0
    code, out, _ = run(capsys, "verify", tmp_path / "bk")
    assert code == 0 and "FAIL" not in out


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], archive_dir: Path) -> None:
    assert run(capsys, "search", archive_dir)[0] == 2
    assert run(capsys, "no-such-command")[0] == 2
    assert run(capsys, "import", archive_dir, "x.csv", "--map", "nonsense")[0] == 2


def test_internal_errors_show_no_traceback_or_content(archive_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("CanarySecretText survivor name")

    monkeypatch.setattr(Archive, "search", boom)
    code, out, err = run(capsys, "search", archive_dir, "anything")
    assert code == 1
    line = _single_error_line(err)
    assert "internal error (RuntimeError)" in line
    assert "CanarySecretText" not in out + err


def test_every_command_is_documented(capsys: pytest.CaptureFixture[str]) -> None:
    from safe_archive.cli.main import _load_commands, cli

    _load_commands()
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert command.help, f"{name} has no help text"
        assert f"safe-archive {name}" in readme, f"README does not document `safe-archive {name}`"


def test_an_interrupted_init_is_named_and_init_runs_again(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A crash inside init left only its temporary files: commands say so (not "damaged" or
    "belongs to a different archive"), and init in the same folder works."""
    folder = tmp_path / "arch"
    folder.mkdir()
    (folder / "keys.json.init").write_bytes(b"{}")
    (folder / "archive.db.init").write_bytes(b"\0" * 4096)
    code, out, err = run(capsys, "search", folder, "word")
    line = _single_error_line(err)
    assert code == 1 and "an earlier init there did not finish" in line and f"safe-archive init {folder}" in line
    code, out, err = run(capsys, "init", folder)
    assert code == 0, err
    assert out.strip().startswith("SA1-")
    code, out, err = run(capsys, "verify", folder)
    assert code == 0, err


# ---- import: exit codes, quiet, bounded error lines, Ctrl+C (issue 17) ----

def _bad_csv(path: Path, good: int, bad: int) -> Path:
    rows = ["id,text"] + [f"{i},good row {i}" for i in range(good)] + [f"b{i}," for i in range(bad)]
    path.write_text("\n".join(rows) + "\n")
    return path


def test_import_where_every_record_fails_exits_1(archive_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "import", archive_dir, _bad_csv(tmp_path / "bad.csv", 0, 3), "--no-scrub")
    assert code == 1 and "nothing was imported (all 3 records were bad)" in err


def test_empty_bluesky_repo_exits_1_and_says_why(archive_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    car = Path("/work/shared/formats/bluesky/indigo_greenground.repo.car")
    if not car.exists():
        pytest.skip("shared format samples not present")
    code, _, err = run(capsys, "import", archive_dir, car, "--no-scrub")
    assert code == 1 and "holds no posts (only 2 follows)" in err


def test_bad_record_lines_are_bounded_and_counted(archive_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "import", archive_dir, _bad_csv(tmp_path / "b.csv", 2, 25), "--no-scrub", "--max-errors", "3")
    assert code == 0
    assert sum(1 for line in err.splitlines() if "empty or missing text" in line) == 3
    assert "… and 22 more bad records" in err


def test_quiet_prints_nothing_on_success(archive_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "import", archive_dir, _bad_csv(tmp_path / "q.csv", 2, 2), "--no-scrub", "-q")
    assert code == 0 and out == "" and err == ""


def test_ctrl_c_exits_130_and_says_what_was_kept(archive_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import signal

    from safe_archive.core.store import posts
    from safe_archive.core.store.importing import BATCH_SIZE

    src = tmp_path / "big.jsonl"
    src.write_text("".join(json.dumps({"id": str(i), "text": f"post {i}"}) + "\n" for i in range(BATCH_SIZE * 3)))
    real = posts.insert_posts

    def insert_then_ctrl_c(*args: object, **kwargs: object) -> object:
        result = real(*args, **kwargs)  # type: ignore[arg-type]
        os.kill(os.getpid(), signal.SIGINT)  # the person presses Ctrl+C while the first batch is stored
        return result

    monkeypatch.setattr(posts, "insert_posts", insert_then_ctrl_c)
    code, _, err = run(capsys, "import", archive_dir, src, "--no-scrub")
    assert code == 130
    assert f"interrupted, {BATCH_SIZE} kept, run again to resume" in err
    monkeypatch.setattr(posts, "insert_posts", real)
    code, _, err = run(capsys, "import", archive_dir, src, "--no-scrub")
    assert code == 0 and f"{BATCH_SIZE * 2} imported, {BATCH_SIZE} duplicates" in err

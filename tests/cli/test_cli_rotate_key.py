"""``safe-archive rotate-key ARCHIVE``: the CLI for Archive.rotate_key (issue 7).

Secrets come from files, the environment or hidden prompts like every other command; exit 0 on
success, 1 with one line on stderr on failure, 2 on usage errors; no secret in any output.
The crash-safety of the rotation itself is proven in tests/security/test_rotation.py.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from safe_archive.core.archive import Archive, KdfParams
from safe_archive.core.store import keys
from safe_archive.core.store import rotation
from tests.cli_run import run

PW = "cli rotation passphrase"
FAST_KDF = KdfParams(memory_kib=64 * 1024, iterations=3, lanes=4)


def _one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err and lines[0].startswith("safe-archive: ")
    return lines[0]


def _data_key(folder: Path) -> bytes:
    return keys.read_keyfile(folder / "keys.json").unlock_with_passphrase(PW)


@pytest.fixture
def made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """An archive with three posts (fast KDF), its recovery key in the environment."""
    folder = tmp_path / "arch"
    source = tmp_path / "posts.jsonl"
    source.write_text("".join(json.dumps({"id": f"r{i}", "text": f"rotation story {i}"}) + "\n" for i in range(3)))
    with Archive.create(folder, PW, kdf=FAST_KDF) as archive:
        recovery = archive.recovery_key
        archive.import_files([source])
    assert recovery
    monkeypatch.setattr(keys, "DEFAULT_KDF", FAST_KDF)  # the new passphrase slot's parameters
    monkeypatch.setenv("SAFE_ARCHIVE_PASSPHRASE", PW)
    monkeypatch.setenv("SAFE_ARCHIVE_RECOVERY_KEY", recovery)
    monkeypatch.delenv("SAFE_ARCHIVE_NEW_PASSPHRASE", raising=False)
    return folder, recovery


def _assert_rotated(folder: Path, recovery: str, old_key: bytes) -> None:
    new_key = _data_key(folder)
    assert new_key != old_key
    assert rotation.probe(folder / "archive.db", new_key)
    assert not rotation.probe(folder / "archive.db", old_key), "the old key still opens the database"
    for leftover in folder.glob("archive.db-*"):  # the read-only probes' wal-index
        if leftover.stat().st_size == 0:
            leftover.unlink()
    with Archive.open(folder, recovery_key=recovery) as archive:  # the same recovery key opens it
        assert archive._key() == new_key
        assert archive.verify().ok
        assert archive.search("rotation", original=True).total == 3
        assert [e.action for e in archive.audit_entries()][0] == "key-rotation"
    assert not rotation.pending_path(folder / "keys.json").exists()


def test_rotate_key_with_environment(made: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    folder, recovery = made
    old_key = _data_key(folder)
    code, out, err = run(capsys, "rotate-key", folder)
    assert code == 0, err
    assert out == ""  # nothing new to write down: the secrets stay the same
    assert "Key rotated" in err and "unchanged" in err
    assert PW not in out + err and recovery not in out + err
    _assert_rotated(folder, recovery, old_key)
    code, out, err = run(capsys, "verify", folder)
    assert code == 0 and "FAIL" not in out


def test_rotate_key_with_secret_files(made: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    folder, recovery = made
    monkeypatch.delenv("SAFE_ARCHIVE_PASSPHRASE")
    monkeypatch.delenv("SAFE_ARCHIVE_RECOVERY_KEY")
    pw_file, rk_file = tmp_path / "pw.txt", tmp_path / "rk.txt"
    pw_file.write_text(PW + "\n")
    rk_file.write_text(recovery.lower().replace("-", " ") + "\r\n")  # typed forgivingly
    old_key = _data_key(folder)
    code, out, err = run(capsys, "rotate-key", folder, "--passphrase-file", pw_file, "--recovery-key-file", rk_file)
    assert code == 0, err
    _assert_rotated(folder, recovery, old_key)


def test_rotate_key_prompts_hidden_for_both_secrets(made: tuple[Path, str], capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    folder, recovery = made
    monkeypatch.delenv("SAFE_ARCHIVE_PASSPHRASE")
    monkeypatch.delenv("SAFE_ARCHIVE_RECOVERY_KEY")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    asked: list[tuple[str, bool]] = []

    def prompt(text: str, hide_input: bool = False, **_kwargs: object) -> str:
        asked.append((text, hide_input))
        return {"Passphrase": PW, "Recovery key": recovery}[text]

    import click

    monkeypatch.setattr(click, "prompt", prompt)
    old_key = _data_key(folder)
    code, _, err = run(capsys, "rotate-key", folder)
    assert code == 0, err
    assert asked == [("Passphrase", True), ("Recovery key", True)]
    _assert_rotated(folder, recovery, old_key)


def test_wrong_recovery_key_changes_nothing(made: tuple[Path, str], capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    folder, recovery = made
    other = keys.encode_recovery_key(os.urandom(32))  # well-formed, but not this archive's
    monkeypatch.setenv("SAFE_ARCHIVE_RECOVERY_KEY", other)
    keyfile_before = (folder / "keys.json").read_bytes()
    monkeypatch.setattr(Archive, "open", lambda *a, **k: pytest.fail("opened despite the wrong recovery key"))
    code, out, err = run(capsys, "rotate-key", folder)
    assert code == 1
    assert "Wrong recovery key" in _one_line(err)
    assert other not in out + err and PW not in out + err
    assert (folder / "keys.json").read_bytes() == keyfile_before
    assert not rotation.pending_path(folder / "keys.json").exists()


def test_recovery_key_typo_is_caught_first(made: tuple[Path, str], capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    folder, recovery = made
    typo = recovery[:-1] + ("0" if recovery[-1] != "0" else "1")
    monkeypatch.setenv("SAFE_ARCHIVE_RECOVERY_KEY", typo)
    monkeypatch.setattr(keys, "read_keyfile", lambda *a, **k: pytest.fail("read the key file despite the typo"))
    code, out, err = run(capsys, "rotate-key", folder)
    assert code == 1
    assert "typo" in _one_line(err)
    assert typo not in out + err


def test_wrong_passphrase(made: tuple[Path, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    folder, recovery = made
    monkeypatch.setenv("SAFE_ARCHIVE_PASSPHRASE", "not the passphrase")
    old_key = _data_key(folder)
    code, out, err = run(capsys, "rotate-key", folder)
    assert code == 1
    assert "Wrong passphrase" in _one_line(err)
    assert recovery not in out + err and "not the passphrase" not in out + err
    assert _data_key(folder) == old_key


def test_no_recovery_key_without_terminal_is_explained(made: tuple[Path, str], capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    folder, _ = made
    monkeypatch.delenv("SAFE_ARCHIVE_RECOVERY_KEY")
    code, _, err = run(capsys, "rotate-key", folder)
    assert code == 1
    line = _one_line(err)
    assert "--recovery-key-file" in line and "SAFE_ARCHIVE_RECOVERY_KEY" in line


def test_archive_in_use_and_missing(made: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, _ = made
    with Archive.open(folder, PW):
        code, _, err = run(capsys, "rotate-key", folder)
    assert code == 1 and "Archive in use" in _one_line(err)
    code, _, err = run(capsys, "rotate-key", tmp_path / "nothing-here")
    assert code == 1 and "No archive at" in _one_line(err)


def test_usage_errors_exit_2(made: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    folder, _ = made
    assert run(capsys, "rotate-key")[0] == 2
    assert run(capsys, "rotate-key", folder, "--no-such-option")[0] == 2
    assert run(capsys, "rotate-key", folder, "--recovery")[0] == 2  # both secrets are needed, not either


def test_interrupted_rotation_is_finished_by_the_next_command(made: tuple[Path, str], capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C after the database was re-encrypted but before keys.json was replaced: exit 1
    with the usual "interrupted" line; the next command's open finishes the rotation."""
    folder, recovery = made
    old_key = _data_key(folder)

    def crash(point: str) -> None:
        if point == "rekeyed":
            raise KeyboardInterrupt

    monkeypatch.setattr(rotation, "_crash_point", crash)
    code, _, err = run(capsys, "rotate-key", folder)
    assert code == 1
    assert "Key rotation interrupted" in _one_line(err) and "finishes or undoes" in err
    assert rotation.pending_path(folder / "keys.json").exists()
    monkeypatch.undo()  # back to the real environment for the rest, then set it again
    monkeypatch.setenv("SAFE_ARCHIVE_PASSPHRASE", PW)
    code, out, err = run(capsys, "verify", folder)
    assert code == 0 and "FAIL" not in out, out + err
    _assert_rotated(folder, recovery, old_key)

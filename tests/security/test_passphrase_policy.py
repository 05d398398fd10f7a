"""Issue 18 row 1: one passphrase policy (core), applied by init, passwd, export --encrypt and
the app's create form. The review's probes: init with "x", passwd to "a", "1", "password" or a
single space, export --encrypt with "a" — all accepted with no warning before."""

from __future__ import annotations

from pathlib import Path

import pytest

from safe_archive.core.passphrase_policy import WeakPassphrase, assess, check_new_passphrase
from tests.cli_run import run

PW = "security policy passphrase 11"
WEAK = ["x", "a", "1", "password", " ", "12345678", "P@ssw0rd1", "qwertyuiop", "aaaaaaaaaaaa"]
# Every passphrase the suite and the README use must stay acceptable.
KEPT = ["cli test passphrase", "brand new one", "security suite passphrase 7", "a different passphrase 8",
        "export passphrase 9", "correct horse battery staple", "tulip anchor violet gravel",
        "demo archive - synthetic posts only", "gui export passphrase 10", PW]


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SAFE_ARCHIVE_NEW_PASSPHRASE", "SAFE_ARCHIVE_RECOVERY_KEY", "SAFE_ARCHIVE_EXPORT_PASSPHRASE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SAFE_ARCHIVE_PASSPHRASE", PW)


@pytest.mark.parametrize("weak", WEAK)
def test_policy_refuses_weak(weak: str) -> None:
    result = assess(weak)
    assert not result.acceptable and result.problem
    with pytest.raises(WeakPassphrase) as info:
        check_new_passphrase(weak)
    assert "too weak" in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize("kept", KEPT)
def test_policy_keeps_the_suites_passphrases(kept: str) -> None:
    assert check_new_passphrase(kept).acceptable


def test_fair_is_accepted_with_a_warning() -> None:
    result = check_new_passphrase("correct horse")
    assert result.acceptable and not result.good and "fair" in result.problem


def test_user_inputs_count_as_guessable() -> None:
    assert assess("jessicamillerarchive").acceptable
    assert not assess("jessicamillerarchive", user_inputs=["jessicamillerarchive"]).acceptable


@pytest.mark.parametrize("weak", ["x", " ", "password"])
def test_init_refuses_a_weak_passphrase(weak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFE_ARCHIVE_PASSPHRASE", weak)
    code, out, err = run(capsys, "init", tmp_path / "a")
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 1 and len(lines) == 1 and "too weak" in lines[0], err
    assert not (tmp_path / "a").exists() and out == ""


def test_init_warns_on_a_fair_passphrase(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFE_ARCHIVE_PASSPHRASE", "correct horse")
    code, out, err = run(capsys, "init", tmp_path / "a")
    assert code == 0 and "warning" in err and "fair" in err and out.startswith("SA1-")


@pytest.mark.parametrize("weak", ["a", "1", "password", " "])
def test_passwd_refuses_weak_and_keeps_the_old(weak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from safe_archive.core.archive import Archive
    from tests.archive.conftest import FAST_KDF

    Archive.create(tmp_path / "a", PW, kdf=FAST_KDF).close()
    monkeypatch.setenv("SAFE_ARCHIVE_NEW_PASSPHRASE", weak)
    code, _, err = run(capsys, "passwd", tmp_path / "a")
    assert code == 1 and "too weak" in err
    monkeypatch.delenv("SAFE_ARCHIVE_NEW_PASSPHRASE")
    assert run(capsys, "verify", tmp_path / "a")[0] == 0  # the old passphrase still opens it


def test_export_encrypt_refuses_a_weak_passphrase(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from safe_archive.core.archive import Archive
    from tests.archive.conftest import FAST_KDF

    Archive.create(tmp_path / "a", PW, kdf=FAST_KDF).close()
    monkeypatch.setenv("SAFE_ARCHIVE_EXPORT_PASSPHRASE", "a")
    out = tmp_path / "out" / "e.jsonl"
    out.parent.mkdir()
    code, _, err = run(capsys, "export", tmp_path / "a", out, "--format", "jsonl", "--encrypt", "--no-redetect")
    assert code == 1 and "too weak" in err and "export passphrase" in err
    assert list(out.parent.iterdir()) == []


def test_the_apps_meter_is_the_core_policy() -> None:
    from safe_archive.gui.strength import estimate  # Qt-free module

    for weak in WEAK:
        assert not estimate(weak).acceptable, weak
    assert estimate("correct horse").acceptable and estimate("correct horse").problem
    assert estimate("tulip anchor violet gravel").acceptable

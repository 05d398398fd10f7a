"""CLI: `terms allow` edits the archive's allow-list (the #MeToo family by default; issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from safe_archive.core.archive.archive import Archive
from safe_archive.core.scrubbing.service import ArchiveScrubber
from tests.export.helpers import PASSPHRASE, add_post, new_archive
from tests.cli_run import run


def test_allow_list_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFE_ARCHIVE_PASSPHRASE", PASSPHRASE)
    archive = new_archive(tmp_path / "arch")
    add_post(archive, "Gracias a todas #YoTambién")
    archive.close()
    folder = tmp_path / "arch"
    code, out, err = run(capsys, "terms", folder, "allow", "list")
    assert code == 0, err
    listed = out.splitlines()
    assert "#YoTambién" in listed and "#BalanceTonPorc" in listed and "#JaTeż" in listed
    assert run(capsys, "terms", folder, "allow", "add", "#MiHistoria")[0] == 0
    assert run(capsys, "terms", folder, "allow", "remove", "#BalanceTonPorc")[0] == 0
    listed = run(capsys, "terms", folder, "allow", "list")[1].splitlines()
    assert "#MiHistoria" in listed and "#BalanceTonPorc" not in listed
    code, _, err = run(capsys, "terms", folder, "allow", "add", "#MiHistoria")
    assert code == 0 and "nothing changed" in err
    assert run(capsys, "terms", folder, "allow", "add")[0] == 2
    with Archive.open(folder, PASSPHRASE) as arch:
        version, policy = arch.scrubber().policy()
    assert version == 3 and "#MiHistoria" in policy.allow_list

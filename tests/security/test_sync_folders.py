"""Issue 18 row 4: init into, and plain exports into, ~/Dropbox, ~/OneDrive, ~/Google Drive or
~/Library/CloudStorage/... proceeded with no warning. Cloud-sync folders and network file
systems are now detected (core/sync_folders.py): the CLI warns for archives (init and every
open) and for plain exports, recommending --encrypt."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safe_archive.cli.main import main
from safe_archive.core.sync_folders import mount_of, sync_risk

from .conftest import PW, make_archive

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
server:/export /mnt/lab nfs4 rw,relatime 0 0
//nas/share /mnt/nas\\040share cifs rw 0 0
user@host:/data /home/u/remote fuse.sshfs rw,nosuid,nodev 0 0
https://dav.example.org/ /home/u/dav davfs rw 0 0
tmpfs /tmp tmpfs rw 0 0
"""


@pytest.mark.parametrize("rel, service", [
    ("Dropbox/research/arch", "Dropbox"),
    ("Dropbox (Uni Team)/arch", "Dropbox"),
    ("OneDrive/arch", "OneDrive"),
    ("OneDrive - Contoso/Documents/arch", "OneDrive"),
    ("Google Drive/My Drive/arch", "Google Drive"),
    ("Library/CloudStorage/GoogleDrive-someone@example.org/My Drive/arch", "Google Drive"),
    ("Library/CloudStorage/OneDrive-Personal/arch", "OneDrive"),
    ("Library/CloudStorage/Box-Box/arch", "Box"),
    ("Library/Mobile Documents/com~apple~CloudDocs/arch", "iCloud Drive"),
    ("iCloudDrive/arch", "iCloud Drive"),
    ("Nextcloud/arch", "Nextcloud"),
    ("ownCloud/arch", "ownCloud"),
    ("pCloud Drive/arch", "pCloud"),
    ("MEGA/arch", "MEGA"),
    ("MEGAsync/arch", "MEGA"),
    ("Box/arch", "Box"),
    ("Box Sync/arch", "Box"),
    ("Sync/arch", "Sync.com"),
])
def test_cloud_folders_by_name(tmp_path: Path, rel: str, service: str) -> None:
    home = tmp_path / "home"
    risk = sync_risk(home / rel, home=home, mounts_text="")
    assert risk is not None and risk.kind == "cloud" and service in risk.service, risk


@pytest.mark.parametrize("rel", ["research/arch", "Documents/Box/arch", "work/sync/arch", "boxes/arch", "megan/arch"])
def test_ordinary_folders_are_not_flagged(tmp_path: Path, rel: str) -> None:
    assert sync_risk(tmp_path / "home" / rel, home=tmp_path / "home", mounts_text="") is None


@pytest.mark.parametrize("marker, service", [(".dropbox", "Dropbox"), (".stfolder", "Syncthing"),
                                             ("._sync_3f2a1b.db", "Nextcloud")])
def test_cloud_folders_by_marker(tmp_path: Path, marker: str, service: str) -> None:
    synced = tmp_path / "custom-place"
    synced.mkdir()
    (synced / marker).write_text("")
    risk = sync_risk(synced / "projects" / "arch", home=tmp_path / "home", mounts_text="")
    assert risk is not None and service in risk.service and risk.folder == synced


@pytest.mark.parametrize("path, fstype", [("/mnt/lab/arch", "nfs4"), ("/mnt/nas share/x/arch", "cifs"),
                                          ("/home/u/remote/arch", "fuse.sshfs"), ("/home/u/dav/a", "davfs")])
def test_network_file_systems(path: str, fstype: str) -> None:
    risk = sync_risk(Path(path), home=Path("/nonexistent-home"), mounts_text=MOUNTS)
    assert risk is not None and risk.kind == "network" and risk.service == fstype


def test_local_mounts_are_not_network() -> None:
    assert sync_risk(Path("/tmp/arch"), home=Path("/nonexistent-home"), mounts_text=MOUNTS) is None
    assert mount_of(Path("/tmp/arch"), MOUNTS) == (Path("/tmp"), "tmpfs")
    assert mount_of(Path("/srv/x"), MOUNTS) == (Path("/"), "ext4")


def _run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_warns_for_archives_and_plain_exports(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFE_ARCHIVE_PASSPHRASE", PW)
    monkeypatch.delenv("SAFE_ARCHIVE_EXPORT_PASSPHRASE", raising=False)
    monkeypatch.delenv("HISTFILE", raising=False)
    folder = tmp_path / "Dropbox" / "arch"
    folder.parent.mkdir()
    code, out, err = _run(capsys, "init", folder)
    assert code == 0 and out.startswith("SA1-")
    assert "warning" in err and "Dropbox folder" in err
    code, _, err = _run(capsys, "verify", folder)  # every open says so again
    assert code == 0 and "Dropbox folder" in err
    local = make_archive(tmp_path / "local")
    src = tmp_path / "p.jsonl"
    src.write_text(json.dumps({"id": "1", "author": "a", "created_at": "2021-01-01T00:00:00Z", "text": "hello"}) + "\n")
    assert _run(capsys, "import", local, src, "--no-scrub")[0] == 0
    code, _, err = _run(capsys, "verify", local)
    assert code == 0 and "warning" not in err
    out_dir = tmp_path / "OneDrive - Contoso"
    out_dir.mkdir()
    export = ["export", local, out_dir / "e.csv", "--format", "csv", "--include", "unscrubbed", "--no-redetect"]
    code, _, err = _run(capsys, *export)
    assert code == 0 and "OneDrive folder" in err and "--encrypt" in err
    monkeypatch.setenv("SAFE_ARCHIVE_EXPORT_PASSPHRASE", "an export passphrase for the lab 12")
    code, _, err = _run(capsys, *export[:2], out_dir / "e2.csv", *export[3:], "--encrypt")
    assert code == 0 and "warning" not in err  # encrypted: nothing to warn about
    code, _, err = _run(capsys, *export[:2], tmp_path / "e3.csv", *export[3:])
    assert code == 0 and "warning" not in err

"""Is a folder synced to a cloud service or on a network file system?

An archive there leaves this machine: the service keeps copies, often old versions too, of the
encrypted database and its key file (so the passphrase can be guessed offline, and an old
version replayed), and syncing a database while it is open can damage it. A plain (unencrypted)
export there is testimony on someone else's servers. Neither is refused (people may have good
reasons); :func:`sync_risk` lets the CLI and the app warn and recommend ``--encrypt``.

Detection, best effort and offline:

* known sync-client folder names anywhere in the path (Dropbox, OneDrive, Google Drive, iCloud
  Drive, macOS ``~/Library/CloudStorage/…`` and ``~/Library/Mobile Documents``, Nextcloud,
  ownCloud, pCloud, MEGA, Box, Sync.com); names that are common words (``Box``, ``Sync``,
  ``MEGA``) only directly in the home folder;
* marker files sync clients leave in the folders they sync (``.dropbox``, Syncthing's
  ``.stfolder``, the Nextcloud/ownCloud clients' ``.sync_*.db``);
* on Linux, the file-system type of the mount holding the path (``/proc/self/mounts``): NFS,
  SMB/CIFS, SSHFS, WebDAV, AFP, rclone and other FUSE network mounts.

Not detected: a sync client configured on an arbitrary folder without markers, and network
shares on macOS and Windows (only the folder names are checked there).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

# component (lower-cased) prefix -> service, matched anywhere in the path
_PREFIXES: tuple[tuple[str, str], ...] = (
    ("dropbox", "Dropbox"),
    ("onedrive", "OneDrive"),
    ("google drive", "Google Drive"),
    ("googledrive", "Google Drive"),
    ("icloud drive", "iCloud Drive"),
    ("iclouddrive", "iCloud Drive"),
    ("nextcloud", "Nextcloud"),
    ("owncloud", "ownCloud"),
    ("pcloud", "pCloud"),
    ("megasync", "MEGA"),
    ("mega sync", "MEGA"),
    ("box sync", "Box"),
    ("box drive", "Box"),
    ("sync.com", "Sync.com"),
)
# exact names that are sync folders only when directly in the home folder
_HOME_NAMES = {"box": "Box", "sync": "Sync.com (or Syncthing)", "mega": "MEGA", "my drive": "Google Drive"}
_MARKERS: tuple[tuple[str, str], ...] = (
    (".dropbox", "Dropbox"),
    (".dropbox.cache", "Dropbox"),
    (".stfolder", "Syncthing"),
    (".nextcloudsync.log", "Nextcloud"),
    (".owncloudsync.log", "ownCloud"),
)
_SYNC_DB = re.compile(r"^\._?sync_[0-9a-f]+\.db$", re.IGNORECASE)  # Nextcloud/ownCloud client journal

NETWORK_FS = {
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "9p", "ceph", "glusterfs", "lustre", "gpfs",
    "davfs", "webdav", "afpfs", "sshfs", "fuse.sshfs", "fuse.davfs2", "fuse.rclone", "fuse.afpfs",
    "fuse.s3fs", "fuse.gcsfuse", "fuse.glusterfs", "fuse.cephfs", "fuse.onedriver",
    "fuse.google-drive-ocamlfuse", "fuse.smbnetfs", "fuse.curlftpfs",
}


@dataclass(frozen=True, slots=True)
class SyncRisk:
    kind: str  # "cloud" | "network"
    service: str  # "Dropbox", …, or the file-system type ("nfs4")
    folder: Path  # the synced folder, or the mount point

    def describe(self) -> str:
        if self.kind == "cloud":
            return f"inside a {self.service} folder ({self.folder})"
        return f"on a network file system ({self.service} mounted at {self.folder})"


def _absolute(path: Path) -> Path:
    try:
        return Path(os.path.realpath(path.expanduser()))
    except (OSError, ValueError):
        return Path(os.path.abspath(path.expanduser()))


def _home() -> Path | None:
    try:
        return _absolute(Path.home())
    except (RuntimeError, KeyError, OSError):
        return None


def _by_name(path: Path, home: Path | None) -> SyncRisk | None:
    parts = path.parts
    for i, part in enumerate(parts):
        lowered = part.lower()
        parent = Path(*parts[:i]) if i else None
        if lowered == "cloudstorage" and i and parts[i - 1].lower() == "library" and i + 1 < len(parts):
            name = parts[i + 1]  # "OneDrive-Personal", "GoogleDrive-someone@example.org", "Box-Box"
            known = [svc for prefix, svc in _PREFIXES if name.lower().startswith(prefix)]
            return SyncRisk("cloud", known[0] if known else f"cloud storage ({name})", Path(*parts[: i + 2]))
        if lowered == "mobile documents" and i and parts[i - 1].lower() == "library":
            return SyncRisk("cloud", "iCloud Drive", Path(*parts[: i + 1]))
        for prefix, service in _PREFIXES:
            if lowered.startswith(prefix):
                return SyncRisk("cloud", service, Path(*parts[: i + 1]))
        if home is not None and parent == home and lowered in _HOME_NAMES:
            return SyncRisk("cloud", _HOME_NAMES[lowered], Path(*parts[: i + 1]))
    return None


def _by_marker(path: Path) -> SyncRisk | None:
    folder = path
    while not folder.exists() and folder != folder.parent:  # the archive folder may not exist yet
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        for marker, service in _MARKERS:
            if (candidate / marker).exists():
                return SyncRisk("cloud", service, candidate)
        try:
            if any(_SYNC_DB.match(entry.name) for entry in os.scandir(candidate) if entry.name.startswith(".")):
                return SyncRisk("cloud", "Nextcloud or ownCloud", candidate)
        except OSError:
            continue
    return None


def _unescape(field: str) -> str:
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def mount_of(path: Path, mounts_text: str | None = None) -> tuple[Path, str] | None:
    """(mount point, file-system type) of the mount holding ``path`` (Linux), else None."""
    if mounts_text is None:
        try:
            mounts_text = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    best: tuple[Path, str] | None = None
    for line in mounts_text.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = Path(_unescape(fields[1]))
        if (path == point or point in path.parents) and (best is None or len(point.parts) >= len(best[0].parts)):
            best = (point, fields[2])
    return best


def _by_mount(path: Path, mounts_text: str | None) -> SyncRisk | None:
    found = mount_of(path, mounts_text)
    if found is None:
        return None
    point, fstype = found
    if fstype.lower() in NETWORK_FS or fstype.lower().startswith(("nfs", "smb", "cifs")):
        return SyncRisk("network", fstype, point)
    return None


def sync_risk(path: Path, *, home: Path | None = None, mounts_text: str | None = None) -> SyncRisk | None:
    """Why ``path`` (a folder or file, existing or not) may be copied off this machine, or None.
    ``home`` and ``mounts_text`` (the text of /proc/self/mounts) are for tests."""
    target = _absolute(path)
    home = _absolute(home) if home is not None else _home()
    return _by_name(target, home) or _by_marker(target) or _by_mount(target, mounts_text)


def archive_warning(folder: Path, risk: SyncRisk) -> str:
    return (f"The archive {folder} is {risk.describe()}. The service keeps copies (often old "
            "versions too) of the encrypted database and its key file off this machine, where the "
            "passphrase can be guessed offline, and syncing an open archive can damage it. Keep the "
            "archive in a folder that is not synced.")


def export_warning(path: Path, risk: SyncRisk) -> str:
    return (f"The export {path} is {risk.describe()}: an unencrypted export there is copied off this "
            "machine. Use --encrypt (or --recipient) for exports into synced or shared folders.")

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from safe_archive.core.archive import Archive, KdfParams

# The weakest parameters the archive accepts (RFC 9106's second recommendation), so tests run
# at ~0.2 s per unlock instead of the default's ~0.6 s.
FAST_KDF = KdfParams(memory_kib=64 * 1024, iterations=3, lanes=4)
PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def make_archive(tmp_path: Path) -> Callable[..., Archive]:
    opened: list[Archive] = []

    def make(name: str = "archive") -> Archive:
        archive = Archive.create(tmp_path / name, PASSPHRASE, kdf=FAST_KDF)
        opened.append(archive)
        return archive

    yield make
    for archive in opened:
        archive.close()


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path

"""Hostile container exports (issue 7): path traversal in zip/tar member names, links in tar
files, zip bombs. Nothing may be written outside (nothing is extracted at all), only
SafeArchiveError may escape, and a bomb must stop early with bounded memory."""

from __future__ import annotations

import io
import json
import tarfile
import time
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from safe_archive.core.archive import Archive
from safe_archive.core.errors import SafeArchiveError

from .conftest import FAST_KDF, PW


def _tweets_js(n: int = 3) -> bytes:
    items = [{"tweet": {"id_str": str(1000 + i), "full_text": f"hostile test {i}", "created_at": "Wed Oct 10 20:19:24 +0000 2018"}} for i in range(n)]
    return b"window.YTD.tweets.part0 = " + json.dumps(items).encode()


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    a = Archive.create(tmp_path / "archive", PW, kdf=FAST_KDF)
    yield a
    a.close()


def _import(archive: Archive, path: Path, fmt: str | None = None) -> str:
    try:
        summary = archive.import_files([path], format=fmt)
    except SafeArchiveError as exc:
        return f"refused: {exc}"
    return "; ".join(summary.lines())


def test_zip_member_path_traversal(archive: Archive, tmp_path: Path) -> None:
    marker = f"evil_{uuid.uuid4().hex}"
    escape_targets = [tmp_path / f"{marker}.js", Path("/tmp") / f"{marker}.js"]
    path = tmp_path / "twitter-archive.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("data/manifest.js", b"window.__THAR_CONFIG = {}")
        z.writestr("data/tweets.js", _tweets_js())
        z.writestr(f"../../../../../../tmp/{marker}.js", _tweets_js())
        z.writestr(f"/{marker}.js", _tweets_js())
        z.writestr(f"data/../../{marker}.js", _tweets_js())
        z.writestr(f"C:\\{marker}.js", _tweets_js())
    result = _import(archive, path)
    for target in escape_targets:
        assert not target.exists(), target
    assert not any(marker in p.name for p in tmp_path.rglob("*"))
    assert "3 imported" in result, result  # only the member inside the export was read
    print(f"\nzip traversal: {result}")


def test_tar_links_and_traversal(archive: Archive, tmp_path: Path) -> None:
    path = tmp_path / "twitter-archive.tar.gz"
    secret = tmp_path / "outside-secret.txt"
    secret.write_text("OUTSIDE-SECRET-CONTENT")
    with tarfile.open(path, "w:gz") as t:
        for name, data in (("data/manifest.js", b"window.__THAR_CONFIG = {}"), ("../escape.js", _tweets_js())):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("data/tweets.js")
        link.type = tarfile.SYMTYPE
        link.linkname = str(secret)
        t.addfile(link)
        hard = tarfile.TarInfo("data/tweet.js")
        hard.type = tarfile.LNKTYPE
        hard.linkname = "../../../../etc/passwd"
        t.addfile(hard)
    result = _import(archive, path, "twitter-archive")
    assert not (tmp_path.parent / "escape.js").exists()
    hits = archive.search("OUTSIDE", original=True).total if archive.count_posts() else 0
    assert hits == 0, "a link member was followed outside the export"
    print(f"\ntar links: {result}")


def test_zip_bomb_stops_early_with_bounded_memory(archive: Archive, tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    chunk = b" " * (1 << 20)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("data/manifest.js", b"window.__THAR_CONFIG = {}")
        with z.open("data/tweets.js", "w") as member:
            member.write(b"window.YTD.tweets.part0 = [")
            for _ in range(160):  # 160 MiB of spaces, ~160 KiB compressed (ratio ~1000)
                member.write(chunk)
            member.write(b"]")
    ratio = 160 * (1 << 20) / path.stat().st_size
    proc = psutil.Process()
    before = proc.memory_info().rss
    start = time.perf_counter()
    result = _import(archive, path)
    took = time.perf_counter() - start
    grown = (proc.memory_info().rss - before) / 2**20
    print(f"\nzip bomb (ratio {ratio:.0f}:1, 160 MiB): {took:.1f} s, RSS +{grown:.0f} MiB: {result[:200]}")
    assert archive.count_posts() == 0
    assert "bomb" in result.lower() or "too large" in result.lower() or "refused" in result or "not imported" in result
    assert grown < 256

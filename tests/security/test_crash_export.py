"""kill -9 at random moments during EXPORT (SECURITY.md properties 6 and 8; issue 7).

A driver subprocess runs the CLI's ``export`` command (a collection of 500 posts — 3,000 in the long run — CSV or
JSONL, plain or ``--encrypt``) and prints "PREP n" as posts are prepared and "STEP staged|
published NAME" after each file step of the writer has returned. The test kills it with
SIGKILL during start-up, after a random number of those lines, or after a random file step,
plus a random delay, then checks on the real files:

* the export file is absent, or complete and valid: an age file decrypts fully; the CSV/JSONL
  parses, holds every exported post, and both manifests are there and match it (sha256,
  count) — never a file cut short under the final name;
* for encrypted exports no plaintext (a canary word of every post) anywhere in the
  destination folder or the driver's private TMPDIR; TMPDIR stays empty for every export;
* the archive is unchanged (posts, findings, collections) and ``verify`` passes;
* an export to the same name afterwards works and removes what the killed one staged.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import random
import shutil
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pyrage
import pytest

from safe_archive.core.archive import Archive
from safe_archive.core.export import encrypt as age
from safe_archive.core.export import exporter as exporter_mod
from safe_archive.core.export.exporter import Exporter
from safe_archive.core.export.records import ExportOptions
from safe_archive.core.review.collections import Collections

from .conftest import DRIVER, FAST_KDF, PW, PYTHON, canaries, scan_tree, trials
from tests.dbutil import sql, transaction

N_POSTS = 500  # the long run uses 3,000 (its leak check and write take ~3 s)
COLLECTION = "testimony"
EXPORT_PW = "export passphrase 9"
# Encrypted with a passphrase (--encrypt: age's scrypt, ~1 s per encryption or decryption)
# or to an age public key (--recipient: fast).
# The bounded run takes the first three (no scrypt); the long run cycles through all four.
KINDS: list[tuple[str, bool | str]] = [("csv", False), ("jsonl", "recipient"), ("jsonl", False), ("csv", "passphrase")]
_IDENTITY = pyrage.x25519.Identity.generate()
RECIPIENT = str(_IDENTITY.to_public())
IDENTITY = str(_IDENTITY)


def _template(folder: Path, n_posts: int = N_POSTS) -> tuple[Path, list[str]]:
    """An archive of ``n_posts`` scrubbed posts, all in one collection; each holds a canary."""
    from safe_archive.core.model import Post

    words = canaries(n_posts, tag="Exprt")
    with Archive.create(folder, PW, kdf=FAST_KDF) as archive:
        posts = [Post(platform="t", source_id=f"s{i}", text=f"post {i} {words[i]} " + "what happened then " * 15,
                      author_handle=f"user{i % 37}") for i in range(n_posts)]
        ids = archive.add_posts(posts).added_ids
        with transaction(archive) as conn:
            conn.execute("UPDATE posts SET redacted_text = text, scrubbed_policy = 1")
        archive.collections.create(COLLECTION, post_ids=ids)
    return folder, words


def _state(archive: Archive) -> str:
    """A digest of everything an export must not change."""
    h = hashlib.sha256()
    for query in ("SELECT id, text, redacted_text, scrubbed_policy FROM posts ORDER BY id",
                  "SELECT * FROM findings ORDER BY id", "SELECT * FROM collections ORDER BY 1",
                  "SELECT * FROM collection_posts ORDER BY 1, 2"):
        for row in sql(archive).execute(query):
            h.update(repr(tuple(row)).encode())
    return h.hexdigest()


def _parse(fmt: str, data: bytes) -> list[dict[str, object]]:
    text = data.decode("utf-8")
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _check_export(out: Path, fmt: str, encrypted: bool | str, n_posts: int = N_POSTS) -> int:
    """A complete, valid export under ``out`` with both manifests; returns its post count."""
    data = out.read_bytes()
    manifest = json.loads(out.with_name(out.name + ".manifest.json").read_text(encoding="utf-8"))
    assert out.with_name(out.name + ".manifest.html").stat().st_size > 0
    entry = manifest["files"][0]
    assert entry["bytes"] == len(data) and entry["sha256"] == hashlib.sha256(data).hexdigest(), "export/manifest mismatch"
    if encrypted == "recipient":
        payload = age.decrypt(data, identities=[IDENTITY])
    else:
        payload = age.decrypt(data, passphrase=EXPORT_PW) if encrypted else data
    records = _parse(fmt, payload)
    assert len(records) == manifest["posts"]["exported"] == n_posts, (len(records), manifest["posts"])
    return len(records)


def _cli_args(out: Path, fmt: str, encrypted: bool | str) -> list[str]:
    args = [str(out), "--format", fmt, "--collection", COLLECTION, "--no-redetect"]
    if encrypted == "recipient":
        return [*args, "--recipient", RECIPIENT]
    return [*args, "--encrypt"] if encrypted else args


def _options(fmt: str, encrypted: bool | str) -> ExportOptions:
    return ExportOptions(format=fmt, collection=COLLECTION,
                         passphrase=EXPORT_PW if encrypted == "passphrase" else None,
                         recipients=[RECIPIENT] if encrypted == "recipient" else ())


def _start(folder: Path, args: list[str], tmpdir: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, DRIVER_PW=PW, SAFE_ARCHIVE_PASSPHRASE=PW, SAFE_ARCHIVE_EXPORT_PASSPHRASE=EXPORT_PW,
               TMPDIR=str(tmpdir), TEMP=str(tmpdir), TMP=str(tmpdir), SQLITE_TMPDIR=str(tmpdir))
    return subprocess.Popen([PYTHON, str(DRIVER), "export", str(folder), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


AIMS = ["prep", "staged", "published", "startup"]  # the bounded run takes the first three


def _run_export_kills(tmp_path: Path, n: int, seed: int, n_posts: int = N_POSTS) -> Counter[str]:
    rng = random.Random(seed)
    template, words = _template(tmp_path / "template", n_posts)
    with Archive.open(template, PW) as archive:
        before = _state(archive)
    outcome: Counter[str] = Counter()
    for trial in range(n):
        fmt, encrypted = KINDS[trial % len(KINDS)]
        kind = f"{fmt}{'+age ' + str(encrypted) if encrypted else ''}"
        folder, dest, tmpdir = tmp_path / f"t{trial}", tmp_path / f"out{trial}", tmp_path / f"tmp{trial}"
        shutil.copytree(template, folder)
        dest.mkdir()
        tmpdir.mkdir(mode=0o700)
        out = dest / (f"export.{fmt}.age" if encrypted else f"export.{fmt}")
        aim = AIMS[(trial + trial // len(KINDS)) % len(AIMS)]  # every kind meets every aim
        proc = _start(folder, _cli_args(dest / f"export.{fmt}", fmt, encrypted), tmpdir)
        assert proc.stdout is not None
        if aim == "startup":
            time.sleep(rng.uniform(0.0, 2.0))
        else:
            wanted = {"prep": "PREP", "staged": "STEP staged", "published": "STEP published"}[aim]
            skip = rng.randint(0, {"prep": max(0, n_posts // 500 - 1), "staged": 2, "published": 2}[aim])
            for line in proc.stdout:
                if line.startswith(wanted):
                    if skip == 0:
                        break
                    skip -= 1
        # After the last PREP line come the leak check, encryption and the writes (~1-3 s).
        longer = [rng.uniform(0, n_posts / 1000)] if aim == "prep" else []
        time.sleep(rng.choice([0.0, rng.uniform(0, 0.003), rng.uniform(0, 0.05), *longer]))
        running = proc.poll() is None
        if running:
            os.kill(proc.pid, signal.SIGKILL)
        stdout, err = proc.communicate(timeout=120)
        if not running:
            assert proc.returncode == 0 and "DONE 0" in stdout, err[-2000:]
        # 1. The final name: absent, or a complete export with matching manifests.
        if out.exists():
            _check_export(out, fmt, encrypted, n_posts)
            result = "complete export"
        else:
            manifests = sorted(p.name for p in dest.iterdir() if ".manifest." in p.name and not p.name.startswith("."))
            result = "no export" + (f" ({len(manifests)} manifests)" if manifests else "")
        staging = sorted(p.name for p in dest.iterdir() if p.name.startswith("."))
        assert all(p.endswith(".part") for p in staging), staging
        unexpected = {p.name for p in dest.iterdir()} - set(staging) - {
            out.name, out.name + ".manifest.json", out.name + ".manifest.html"}
        assert not unexpected, unexpected
        # 2. No plaintext: nothing at all in TMPDIR; for encrypted exports no post text anywhere.
        assert list(tmpdir.rglob("*")) == [], list(tmpdir.rglob("*"))
        if encrypted:
            hits = scan_tree([dest, tmpdir], words)
            assert hits == {}, {k: len(v) for k, v in hits.items()}
        # 3. The archive is unchanged and verifies; 4. an export to the same name then works
        # and clears what the killed one staged.
        with Archive.open(folder, PW) as archive:
            report = archive.verify()
            assert report.ok, report.lines()
            assert _state(archive) == before
            if not out.exists() or staging:
                archive.exporter().export(_options(fmt, encrypted), dest / f"export.{fmt}", overwrite=True)
        _check_export(out, fmt, encrypted, n_posts)
        assert sorted(p.name for p in dest.iterdir()) == sorted(
            [out.name, out.name + ".manifest.json", out.name + ".manifest.html"])
        outcome[f"{kind}: {'killed after ' + aim if running else 'finished'}: {result}"
                + (f", {len(staging)} staging files left" if staging else "")] += 1
        shutil.rmtree(folder)
        shutil.rmtree(dest)
        shutil.rmtree(tmpdir)
    print(f"\nexport kill trials: {n}; " + "; ".join(f"{k}: {v}" for k, v in sorted(outcome.items())))
    assert sum(v for k, v in outcome.items() if "killed" in k) >= n // 2, "most trials must really kill the driver"
    return outcome


def test_kill_during_export_bounded(tmp_path: Path) -> None:
    _run_export_kills(tmp_path, trials(3), seed=11)


@pytest.mark.slow
@pytest.mark.timeout(3 * 3600)
def test_kill_during_export_long(tmp_path: Path) -> None:
    _run_export_kills(tmp_path, trials(200), seed=int(time.time()), n_posts=3000)


class _Crash(BaseException):
    """Stands for the process dying at this exact point."""


@pytest.mark.parametrize("encrypted", [False, "recipient"])
def test_crash_while_writing_an_export_leaves_no_file_under_its_name(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encrypted: bool | str) -> None:
    """Regression: the exporter wrote the export file in place (open O_EXCL, write, fsync) —
    a crash or kill -9 before the data was complete left a cut-short file under the final
    name, which looks like a finished export. Now every file is staged under a hidden name,
    fsynced and renamed into place, the export file last."""
    folder, _words = _template(tmp_path / "a")
    dest = tmp_path / "out"
    dest.mkdir()
    calls = Counter[str]()
    real_fsync = os.fsync

    def crash(fd: int) -> None:
        calls["fsync"] += 1
        raise _Crash()

    with Archive.open(folder, PW) as archive:
        options = _options("csv", encrypted)
        monkeypatch.setattr(exporter_mod.os, "fsync", crash)
        with pytest.raises(_Crash):
            archive.exporter().export(options, dest / "export.csv")
        monkeypatch.setattr(exporter_mod.os, "fsync", real_fsync)
        assert calls["fsync"] == 1
        assert sorted(p.name for p in dest.iterdir() if not p.name.startswith(".")) == [], list(dest.iterdir())
        # The same export then works, and a staging file a killed export left is removed.
        (dest / f".export.csv{'.age' if encrypted else ''}.0123456789ab.part").write_bytes(b"partial")
        result = archive.exporter().export(options, dest / "export.csv")
    out = result.files[0]
    _check_export(out, "csv", encrypted)
    assert sorted(p.name for p in dest.iterdir()) == sorted(p.name for p in result.files)


def test_export_does_not_replace_an_existing_file(tmp_path: Path) -> None:
    """Staging + rename must keep the no-clobber rule of the old O_EXCL open."""
    folder, _words = _template(tmp_path / "a")
    dest = tmp_path / "out"
    dest.mkdir()
    (dest / "export.csv").write_text("mine")
    with Archive.open(folder, PW) as archive:
        options = ExportOptions(format="csv", collection=COLLECTION)
        with pytest.raises(Exception, match="exists already"):
            archive.exporter().export(options, dest / "export.csv")
    assert (dest / "export.csv").read_text() == "mine"
    assert sorted(p.name for p in dest.iterdir()) == ["export.csv"]



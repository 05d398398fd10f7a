"""Two processes on one archive (SECURITY.md property 15): while one process has the archive
open (mid-import), every CLI command from a second process fails with one clear "archive in
use" line and changes nothing; two importers started together: exactly one runs, the other is
refused; afterwards the archive verifies and holds exactly the expected posts."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from safe_archive.core.archive import Archive
from safe_archive.core.store import keys as keys_mod

from .conftest import DRIVER, NEW_PW, PW, PYTHON, isolated_env, make_archive, one_error_line, rows, run_cli, trials, write_jsonl


def _driver(mode: str, folder: Path, *args: object) -> subprocess.Popen[str]:
    env = dict(os.environ, DRIVER_PW=PW, DRIVER_NEW_PW=NEW_PW)
    return subprocess.Popen([PYTHON, str(DRIVER), mode, str(folder), *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def test_second_process_is_refused_while_the_archive_is_open(tmp_path: Path) -> None:
    folder = make_archive(tmp_path / "a")
    with Archive.open(folder, PW) as archive:
        archive.import_files([write_jsonl(tmp_path / "first.jsonl", rows(300))])
    other = write_jsonl(tmp_path / "other.jsonl", rows(10, prefix="o"))
    env = isolated_env(tmp_path / "env")
    holder = _driver("hold", folder, 120)  # e.g. the GUI with the archive unlocked
    assert holder.stdout is not None
    assert holder.stdout.readline().startswith("READY")
    keyfile_before = (folder / "keys.json").read_bytes()
    refused = 0
    for args in (["search", folder, "post"], ["import", folder, other], ["verify", folder],
                 ["backup", folder, tmp_path / "bk"], ["passwd", folder]):
        result = run_cli(args, dict(env, SAFE_ARCHIVE_NEW_PASSPHRASE=NEW_PW))
        if holder.poll() is not None:
            break  # the import finished first; later commands would rightly succeed
        assert result.returncode == 1, (args, result.stdout, result.stderr)
        assert "Archive in use" in one_error_line(result.stderr)
        refused += 1
    holder.terminate()
    holder.communicate(timeout=60)
    assert refused == 5
    assert (folder / "keys.json").read_bytes() == keyfile_before
    assert not (tmp_path / "bk" / "archive.db").exists()
    with Archive.open(folder, PW) as archive:
        assert archive.verify().ok
        assert archive.count_posts() == 300  # nothing from the refused import
    print(f"\nrefused while open in another process: {refused} CLI commands")


def test_two_importers_started_together(tmp_path: Path) -> None:
    outcomes = {"one ran, one refused": 0, "ran one after the other": 0}
    for trial in range(trials(2)):
        folder = make_archive(tmp_path / f"a{trial}")
        a = write_jsonl(tmp_path / f"a{trial}.jsonl", rows(400, prefix="a"))
        b = write_jsonl(tmp_path / f"b{trial}.jsonl", rows(400, prefix="b"))
        procs = [_driver("import", folder, a, 100), _driver("import", folder, b, 100)]
        results = [p.communicate(timeout=300) for p in procs]
        codes = [p.returncode for p in procs]
        refused = [i for i, (out, err) in enumerate(results) if "ArchiveInUse" in err]
        for i, code in enumerate(codes):
            assert code == 0 or i in refused, results[i][1][-1000:]
        with Archive.open(folder, PW) as archive:
            assert archive.verify().ok
            count = archive.count_posts()
        if refused:
            assert len(refused) == 1 and count == 400
            outcomes["one ran, one refused"] += 1
        else:
            assert count == 800
            outcomes["ran one after the other"] += 1
        keys_mod.read_keyfile(folder / "keys.json").unlock_with_passphrase(PW)
    # Which outcome each trial has depends on timing (under load the first importer can be
    # done before the second starts), so neither is required here; the refusal itself is
    # proven deterministically by test_second_process_is_refused_while_the_archive_is_open.
    print(f"\ntwo importers at once: {outcomes}")


def test_lock_is_released_when_the_holder_is_killed(tmp_path: Path) -> None:
    folder = make_archive(tmp_path / "a")
    holder = _driver("hold", folder, 60)
    assert holder.stdout is not None and holder.stdout.readline().startswith("READY")
    start = time.monotonic()
    holder.kill()
    holder.wait(timeout=30)
    with Archive.open(folder, PW) as archive:  # no stale lock after kill -9
        assert archive.verify().ok
    assert time.monotonic() - start < 10

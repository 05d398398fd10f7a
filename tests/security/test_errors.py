"""Logs and errors (SECURITY.md property 15, issue 7): the CLI's failure paths, run on an
archive whose posts carry canaries: one line on stderr, exit 1, and no canary, passphrase or
data-key material (hex, base64, SQLCipher x'' form, any 16-hex-digit window) in any output.
Also: the real CLI process runs with core dumps disabled."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from .conftest import CLI, PW, canaries, data_key_of, isolated_env, key_material, make_archive, one_error_line, run_cli, write_jsonl

PAGE = 4096


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], bytes, Path]:
    base = tmp_path_factory.mktemp("errors")
    marks = canaries(30)
    folder = make_archive(base / "archive")
    rows = [{"id": f"e{i}", "author": f"a{m}", "text": f"told {m} everything"} for i, m in enumerate(marks)]
    src = write_jsonl(base / "in.jsonl", rows)
    env = isolated_env(base / "env")
    assert run_cli(["import", folder, src], env).returncode == 0
    return folder, marks, data_key_of(folder), base


def _clean(result: subprocess.CompletedProcess[str], marks: list[str], key: bytes, *, summary: bool = False) -> str:
    text = result.stdout + result.stderr
    for needle in key_material(key) + [PW]:
        assert needle not in text, needle
    for mark in marks:
        assert mark not in text, mark
    assert "Traceback" not in text
    if summary:  # import prints its per-file summary on stderr, then the one error line
        last = result.stderr.strip().splitlines()[-1]
        assert last.startswith("safe-archive: ")
        return last
    return one_error_line(result.stderr)


def test_failure_paths_leak_nothing(loaded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder, marks, key, base = loaded
    env = isolated_env(tmp_path / "env")
    lines: dict[str, str] = {}
    # wrong passphrase (and a passphrase that contains a canary)
    r = run_cli(["search", folder, marks[0]], dict(env, SAFE_ARCHIVE_PASSPHRASE=f"wrong {marks[1]}"))
    assert r.returncode == 1
    lines["wrong passphrase"] = _clean(r, marks, key)
    # missing input file, unknown format, empty query, query of only exclusions
    r = run_cli(["import", folder, tmp_path / "missing.jsonl"], env)
    assert r.returncode == 1
    lines["missing file"] = _clean(r, marks, key, summary=True)
    for query in ("", f"-{marks[2]}"):
        r = run_cli(["search", folder, "--", query], env)
        assert r.returncode == 1
        lines[f"bad query {query[:1]!r}"] = _clean(r, marks, key)
    # a file whose every record is bad, each bad record quoting a canary
    bad = tmp_path / "bad.jsonl"
    bad.write_text("".join(f'{{"id": "x{i}", "text": "{m}", "created_at": "{m}"}}\n{{"broken {m}\n' for i, m in enumerate(marks)))
    r = run_cli(["import", "--json", folder, bad], env)
    text = r.stdout + r.stderr
    assert not any(m in text for m in marks), "a record error quoted the input"
    # a corrupted copy: first page, a later page, a truncated file, an empty file
    original = (folder / "archive.db").read_bytes()
    for name, damage in {
        "first page flipped": lambda b: b[:200] + bytes([b[200] ^ 1]) + b[201:],
        "later page flipped": lambda b: b[: 6 * PAGE + 9] + bytes([b[6 * PAGE + 9] ^ 0x80]) + b[6 * PAGE + 10 :],
        "truncated": lambda b: b[: len(b) // 2],
        "empty": lambda b: b"",
    }.items():
        copy = tmp_path / name.replace(" ", "-")
        shutil.copytree(folder, copy)
        (copy / "archive.db").write_bytes(damage(original))
        commands = [["verify", copy]] + ([["search", "--original", copy, "told"]] if name == "later page flipped" else [])
        for command in commands:
            r = run_cli(command, env)
            # verify must fail; a search may succeed when it never reads the damaged page
            assert r.returncode == 1 or command[0] == "search", (name, command, r.stdout, r.stderr)
            out = r.stdout + r.stderr if r.returncode else r.stderr  # a successful search shows hits
            for needle in key_material(key) + marks:
                assert needle not in out
            assert "Traceback" not in out and "internal error" not in out, (name, command, out)
            lines[f"{name} / {command[0]}"] = r.stderr.strip().splitlines()[-1]
    # a key file from another archive
    other = make_archive(tmp_path / "other")
    swapped = tmp_path / "swapped"
    shutil.copytree(folder, swapped)
    shutil.copyfile(other / "keys.json", swapped / "keys.json")
    r = run_cli(["verify", swapped], env)
    assert r.returncode == 1
    lines["swapped key file"] = _clean(r, marks, key)
    print("\n" + "\n".join(f"  {k}: {v}" for k, v in lines.items()))


def test_cli_runs_without_core_dumps(tmp_path: Path) -> None:
    """Read /proc/PID/limits of a real CLI process while it is blocked reading its passphrase
    from a FIFO (a non-blocking open for writing succeeds only once the CLI has it open)."""
    if not Path("/proc/self/limits").exists():
        pytest.skip("no /proc")
    folder = make_archive(tmp_path / "a")
    fifo = tmp_path / "pw.fifo"
    os.mkfifo(fifo)
    env = isolated_env(tmp_path / "env", passphrase=None)
    proc = subprocess.Popen([*CLI, "search", "--passphrase-file", str(fifo), str(folder), "x"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        fd = -1
        while fd < 0:
            assert time.monotonic() < deadline and proc.poll() is None, "the CLI never opened the FIFO"
            try:
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:
                time.sleep(0.02)
        limits = Path(f"/proc/{proc.pid}/limits").read_text()
        core = next(line for line in limits.splitlines() if line.startswith("Max core file size"))
        assert core.split()[4:6] == ["0", "0"], core
        own = next(line for line in Path("/proc/self/limits").read_text().splitlines() if line.startswith("Max core file size"))
        print(f"\nCLI process: {core!r} (the test process: {own!r})")
        os.write(fd, (PW + "\n").encode())
        os.close(fd)
        proc.communicate(timeout=60)
        assert proc.returncode == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()

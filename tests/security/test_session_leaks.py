"""A scripted CLI session with 50 planted canaries (SECURITY.md properties 1, 14 and 15).

Every command runs in its own process with a private HOME, TMPDIR, XDG and SAFE_ARCHIVE_HOME
folders and a sitecustomize that blocks and records any socket connect or DNS lookup. After
the session every file under the archive, the backup, the temp/config/cache/data folders is
scanned for the canaries (UTF-8 and UTF-16) and for the data key (raw bytes, hex, base64):
zero hits. The same scan over a plain-SQLite copy of the data finds every canary (control),
and the network hook demonstrably records a lookup (control).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from .conftest import (
    NETBLOCK,
    NEW_PW,
    PW,
    PYTHON,
    canaries,
    data_key_of,
    isolated_env,
    key_material,
    one_error_line,
    run_cli,
    scan_tree,
)


def _inputs(folder: Path, marks: list[str]) -> list[Path]:
    folder.mkdir()
    jsonl = folder / "posts.jsonl"
    lines = []
    for i, mark in enumerate(marks[:30]):
        lines.append(json.dumps({"id": f"j{i}", "author": f"handle{i}", "author_name": f"Name {mark}" if i % 3 == 0 else "Someone",
                                 "created_at": "2020-01-02T03:04:05Z", "text": f"She told me about {mark} and what happened that night"}))
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    csv = folder / "posts.csv"
    csv.write_text("id,author,date,text\n" + "".join(f'c{i},user{i},2021-05-06,"It was {mark}, I believe her"\n' for i, mark in enumerate(marks[30:45])), encoding="utf-8")
    bad = folder / "bad.jsonl"  # failure paths: canaries inside records that are rejected
    bad.write_text(
        json.dumps({"id": "b1", "text": f"good record {marks[45]}"}) + "\n"
        + json.dumps({"id": "b2", "text": f"bad date {marks[46]}", "created_at": f"not a date {marks[47]}"}) + "\n"
        + '{"id": "b3", "text": "broken json ' + marks[48] + '\n'
        + json.dumps({"id": 1.5, "text": f"float id {marks[49]}"}) + "\n",
        encoding="utf-8",
    )
    return [jsonl, csv, bad]


def test_cli_session_leaves_no_canary_no_key_and_makes_no_network_call(tmp_path: Path) -> None:
    marks = canaries(50)
    inputs = _inputs(tmp_path / "input", marks)
    base = tmp_path / "env"
    netlog = tmp_path / "netlog.txt"
    env = isolated_env(base, netlog=netlog)
    archive, backup = base / "home" / "Archive", base / "home" / "Backup"
    outputs: list[tuple[str, str, str]] = []  # command, stdout, stderr

    def cli(*args: object, expect: int = 0, **extra: str) -> subprocess.CompletedProcess[str]:
        result = run_cli(list(args), dict(env, **extra))
        assert result.returncode == expect, (args, result.stderr)
        outputs.append((str(args[0]), result.stdout, result.stderr))
        return result

    cli("init", archive)
    imported = json.loads(cli("import", "--json", archive, *inputs).stdout)
    assert imported["imported"] + imported["skipped"] == 49 and imported["skipped"] >= 2, imported
    found = cli("search", "--original", "--json", archive, marks[3])
    assert marks[3] in found.stdout  # the data really is in the archive
    cli("search", archive, "happened")
    cli("verify", archive)
    cli("backup", archive, backup)
    data_key = data_key_of(archive)
    cli("passwd", archive, SAFE_ARCHIVE_NEW_PASSPHRASE=NEW_PW)
    cli("verify", archive, SAFE_ARCHIVE_PASSPHRASE=NEW_PW)
    cli("verify", backup)  # the backup still opens with the old passphrase
    # An encrypted export (age, passphrase) of the scrubbed posts: no plaintext staging anywhere.
    export_pw = base / "home" / "export-pass.txt"
    export_pw.write_text("export passphrase 9\n")
    exported = base / "home" / "exports" / "posts.jsonl.age"
    exported.parent.mkdir()
    cli("export", archive, exported, "--format", "jsonl", "--encrypt", "--export-passphrase-file", export_pw,
        "--include-pending", SAFE_ARCHIVE_PASSPHRASE=NEW_PW)
    import pyrage

    plain = pyrage.passphrase.decrypt(exported.read_bytes(), "export passphrase 9").decode()
    in_export = [m for m in marks if m in plain]
    assert in_export, "control: the decrypted export holds canaries, so the scan below could see them"
    # failure paths
    cli("search", archive, "x", expect=1, SAFE_ARCHIVE_PASSPHRASE="wrong " + marks[0])
    cli("import", archive, tmp_path / "input" / "missing.jsonl", expect=1, SAFE_ARCHIVE_PASSPHRASE=NEW_PW)
    cli("search", archive, "", expect=1, SAFE_ARCHIVE_PASSPHRASE=NEW_PW)

    # 1. No canary and no key material in any file the session touched.
    roots = [archive, backup, base]
    assert scan_tree(roots, marks) == {}
    key_forms = key_material(data_key)
    assert scan_tree(roots, key_forms) == {}
    raw_hits = [p for r in roots for p in r.rglob("*") if p.is_file() and data_key in p.read_bytes()]
    assert raw_hits == []
    files = sorted(str(p.relative_to(base)) for p in base.rglob("*") if p.is_file())
    print(f"\nsession: {len(outputs)} commands; files scanned under env+archive+backup: {len(files)}; "
          f"canary hits 0; key hits 0; canaries inside the decrypted export: {len(in_export)}")

    # 15. No canary, passphrase or key in any output, except search results (asked for) and
    # the recovery key printed by init.
    secrets_ = key_forms + [PW, NEW_PW]
    for command, out, err in outputs:
        for needle in secrets_:
            assert needle not in out + err, (command, needle)
        for mark in marks:
            assert mark not in err, (command, mark)
            if command != "search":
                assert mark not in out, (command, mark)
    one_error_line(outputs[-3][2])  # wrong passphrase: one line
    assert "Wrong passphrase" in outputs[-3][2]

    # 14. No network attempt in any of the processes, and the hook was active in each.
    assert not netlog.exists() or netlog.read_text() == ""
    loaded = Path(str(netlog) + ".loaded").read_text().splitlines()
    assert len(loaded) >= len(outputs)


def test_control_plain_sqlite_copy_is_found(tmp_path: Path) -> None:
    """The scan finds every canary when the same data sits in plain SQLite (the check can fail)."""
    import sqlite3

    marks = canaries(50)
    inputs = _inputs(tmp_path / "input", marks)
    folder = tmp_path / "plain"
    folder.mkdir()
    conn = sqlite3.connect(folder / "archive.db")
    conn.execute("CREATE TABLE raw(name TEXT, body BLOB)")
    for path in inputs:
        conn.execute("INSERT INTO raw VALUES (?, ?)", (path.name, path.read_text(encoding="utf-8")))
    conn.commit()
    conn.close()
    found = set().union(*scan_tree([folder], marks).values())
    assert found == set(marks)


def test_control_subprocess_network_hook_records_attempts(tmp_path: Path) -> None:
    netlog = tmp_path / "net.txt"
    env = isolated_env(tmp_path / "env", netlog=netlog)
    code = (
        "import socket\n"
        "for f in (lambda: socket.getaddrinfo('example.org', 443), lambda: socket.create_connection(('192.0.2.1', 80), 1)):\n"
        "    try: f()\n"
        "    except OSError: pass\n"
    )
    subprocess.run([PYTHON, "-c", code], env=env, check=True, timeout=60)
    recorded = netlog.read_text().splitlines()
    assert len(recorded) == 2 and "getaddrinfo" in recorded[0] and "create_connection" in recorded[1]
    assert Path(NETBLOCK / "sitecustomize.py").exists()


def test_control_in_process_guard_fails_network_use(no_network: list[str]) -> None:
    import socket

    from tests.conftest import NetworkAttempt

    with pytest.raises(NetworkAttempt):
        socket.getaddrinfo("example.org", 443)
    with pytest.raises(NetworkAttempt):
        socket.create_connection(("192.0.2.1", 80), 1)
    with pytest.raises(NetworkAttempt):
        socket.socket().connect(("192.0.2.1", 80))
    assert len(no_network) == 3
    no_network.clear()  # this test tried on purpose; don't fail it at teardown

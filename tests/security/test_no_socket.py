"""Issue 18 row 7: every command that loaded the NLP stack opened an IPv6 socket bound to ::1
(urllib3's import-time ``HAS_IPV6`` probe, reached through spaCy and tldextract importing
requests). Now no socket is created at all: the netblock sitecustomize records every
``socket.__new__``/``socket.bind`` audit event of every Python process (children included)."""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import PYTHON, isolated_env, make_archive, rows, run_cli, write_jsonl


def _env(tmp_path: Path) -> tuple[dict[str, str], Path, Path]:
    netlog = tmp_path / "net.log"
    socklog = tmp_path / "sock.log"
    env = isolated_env(tmp_path / "env", netlog=netlog)
    env["SAFE_ARCHIVE_SOCKLOG"] = str(socklog)
    return env, socklog, Path(str(netlog) + ".loaded")


def _read(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def test_commands_that_load_the_nlp_stack_create_no_socket(tmp_path: Path) -> None:
    env, socklog, loaded = _env(tmp_path)
    detected = subprocess.run([PYTHON, "-m", "safe_archive", "detect"], input="Call Jessica Miller at 555-0100.\n",
                              env=env, capture_output=True, text=True, timeout=300)
    assert detected.returncode == 0, detected.stderr
    assert "PERSON" in detected.stdout or "PHONE" in detected.stdout  # the NLP stack really ran
    folder = make_archive(tmp_path / "a")
    imported = run_cli(["import", folder, write_jsonl(tmp_path / "in.jsonl", rows(20))], env, timeout=300)
    assert imported.returncode == 0, imported.stderr
    assert re.search(r"Scrubbed 20 (new )?posts", imported.stderr), imported.stderr
    assert len(_read(loaded)) == 2  # the recorder ran in both processes
    assert _read(socklog) == []


def test_control_the_recorder_sees_urllib3s_probe(tmp_path: Path) -> None:
    env, socklog, _ = _env(tmp_path)
    subprocess.run([PYTHON, "-c", "import urllib3"], env=env, check=True, timeout=120)
    events = _read(socklog)
    assert any("socket.__new__" in e for e in events) and any("socket.bind" in e and "::1" in e for e in events)
    socklog.unlink()
    subprocess.run([PYTHON, "-c", "import safe_archive.core.scrub, urllib3.util.connection as c; "
                    "assert c.HAS_IPV6 is False"], env=env, check=True, timeout=120)
    assert _read(socklog) == []


def test_the_hook_leaves_other_imports_alone() -> None:
    code = ("import socket, safe_archive.core.scrub, urllib3, json; "
            "assert socket.has_ipv6 is True or not socket.has_ipv6; import sys; "
            "assert 'urllib3.util.connection' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def _interfaces() -> list[str]:
    lines = Path("/proc/self/net/dev").read_text().splitlines()[2:]
    return sorted(line.split(":", 1)[0].strip() for line in lines)


@pytest.mark.skipif(not os.environ.get("SAFE_ARCHIVE_IN_NETNS"), reason="only under scripts/dev.py test's namespace")
def test_the_suite_runs_in_a_network_namespace_with_loopback_only() -> None:
    """The OS-level guard (issue 18): `dev.py test` runs pytest under `unshare --net`, so even a
    C library opening its own sockets finds no interface but loopback."""
    assert _interfaces() == ["lo"]
    import _socket  # the C socket, below the Python guard: only the namespace stops this one

    raw = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM)
    try:
        raw.settimeout(2)
        with pytest.raises(OSError) as info:
            raw.connect(("192.0.2.1", 80))  # TEST-NET-1
        assert info.value.errno == errno.ENETUNREACH
    finally:
        raw.close()


@pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("unshare") is None, reason="Linux unshare")
def test_control_unshare_leaves_only_loopback() -> None:
    done = subprocess.run(["unshare", "--net", "cat", "/proc/self/net/dev"], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"unshare --net not permitted here: {done.stderr.strip()}")
    names = sorted(line.split(":", 1)[0].strip() for line in done.stdout.splitlines()[2:])
    assert names == ["lo"]

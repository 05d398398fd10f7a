"""Shared helpers for the security and reliability suite (issue 7, SECURITY.md properties).

Sizes: every heavy test runs twice — a bounded version in the default suite and a long version
marked ``@pytest.mark.slow``. Long versions are skipped unless ``-m slow`` is given (or
``SAFE_ARCHIVE_SLOW=1``); ``SAFE_ARCHIVE_TRIALS=N`` overrides the trial count of both.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

from safe_archive.core.archive import Archive, KdfParams
from safe_archive.core.store import keys as keys_mod

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DRIVER = HERE / "driver.py"
NETBLOCK = HERE / "netblock"
PYTHON = sys.executable
CLI = [PYTHON, "-m", "safe_archive"]

# RFC 9106's second recommendation: the weakest parameters the archive accepts (~0.2 s/unlock).
FAST_KDF = KdfParams(memory_kib=64 * 1024, iterations=3, lanes=4)
PW = "security suite passphrase 7"
NEW_PW = "a different passphrase 8"


def trials(default: int) -> int:
    value = os.environ.get("SAFE_ARCHIVE_TRIALS")
    return int(value) if value else default


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    markexpr = config.getoption("markexpr", "") or ""
    if "slow" in markexpr or os.environ.get("SAFE_ARCHIVE_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="long run: select with -m slow (a bounded version runs by default)")
    for item in items:
        if "slow" in item.keywords and HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(skip)


def canaries(n: int = 50, tag: str = "Cnry") -> list[str]:
    """Unique, unguessable words that never occur by chance (tokenised as one FTS word)."""
    return [f"{tag}{secrets.token_hex(6)}Zq" for _ in range(n)]


def needles(strings: Iterable[str]) -> list[tuple[str, bytes]]:
    """Each string as UTF-8, UTF-16-LE and UTF-16-BE bytes (Qt/Windows store UTF-16)."""
    out: list[tuple[str, bytes]] = []
    for s in strings:
        out += [(s, s.encode()), (s, s.encode("utf-16-le")), (s, s.encode("utf-16-be"))]
    return out


def scan_tree(roots: Iterable[Path], strings: Iterable[str]) -> dict[str, set[str]]:
    """Which of ``strings`` occur in which file under ``roots`` (every file, any size)."""
    pats = needles(strings)
    hits: dict[str, set[str]] = {}
    for root in roots:
        if not root.exists():
            continue
        for path in [root] if root.is_file() else root.rglob("*"):
            if not path.is_file() or path.is_symlink():
                continue
            data = path.read_bytes()
            found = {name for name, pat in pats if pat in data}
            if found:
                hits[str(path)] = found
    return hits


def key_material(data_key: bytes) -> list[str]:
    """Textual forms a data key could leak in: hex (both cases), base64 (std/url), SQLCipher x''."""
    import base64

    forms = [data_key.hex(), data_key.hex().upper(), base64.b64encode(data_key).decode(),
             base64.urlsafe_b64encode(data_key).decode().rstrip("=")]
    forms.append(f"x'{data_key.hex()}'")
    # Partial leaks count too: any 16-hex-char window of the key.
    hexkey = data_key.hex()
    forms += [hexkey[i : i + 16] for i in range(0, 64 - 15, 8)]
    return forms


def data_key_of(folder: Path, passphrase: str = PW) -> bytes:
    """Test-only: unlock the key file to learn the data key."""
    return keys_mod.read_keyfile(folder / "keys.json").unlock_with_passphrase(passphrase)


def make_archive(folder: Path, passphrase: str = PW) -> Path:
    Archive.create(folder, passphrase, kdf=FAST_KDF).close()
    return folder


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def rows(n: int, prefix: str = "r", text_extra: str = "") -> list[dict[str, object]]:
    return [
        {"id": f"{prefix}{i}", "author": f"user{i % 37}", "created_at": "2021-03-04T05:06:07Z",
         "text": f"post {i} about what happened {text_extra} " + "word " * (i % 40)}
        for i in range(n)
    ]


def isolated_env(base: Path, *, passphrase: str | None = PW, netlog: Path | None = None) -> dict[str, str]:
    """Environment for a CLI subprocess: private HOME/TMPDIR/XDG dirs and SAFE_ARCHIVE_HOME
    under ``base`` (all scanned afterwards), network blocked and recorded."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAFE_ARCHIVE", "XDG_"))}
    dirs = {name: base / name for name in ("home", "tmp", "sa_home", "xdg_config", "xdg_cache", "xdg_data", "xdg_state", "xdg_runtime")}
    for d in dirs.values():
        d.mkdir(parents=True, exist_ok=True, mode=0o700)
    env.update(
        HOME=str(dirs["home"]), TMPDIR=str(dirs["tmp"]), TEMP=str(dirs["tmp"]), TMP=str(dirs["tmp"]),
        SQLITE_TMPDIR=str(dirs["tmp"]), SAFE_ARCHIVE_HOME=str(dirs["sa_home"]),
        XDG_CONFIG_HOME=str(dirs["xdg_config"]), XDG_CACHE_HOME=str(dirs["xdg_cache"]),
        XDG_DATA_HOME=str(dirs["xdg_data"]), XDG_STATE_HOME=str(dirs["xdg_state"]),
        XDG_RUNTIME_DIR=str(dirs["xdg_runtime"]), PYTHONDONTWRITEBYTECODE="1",
        PYTHONPATH=str(NETBLOCK), QT_QPA_PLATFORM="offscreen",
    )
    if netlog is not None:
        env["SAFE_ARCHIVE_NETLOG"] = str(netlog)
    if passphrase is not None:
        env["SAFE_ARCHIVE_PASSPHRASE"] = passphrase
    return env


def run_cli(args: list[object], env: dict[str, str], timeout: float = 120, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *map(str, args)], env=env, capture_output=True, text=True, timeout=timeout, **kw)  # type: ignore[call-overload]


def one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one error line, got: {stderr!r}"
    assert "Traceback" not in stderr
    assert lines[0].startswith("safe-archive: "), lines[0]
    return lines[0]

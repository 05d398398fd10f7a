"""The context model's runtime writes no file and carries no telemetry uploader.

onnxruntime 1.29 and later embed Microsoft's 1DS telemetry client (an HTTP uploader) and, on
import, write ``$TMPDIR/.ses`` (a timestamp and a random session id) and
``mat-debug-PID.log``. SafeArchive promises no network code paths and no files outside the
archive and explicit exports, so the lock pins a release without it; these tests fail if an
upgrade brings it back.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("onnxruntime")


def _native_modules() -> list[Path]:
    spec = importlib.util.find_spec("onnxruntime")
    assert spec is not None and spec.submodule_search_locations
    capi = Path(next(iter(spec.submodule_search_locations))) / "capi"
    return sorted(p for p in capi.iterdir() if p.suffix in (".so", ".pyd", ".dylib"))


def test_installed_onnxruntime_has_no_1ds_telemetry_client() -> None:
    modules = _native_modules()
    assert modules, "onnxruntime's native module not found"
    for module in modules:
        data = module.read_bytes()
        assert b"IHttpClient" not in data, f"{module.name} embeds the 1DS telemetry uploader"
        assert b"mat-debug" not in data, f"{module.name} writes 1DS debug logs"


def test_loading_and_running_the_context_model_writes_no_file(tmp_path: Path) -> None:
    from safe_archive.core.scrub.context_model import default_path

    if not (default_path() / "model.onnx").is_file():
        pytest.skip("the context model is not installed")
    folders = {name: tmp_path / name for name in ("tmp", "home", "cache", "config", "data")}
    for folder in folders.values():
        folder.mkdir()
    env = dict(os.environ, TMPDIR=str(folders["tmp"]), HOME=str(folders["home"]),
               XDG_CACHE_HOME=str(folders["cache"]), XDG_CONFIG_HOME=str(folders["config"]),
               XDG_DATA_HOME=str(folders["data"]))
    code = ("from safe_archive.core.scrub.context_model import ContextModel\n"
            "m = ContextModel()\n"
            "print(len(m.predict(['Jessica Miller met Tom in Leeds.'])))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True,
                            text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert written == []


def test_chinese_posts_run_lac_without_files_or_sockets(tmp_path: Path) -> None:
    """Baidu LAC (recognizers/chinese_lac, its own onnxruntime session) loads on the first
    Chinese post: `detect` on Chinese posts writes nothing in HOME, TMPDIR or the XDG folders
    and creates no socket."""
    from .conftest import PYTHON, isolated_env

    netlog = tmp_path / "net.log"
    env = isolated_env(tmp_path / "env", netlog=netlog)
    env["SAFE_ARCHIVE_SOCKLOG"] = str(tmp_path / "sock.log")
    posts = "我给雨桐发了很多信息，她一直没有回我。\n那年夏天，傑瑞米把我約到他的公寓。\n"
    result = subprocess.run([PYTHON, "-m", "safe_archive", "detect"], input=posts, env=env,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    # LAC really ran: it alone finds these two names
    assert re.search(r"我给\[PERSON_\d+\]发了", result.stdout), result.stdout
    assert re.search(r"那年夏天，\[PERSON_\d+\]把我", result.stdout), result.stdout
    assert Path(str(netlog) + ".loaded").exists()  # the socket recorder ran
    assert not (tmp_path / "sock.log").exists() or (tmp_path / "sock.log").read_text() == ""
    written = sorted(str(p.relative_to(tmp_path)) for p in (tmp_path / "env").rglob("*")
                     if p.is_file())
    assert written == []

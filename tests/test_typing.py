"""Strict mypy over the whole package (issue 14): the GUI-core boundary is typed, and a
change that breaks a type anywhere fails the suite, not only the next person who reads it.

Runs the project's own configuration (``[tool.mypy]`` in pyproject.toml: strict, files =
src/safe_archive) in a subprocess, with mypy's incremental cache in the checkout (ignored
by git), so a second run takes about a second.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_package_passes_strict_mypy() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), "--no-error-summary"],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert done.returncode == 0, "mypy found type errors:\n" + done.stdout + done.stderr


def test_the_configuration_covers_the_whole_package() -> None:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config["strict"] is True
    assert config["files"] == ["src/safe_archive"]

#!/usr/bin/env python3
"""Set up and run SafeArchive from a fresh checkout, with nothing but Python and PyPI.

    python3 scripts/dev.py run    # the desktop app on a generated demo archive
    python3 scripts/dev.py test   # the whole test suite

Both create ``.venv`` (once, and again when ``requirements/lock.txt`` changes), install the
hash-locked dependencies with ``pip --require-hashes``, install the project itself without
dependencies, then run. Extra arguments are passed on (``run`` → ``safe-archive``, ``test`` →
``pytest``).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements" / "lock.txt"
BOOTSTRAP = ROOT / "requirements" / "bootstrap.txt"
STAMP = VENV / ".safe-archive-lock.sha256"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_env() -> Path:
    if sys.version_info < (3, 11):
        sys.exit(f"SafeArchive needs Python 3.11 or newer (this is {sys.version.split()[0]}).")
    digest = hashlib.sha256(
        BOOTSTRAP.read_bytes() + LOCK.read_bytes() + (ROOT / "pyproject.toml").read_bytes()
    ).hexdigest()
    python = venv_python()
    if python.exists() and STAMP.exists() and STAMP.read_text().strip() == digest:
        return python
    if not python.exists():
        print("Creating .venv …", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing locked dependencies (pip --require-hashes) …", file=sys.stderr)
    pip = [str(python), "-m", "pip", "--disable-pip-version-check"]
    # The pip bundled with the interpreter varies (3.11 ships 23.2, whose hash mode mishandles
    # extras such as smart-open[http]); a pinned, hash-checked pip reads the lock the same way.
    subprocess.run(pip + ["install", "-q", "--require-hashes", "-r", str(BOOTSTRAP)], check=True)
    subprocess.run(pip + ["install", "-q", "--require-hashes", "-r", str(LOCK)], check=True)
    subprocess.run(pip + ["install", "-q", "--no-deps", "--no-build-isolation", "-e", str(ROOT)], check=True)
    STAMP.write_text(digest + "\n")
    return python


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test"):
        print(__doc__, file=sys.stderr)
        return 2
    command, rest = argv[0], argv[1:]
    python = ensure_env()
    env = dict(os.environ)
    if command == "run":
        args = rest or ["gui", "--demo"]
        return subprocess.call([str(python), "-m", "safe_archive", *args], env=env)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return subprocess.call([str(python), "-m", "pytest", *rest], cwd=ROOT, env=env)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

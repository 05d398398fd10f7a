#!/usr/bin/env python3
"""Set up and run SafeArchive from a fresh checkout, with nothing but Python and PyPI.

    python3 scripts/dev.py run     # the desktop app on a generated demo archive
    python3 scripts/dev.py test    # the whole test suite

Both create ``.venv`` (once, and again when the lock changes): a hash-pinned pip first
(``requirements/bootstrap.txt``), then the hash-locked dependencies (``requirements/lock.txt``,
``pip --require-hashes``), then the project itself without dependencies. Extra arguments are
passed on (``run`` → ``safe-archive``, ``test`` → ``pytest``).

``test`` runs pytest inside a network namespace with only the loopback interface up
(``unshare -n``) where the system allows it, so no test can reach the network whatever the
Python-level guard misses; ``SAFE_ARCHIVE_NO_UNSHARE=1`` turns that off. Tests marked
``needs_registry`` (the fresh-install check) then run in a second pytest call outside it.

``--debug`` (before the command) shows a traceback when something fails; otherwise every
failure is one line saying what failed and what to do, exit status 1.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements" / "lock.txt"
BOOTSTRAP = ROOT / "requirements" / "bootstrap.txt"
STAMP_NAME = ".safe-archive-lock.sha256"
LOG_NAME = "install.log"
NETNS_ENV = "SAFE_ARCHIVE_IN_NETNS"


class DevError(Exception):
    """A failure the user can act on: the message is the one line to print."""


def venv_python(env_dir: Path = VENV) -> Path:
    return env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def lock_digest() -> str:
    data = b"".join(p.read_bytes() for p in (BOOTSTRAP, LOCK, ROOT / "pyproject.toml", ROOT / "setup.py"))
    return hashlib.sha256(data).hexdigest()


def _pip(python: Path, args: list[str], log: Path, what: str) -> None:
    cmd = [str(python), "-m", "pip", "--disable-pip-version-check", *args]
    with log.open("a", encoding="utf-8") as out:
        out.write(f"\n$ {' '.join(cmd)}\n")
        out.flush()
        result = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, check=False)
    if result.returncode != 0:
        last = _last_error(log)
        raise DevError(
            f"{what} failed (pip exit {result.returncode}{': ' + last if last else ''}). "
            f"Check that the package index is reachable, then run the command again; "
            f"the full pip output is in {log}."
        )


def _last_error(log: Path) -> str:
    lines = [ln.strip() for ln in log.read_text(encoding="utf-8", errors="replace").splitlines()]
    errors = [ln for ln in lines if ln.startswith("ERROR:")]
    return (errors[-1] if errors else "")[:200]


def install(env_dir: Path = VENV, *, force: bool = False) -> Path:
    """Create ``env_dir`` if needed and install bootstrap pip, the lock and the project."""
    if sys.version_info < (3, 11):
        raise DevError(f"SafeArchive needs Python 3.11 or newer (this is {sys.version.split()[0]}).")
    digest = lock_digest()
    python = venv_python(env_dir)
    stamp = env_dir / STAMP_NAME
    if not force and python.exists() and stamp.exists() and stamp.read_text().strip() == digest:
        return python
    if not python.exists():
        print(f"Creating {env_dir.name} …", file=sys.stderr)
        try:
            venv.EnvBuilder(with_pip=True).create(env_dir)
        except (OSError, subprocess.CalledProcessError) as exc:
            raise DevError(
                f"Python could not create {env_dir} with pip ({exc.__class__.__name__}). "
                "On Debian/Ubuntu install the venv module: sudo apt install python3-venv"
            ) from exc
    log = env_dir / LOG_NAME
    log.write_text("", encoding="utf-8")
    print("Installing pinned pip, then the locked dependencies (pip --require-hashes) …", file=sys.stderr)
    # The pip bundled with the interpreter varies (3.11 ships 23.2, whose hash mode mishandles
    # extras such as smart-open[http]); a pinned, hash-checked pip reads the lock the same way.
    _pip(python, ["install", "--require-hashes", "-r", str(BOOTSTRAP)], log, "Installing the pinned pip")
    _pip(python, ["install", "--require-hashes", "-r", str(LOCK)], log, "Installing the locked dependencies")
    _pip(python, ["install", "--no-deps", "--no-build-isolation", "-e", str(ROOT)], log,
         "Installing SafeArchive itself")
    stamp.write_text(digest + "\n")
    return python


def netns_prefix() -> list[str]:
    """The command prefix that runs a child in a namespace with loopback only, or []."""
    if os.environ.get("SAFE_ARCHIVE_NO_UNSHARE") or not sys.platform.startswith("linux"):
        return []
    unshare = shutil.which("unshare")
    if unshare is None:
        return []
    for prefix in ([unshare, "--net"], [unshare, "--net", "--map-root-user"]):
        probe = subprocess.run([*prefix, "true"], capture_output=True, check=False)
        if probe.returncode == 0:
            return prefix
    return []


def loopback_up() -> None:
    """Bring up ``lo`` in a fresh network namespace (local servers in tests need it)."""
    import fcntl
    import socket
    import struct

    siocgifflags, siocsifflags, iff_up = 0x8913, 0x8914, 0x1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        req = struct.pack("16sH14x", b"lo", 0)
        flags = struct.unpack("16sH14x", fcntl.ioctl(sock.fileno(), siocgifflags, req))[1]
        fcntl.ioctl(sock.fileno(), siocsifflags, struct.pack("16sH14x", b"lo", flags | iff_up))


def run_tests(python: Path, rest: list[str]) -> int:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    pytest_cmd = [str(python), "-m", "pytest", *rest]
    prefix = netns_prefix()
    if not prefix:
        print("(no network namespace here: the suite runs with the Python-level network guard only)",
              file=sys.stderr)
        return subprocess.call(pytest_cmd, cwd=ROOT, env=env)
    env[NETNS_ENV] = "1"
    inner = [sys.executable, str(Path(__file__).resolve()), "_netns", *pytest_cmd]
    code = subprocess.call([*prefix, *inner], cwd=ROOT, env=env)
    if code not in (0, 5) or any(arg.startswith("-m") for arg in rest) or _selects_paths(rest):
        return code
    # tests that need the package registry (a fresh venv install) cannot run in the namespace
    env.pop(NETNS_ENV)
    second = subprocess.call([str(python), "-m", "pytest", "-m", "needs_registry", "-p", "no:cacheprovider"],
                             cwd=ROOT, env=env)
    if second == 5:  # none collected
        second = 0
    return code if second == 0 else second


def _selects_paths(rest: list[str]) -> bool:
    return any(not arg.startswith("-") and (ROOT / arg.split("::")[0]).exists() for arg in rest)


def main(argv: list[str]) -> int:
    debug = "--debug" in argv[:1]
    if debug:
        argv = argv[1:]
    if argv[:1] == ["_netns"]:  # internal: inside the namespace, bring up lo, then exec pytest
        loopback_up()
        os.execv(argv[1], argv[1:])
    if not argv or argv[0] not in ("run", "test"):
        print(__doc__, file=sys.stderr)
        return 2
    command, rest = argv[0], argv[1:]
    try:
        python = install()
        if command == "run":
            return subprocess.call([str(python), "-m", "safe_archive", *(rest or ["gui", "--demo"])])
        return run_tests(python, rest)
    except KeyboardInterrupt:
        print("dev.py: interrupted.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - one clear line unless --debug
        if debug:
            raise
        message = str(exc) if isinstance(exc, DevError) else f"{exc.__class__.__name__}: {exc}"
        print(f"dev.py: {message} (run with --debug for the traceback)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

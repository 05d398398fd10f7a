"""The security driver (tests/security/driver.py) with durability deliberately broken, for the
power-loss controls: ``PRAGMA synchronous = OFF`` on every connection (commits are not
fsynced). The replayed crash states of this run must show lost acknowledged batches, or the
power-loss checks could not tell a durable archive from one that is not."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import driver  # noqa: E402  (tests/security/driver.py)

from safe_archive.core.archive import archive as archive_mod  # noqa: E402

_connect = archive_mod.connect


def _connect_unsynced(*args, **kwargs):  # type: ignore[no-untyped-def]
    conn = _connect(*args, **kwargs)
    conn.execute("PRAGMA synchronous = OFF")
    return conn


archive_mod.connect = _connect_unsynced

if __name__ == "__main__":
    raise SystemExit(driver.main(sys.argv[1:]))

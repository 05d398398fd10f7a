"""Workloads for the power-loss tests that tests/security/driver.py does not have:

    python extra_driver.py create FOLDER SOURCE BATCH  # Archive.create, "CREATED", then import
                                                       # printing "ACK n" after each commit, "DONE"
    python extra_driver.py backup FOLDER DEST          # open, Archive.backup(DEST), "BACKUP-DONE"

Passphrase in $DRIVER_PW. Lines are printed only after the step returned, so a crash state
that contains the line must contain the step's effect.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from safe_archive.core.archive import Archive, KdfParams
from safe_archive.core.store import importing

FAST_KDF = KdfParams(memory_kib=64 * 1024, iterations=3, lanes=4)


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    mode, folder = argv[0], Path(argv[1])
    pw = os.environ["DRIVER_PW"]
    if mode == "create":
        importing.BATCH_SIZE = int(argv[3])
        with Archive.create(folder, pw, kdf=FAST_KDF) as archive:
            say("CREATED")
            archive.import_files([Path(argv[2])], progress=lambda e: say(f"ACK {e.done}"))
        say("DONE")
    elif mode == "backup":
        with Archive.open(folder, pw) as archive:
            say("READY")
            archive.backup(Path(argv[2]))
            say("BACKUP-DONE")
        say("DONE")
    else:
        raise SystemExit(f"unknown mode {mode}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

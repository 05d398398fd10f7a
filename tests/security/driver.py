"""A small driver the security tests run in a subprocess and kill -9 at random moments.

    python driver.py import FOLDER SOURCE BATCH   # prints READY, then "ACK n" after each commit
                                                  # ($DRIVER_STOP_AFTER_ACKS=k: then waits to be killed)
    python driver.py passwd FOLDER                # change passphrase  $DRIVER_PW -> $DRIVER_NEW_PW
    python driver.py rotate FOLDER                # new data key (Archive.rotate_key)
    python driver.py hold FOLDER SECONDS          # keep the archive open (concurrency tests)
    python driver.py create FOLDER                # Archive.create: "STEP x" between its steps,
                                                  # "CREATED" once it returned, then "DONE"

"ACK n" is printed (and flushed) only after the batch holding records 1..n has been committed,
so every acknowledged record must survive a kill at any later moment.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from safe_archive.core.archive import Archive, KdfParams, importing
from safe_archive.core.progress import ProgressEvent

FAST_KDF = KdfParams(memory_kib=64 * 1024, iterations=3, lanes=4)


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    mode, folder = argv[0], Path(argv[1])
    pw = os.environ["DRIVER_PW"]
    if mode == "create":
        from safe_archive.core.archive import archive as archive_mod

        archive_mod._init_step = lambda name: say(f"STEP {name}")  # lets the test aim its kills
        with Archive.create(folder, pw, kdf=FAST_KDF):
            say("CREATED")
        say("DONE")
        return 0
    archive = Archive.open(folder, pw)
    say("READY")
    if mode == "import":
        importing.BATCH_SIZE = int(argv[3])

        stop_after = int(os.environ.get("DRIVER_STOP_AFTER_ACKS", "0"))
        acks = [0]

        def progress(event: ProgressEvent) -> None:
            say(f"ACK {event.done}")
            acks[0] += 1
            if acks[0] == stop_after:  # a kill that surely lands mid-import, whatever the timing
                say("WAITING")
                time.sleep(3600)

        summary = archive.import_files([Path(argv[2])], progress=progress)
        say(f"DONE {summary.imported} {summary.duplicates}")
    elif mode == "passwd":
        archive.change_passphrase(os.environ["DRIVER_NEW_PW"], kdf=FAST_KDF)
        say("DONE")
    elif mode == "rotate":
        from safe_archive.core.archive import rotation

        rotation._crash_point = lambda name: say(f"STEP {name}")  # lets the test aim its kills
        archive.rotate_key(pw, os.environ["DRIVER_RECOVERY"], kdf=FAST_KDF)
        say("DONE")
    elif mode == "hold":
        time.sleep(float(argv[2]))
        say("DONE")
    archive.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

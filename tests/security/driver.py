"""A small driver the security tests run in a subprocess and kill -9 at random moments.

    python driver.py import FOLDER SOURCE BATCH   # prints READY, then "ACK n" after each commit
                                                  # ($DRIVER_STOP_AFTER_ACKS=k: then waits to be killed)
    python driver.py passwd FOLDER                # change passphrase  $DRIVER_PW -> $DRIVER_NEW_PW
    python driver.py rotate FOLDER                # new data key (Archive.rotate_key)
    python driver.py hold FOLDER SECONDS          # keep the archive open (concurrency tests)
    python driver.py create FOLDER                # Archive.create: "STEP x" between its steps,
                                                  # "CREATED" once it returned, then "DONE"
    python driver.py scrub FOLDER ENGINE BATCH    # ArchiveScrubber.scrub (ENGINE: fake | real);
                                                  # "ACK n" after each committed batch, then "DONE"
    python driver.py export FOLDER ARGS...        # the CLI's export command (ARGS after the archive);
                                                  # "PREP n" as posts are prepared, "STEP staged|
                                                  # published NAME" after each file step, "DONE"

"ACK n" is printed (and flushed) only after the batch holding records 1..n has been committed,
so every acknowledged record must survive a kill at any later moment.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from safe_archive.core.archive import Archive, KdfParams
from safe_archive.core.store import importing
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
    if mode == "export":
        return _export(folder, argv[2:])
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
        from safe_archive.core.store import rotation

        rotation._crash_point = lambda name: say(f"STEP {name}")  # lets the test aim its kills
        archive.rotate_key(pw, os.environ["DRIVER_RECOVERY"], kdf=FAST_KDF)
        say("DONE")
    elif mode == "scrub":
        from safe_archive.core.scrubbing import service as scrubbing

        scrubbing.BATCH = int(argv[3])
        scrub_fn = None if argv[2] == "real" else fake_scrub
        scrubber = archive.scrubber(scrub_fn=scrub_fn)
        stop_after = int(os.environ.get("DRIVER_STOP_AFTER_ACKS", "0"))
        acks = [0]

        def scrubbed(event: ProgressEvent) -> None:
            say(f"ACK {event.done}")
            acks[0] += 1
            if acks[0] == stop_after:  # a kill that surely lands between two batches
                say("WAITING")
                time.sleep(3600)

        summary = scrubber.scrub(progress=scrubbed)
        say(f"DONE {summary.scrubbed} {summary.findings}")
    elif mode == "hold":
        time.sleep(float(argv[2]))
        say("DONE")
    archive.close()
    return 0


FAKE_NAMES = {"Jake Smith": 0.95, "Maria Lopez": 0.9, "Dana": 0.6}


def fake_scrub(inputs, known, policy):  # type: ignore[no-untyped-def]
    """A deterministic stand-in for the NLP pipeline (same shape as Scrubber.scrub): fixed
    names as written (case-sensitive, so lower-case mentions are left to propagation),
    @handles, and every known handle."""
    import re

    from safe_archive.core.model import Finding

    out = []
    for inp in inputs:
        found = []
        for name, score in FAKE_NAMES.items():
            for m in re.finditer(re.escape(name), inp.text):
                found.append(Finding(m.start(), m.end(), "PERSON", score, "fake-ner", m.group()))
        for m in re.finditer(r"@\w+", inp.text):
            found.append(Finding(m.start(), m.end(), "USERNAME", 0.9, "fake-handle", m.group()))
        out.append(found)
    return out


def _export(folder: Path, args: list[str]) -> int:
    """Run the CLI's export command in this process, reporting each step after it returned."""
    from safe_archive.cli import main as cli_main
    from safe_archive.core.export import exporter

    real_prepare = exporter.Exporter.prepare

    def prepare(self, options, *, progress=None, cancel=None):  # type: ignore[no-untyped-def]
        def report(event: ProgressEvent) -> None:
            say(f"PREP {event.done}")
            if progress is not None:
                progress(event)
        return real_prepare(self, options, progress=report, cancel=cancel)

    exporter.Exporter.prepare = prepare  # type: ignore[method-assign]
    staged = getattr(exporter, "_Staged", None)
    if staged is not None:  # the atomic writer: report its steps so kills can aim at them
        real_write, real_publish = staged.write.__func__, staged.publish

        def write(cls, path, data):  # type: ignore[no-untyped-def]
            item = real_write(cls, path, data)
            say(f"STEP staged {path.name}")
            return item

        def publish(self, overwrite):  # type: ignore[no-untyped-def]
            real_publish(self, overwrite)
            say(f"STEP published {self.path.name}")

        staged.write = classmethod(write)
        staged.publish = publish
    say("READY")
    code = cli_main.main(["export", str(folder), *args])
    say(f"DONE {code}")
    return code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

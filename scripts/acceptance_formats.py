"""Import every real sample under shared/formats into a temporary encrypted archive; print counts.

Local acceptance check for issue 3 (not run in CI: the samples live outside the repo).

    PYTHONPATH=src .venv/bin/python scripts/acceptance_formats.py [FORMATS_DIR] [--markdown]

For each sample it prints the detected format, what the importer yielded (posts, bad records,
excluded), what the archive stored (imported, duplicates) and what a second import of the same
file added (must be 0). Nothing is written outside a temporary folder, which is deleted.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

from safe_archive.core.archive import Archive, KdfParams
from safe_archive.core.errors import RecordError, SafeArchiveError
from safe_archive.core.importers import Excluded, ImportContext, Relation, detect
from safe_archive.core.model import Post

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "formats"
SKIP_DIRS = {"LICENSES", "refi-qda"}  # licence texts; the REFI-QDA schema is an export format
SKIP_FILES = {"SOURCE.md", "README.md"}
# Weakest KDF the archive accepts: this is a throwaway archive, unlock speed is not measured here.
FAST_KDF = KdfParams(memory_kib=64 * 1024, iterations=3, lanes=4)


def samples(root: Path) -> list[Path]:
    """Every sample file; an X archive folder is also imported whole (manifest + tweets)."""
    found: list[Path] = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and p.name not in SKIP_DIRS):
        if folder.name == "twitter-archive":
            found.append(folder)
        found.extend(sorted(p for p in folder.iterdir() if p.is_file() and p.name not in SKIP_FILES))
    return found


def direct_counts(path: Path) -> tuple[str, Counter[str], list[str]]:
    """What the importer itself yields (independent of the archive)."""
    importer = detect(path)
    counts: Counter[str] = Counter()
    errors: list[str] = []
    for item in importer().read(path, ImportContext()):
        if isinstance(item, Post):
            counts["posts"] += 1
            counts[f"kind:{item.kind}"] += 1
        elif isinstance(item, RecordError):
            counts["bad"] += 1
            errors.append(str(item))
        elif isinstance(item, Excluded):
            counts[f"excluded:{item.reason}"] += 1
        elif isinstance(item, Relation):
            counts[f"relation:{item.kind}"] += 1
    return importer.name, counts, errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("formats_dir", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table for docs/formats.md")
    args = parser.parse_args(argv)
    files = samples(args.formats_dir)
    if not files:
        print(f"no samples under {args.formats_dir}", file=sys.stderr)
        return 1
    rows: list[tuple[str, ...]] = []
    failures = 0
    expected_refusals = 0
    with tempfile.TemporaryDirectory() as tmp:
        combined = Archive.create(Path(tmp) / "all", passphrase="acceptance only", kdf=FAST_KDF)
        try:
            for number, path in enumerate(files):
                label = f"{path.name}/ (whole folder)" if path.is_dir() else f"{path.parent.name}/{path.name}"
                try:
                    fmt, counts, errors = direct_counts(path)
                except SafeArchiveError as exc:
                    if path.name == "manifest.js":
                        expected_refusals += 1  # holds no posts: refused with advice, as designed
                    else:
                        failures += 1
                    rows.append((label, "-", "-", "-", "-", "-", "-", "-", f"refused: {exc}"))
                    continue
                # a fresh archive per sample, so "stored" does not depend on the order
                archive = Archive.create(Path(tmp) / f"a{number}", passphrase="acceptance only", kdf=FAST_KDF)
                try:
                    first = archive.import_files([path], format=fmt)
                    again = archive.import_files([path], format=fmt)
                finally:
                    archive.close()
                combined.import_files([path], format=fmt)
                kinds = ", ".join(f"{k[5:]} {v}" for k, v in sorted(counts.items()) if k.startswith("kind:"))
                relations = ", ".join(f"{k[9:]}s {v}" for k, v in sorted(counts.items()) if k.startswith("relation:"))
                if relations:
                    kinds += f" (+ {relations} as counts)"
                excluded = ", ".join(f"{k[9:]} {v}" for k, v in sorted(counts.items()) if k.startswith("excluded:"))
                rows.append((
                    label, fmt, str(counts["posts"]), str(counts["bad"]), excluded or "0",
                    str(first.imported), str(first.duplicates), str(again.imported), kinds,
                ))
                for failed in first.failed:
                    failures += 1
                    rows[-1] = rows[-1][:-1] + (f"FAILED: {failed.failed}",)
                for error in errors[:3]:
                    print(f"  note: {error}", file=sys.stderr)
            total = combined.count_posts()
        finally:
            combined.close()
    header = ("sample", "format", "posts read", "bad records", "excluded", "stored", "duplicates", "2nd import adds", "kinds")
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for row in rows:
            print("| " + " | ".join(row) + " |")
    else:
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    print(
        f"\n{len(files)} samples; {total} distinct posts when all are imported into one archive "
        f"(the same posts in several samples are stored once); {expected_refusals} refused as "
        f"designed; {failures} failed"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())

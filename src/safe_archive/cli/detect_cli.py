"""The body of ``safe-archive detect``: inputs, runner (one process, --workers, --dask), output."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

import click

from safe_archive.cli.common import StatusLine, info
from safe_archive.core.errors import SafeArchiveError
from safe_archive.core.progress import ProgressEvent

DASK_MISSING = ("--dask needs Dask, an optional part of SafeArchive: "
                "pip install 'safe-archive[cluster]' (or 'dask[distributed]')")


@contextmanager
def _output(path: Path | None) -> Iterator[TextIO]:
    """stdout, or the file written under a temporary name and renamed when complete."""
    if path is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    tmp = path.with_name(path.name + ".partial")
    with open(tmp, "w", encoding="utf-8") as fh:
        yield fh
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def run_detect(
    *, model: str | None, input_path: Path | None, corpus: Path | None, fmt: str | None,
    include_private: bool, platform: str | None, output: Path | None, policy_file: Path | None,
    workers: int, dask_address: str | None, parts_dir: Path | None, partition_size: int,
    tls: tuple[str | None, str | None, str | None],
) -> int:
    from safe_archive.core.importers import ImportOptions, available
    from safe_archive.core.scrub.batch_api import scrubber_version
    from safe_archive.core.scrub.detect_run import scrub_items, write_output
    from safe_archive.core.scrub.engine import EngineConfig
    from safe_archive.core.scrub.findings_io import CorpusStats, Item, known_from, read_corpus, read_lines
    from safe_archive.core.scrub.known import EMPTY_KNOWN
    from safe_archive.core.scrub.policy import DEFAULT_POLICY, Policy

    if input_path and corpus:
        raise click.UsageError("give --input or --corpus, not both")
    if fmt and fmt not in available():
        raise click.BadParameter(f"unknown format {fmt!r}; known: {', '.join(sorted(available()))}", param_hint="--format")
    if dask_address and output is None:
        raise click.UsageError("--dask needs --output FILE (finished partitions are kept beside it)")
    if any(tls) and not dask_address:
        raise click.UsageError("--tls-ca/--tls-cert/--tls-key go with --dask")
    config = EngineConfig(spacy_model=model) if model else EngineConfig()
    policy = Policy.from_json(policy_file.read_text(encoding="utf-8")) if policy_file else DEFAULT_POLICY
    stats = CorpusStats()

    make_items: Callable[[], Iterator[Item]]
    if corpus is not None:
        options = ImportOptions(include_private=include_private, platform=platform)

        def make_items() -> Iterator[Item]:
            return read_corpus(corpus, fmt, options, stats)
    elif input_path is not None:
        def make_items() -> Iterator[Item]:
            with open(input_path, encoding="utf-8") as fh:
                yield from read_lines(fh, input_path.name)
    else:
        def make_items() -> Iterator[Item]:
            return read_lines(sys.stdin, "stdin")

    status = StatusLine()
    known, total = EMPTY_KNOWN, None
    if corpus is not None or input_path is not None:
        status.show("reading the input for its authors and mentioned accounts …")
        counted = [0]

        def counting() -> Iterator[Item]:
            for item in make_items():
                counted[0] += 1
                yield item

        known = known_from(counting())
        total = counted[0]
        stats.posts = stats.skipped = stats.excluded = 0  # counted again by the real pass

    def progress(event: ProgressEvent) -> None:
        frac = f" ({event.fraction:.0%})" if event.fraction is not None else ""
        status.show(f"scrubbed {event.done} of {event.total if event.total is not None else '?'} posts{frac}")

    version = scrubber_version(config, policy)
    with _output(output) as out:
        if dask_address:
            try:
                from safe_archive.core.scrub import dask_runner
            except ImportError:
                raise click.ClickException(DASK_MISSING) from None
            security = None
            if any(tls):
                if not (tls[0] and tls[1]):
                    raise click.UsageError("TLS needs --tls-ca and --tls-cert")
                security = dask_runner.tls_security(tls[0], tls[1], tls[2])
            assert output is not None
            folder = parts_dir or output.with_name(output.name + ".parts")
            with dask_runner.connect(dask_address, workers=max(1, workers), security=security) as client:
                runner = dask_runner.DaskScrubber(client, config, policy, known, folder,
                                                  partition_size=partition_size)
                n = write_output(runner.run(make_items(), total=total, progress=progress), out, version, policy)
            status.done()
            info(f"{n} posts: {runner.computed} partitions computed on the cluster, "
                 f"{runner.resumed} read back from {folder}.")
        else:
            results = scrub_items(make_items(), known, policy, config, workers=workers,
                                  total=total, progress=progress)
            n = write_output(results, out, version, policy)
            status.done()
    if corpus is not None and (stats.skipped or stats.excluded):
        info(f"{corpus.name}: {stats.skipped} bad records and {stats.excluded} excluded posts left out, as import would.")
    return 0


__all__ = ["run_detect", "SafeArchiveError"]

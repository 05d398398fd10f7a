"""Running ``detect`` over a stream: one process, the local process pool, or a Dask cluster
(:mod:`safe_archive.core.scrub.dask_runner`) — the same batch function, the same output.

Every runner takes ``(id, ScrubInput)`` items lazily and yields ``(item, findings)`` in input
order, holding only the batches in flight; :func:`write_output` turns that into findings lines.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, TextIO

from safe_archive.core.progress import CancelToken, ProgressEvent, ProgressFn, no_progress
from safe_archive.core.scrub.findings_io import Item, dumps, record

if TYPE_CHECKING:
    from safe_archive.core.model import Finding
    from safe_archive.core.scrub.engine import EngineConfig
    from safe_archive.core.scrub.known import KnownIdentifiers
    from safe_archive.core.scrub.policy import Policy

Result = tuple[Item, "list[Finding]"]


def scrub_items(
    items: Iterable[Item],
    known: KnownIdentifiers,
    policy: Policy,
    config: EngineConfig,
    *,
    workers: int = 1,
    batch_size: int = 256,
    total: int | None = None,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
) -> Iterator[Result]:
    """In this process (``workers == 1``) or in ``workers`` processes of the local pool."""
    if workers <= 1:
        from safe_archive.core.scrub.batch_api import scrub_batch

        it = iter(items)
        done = 0
        while batch := list(islice(it, batch_size)):
            if cancel is not None:
                cancel.raise_if_cancelled()
            results = scrub_batch([inp for _id, inp in batch], known, policy, config)
            yield from zip(batch, results)
            done += len(batch)
            progress(ProgressEvent("scrub", done, total))
        return

    from safe_archive.core.scrub.parallel import ParallelScrubber

    ids: deque[str | None] = deque()

    def inputs() -> Iterator[object]:
        for item_id, inp in items:
            ids.append(item_id)
            yield inp

    with ParallelScrubber(config, workers) as pool:
        for inp, found in pool.scrub_stream(inputs(), known, policy, batch_size=batch_size,  # type: ignore[arg-type]
                                            total=total, progress=progress, cancel=cancel):
            yield (ids.popleft(), inp), found


def write_output(
    results: Iterable[Result], out: TextIO, version: str, policy: Policy, redacted: bool = True
) -> int:
    """One findings line per result, in order; ``redacted`` adds the redacted text, with
    pseudonym labels consistent across the whole stream. Returns the number of lines."""
    from safe_archive.core.scrub.render import InMemoryLabeler, redact

    labeler = InMemoryLabeler()
    n = 0
    for (item_id, inp), found in results:
        rec = record(item_id, inp, found, version)
        if redacted:
            rec["redacted"] = redact(inp.text, found, policy, labeler)
        out.write(dumps(rec) + "\n")
        n += 1
    return n

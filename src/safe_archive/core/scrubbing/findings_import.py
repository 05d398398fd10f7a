"""``import --findings``: store an export's posts with findings computed elsewhere (``detect
--corpus`` on a cluster), without scrubbing them again.

Nothing is stored until the findings file has been checked against the export: every post
the import would store has exactly one findings record with the same id
(``platform:source_id``), the same text (SHA-256) and the same scrubber version (code, models,
settings and the archive's detection policy: :func:`batch_api.scrubber_version`); the file
has no record for a post that is not in the export. A mismatch raises
:class:`FindingsMismatch` naming the post.

After the import, the findings go through the archive's own scrub path (:class:`ArchiveScrubber` with a
``scrub_fn`` that hands back the stored findings): pseudonym labels, redacted text, confirmed
terms propagated to every post, the policy version — all as after a local scrub. Only the NLP
work is skipped.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from safe_archive.core.store.importing import ScrubSummary
from safe_archive.core.importers import ImportOptions
from safe_archive.core.model import Finding
from safe_archive.core.progress import CancelToken, ProgressFn
from safe_archive.core.scrub.findings_io import (
    FindingsLookup,
    FindingsMismatch,
    checked_findings,
    iter_findings,
    post_key,
    read_corpus,
)

if TYPE_CHECKING:
    from safe_archive.core.archive import Archive
    from safe_archive.core.scrub.known import KnownIdentifiers, ScrubInput
    from safe_archive.core.scrub.policy import Policy


def expected_version(archive: Archive) -> str:
    """The scrubber version findings must carry to be stored in ``archive`` as they are."""
    from safe_archive.core.scrub.batch_api import scrubber_version
    from safe_archive.core.scrub.engine import EngineConfig

    _, policy = archive.scrubber().policy()
    return scrubber_version(EngineConfig(), policy)


def check_findings(
    archive: Archive, paths: Iterable[Path], findings: Path, *,
    format: str | None = None, options: ImportOptions | None = None,
) -> int:
    """Read the exports as ``import`` would and check every post against ``findings``
    (stores nothing). Returns the number of posts checked."""
    version = expected_version(archive)
    lookup = FindingsLookup(findings)
    checked = 0
    for path in paths:
        for post_id, inp in read_corpus(Path(path), format, options):
            checked_findings(str(post_id), inp.text, lookup.take(str(post_id)), version, findings.name)
            checked += 1
    for name, n, rec in lookup.leftover():
        raise FindingsMismatch(f"{name} line {n}: findings for post {rec['id']}, which is not in the "
                               "export; run detect on the same export")
    return checked


class PrecomputedScrub:
    """The scrub step of ``import --findings`` (``Archive.import_files(..., scrub=...)``): every
    post the archive holds unscrubbed that the findings file has a record for gets its findings
    from the file (checked: post, text, scrubber version) through the archive's own scrub path.
    Posts the file has no record for stay unscrubbed and are counted in ``remaining``. As with
    a local scrub, an import killed while it stored findings leaves nothing unscrubbed for good:
    running it again scrubs every post still waiting, not only that run's new ones."""

    CHUNK = 5000  # posts read and scrubbed at a time

    def __init__(self, archive: Archive, findings: Path) -> None:
        self.findings = findings
        self.version = expected_version(archive)
        self._queue: deque[tuple[str, list[Finding]]] = deque()

    def pending(self, archive: Archive) -> int:
        return archive.scrubber().pending_count()

    def run(self, archive: Archive, *, progress: ProgressFn | None = None,
            cancel: CancelToken | None = None) -> ScrubSummary:
        from safe_archive.core.scrub.engine import EngineConfig

        # config: what computed the findings (checked against the file), for the manifests; not loaded
        scrubber = archive.scrubber(scrub_fn=self._stored, config=EngineConfig())
        lookup = FindingsLookup(self.findings)
        summary = ScrubSummary()
        ids = scrubber.pending_ids()
        for start in range(0, len(ids), self.CHUNK):
            if cancel is not None and cancel.cancelled:
                summary.cancelled = True
                break
            self._queue.clear()
            listed: list[int] = []
            for post in archive.get_posts(ids[start : start + self.CHUNK]):  # in id order
                key = post_key(post.platform, post.source_id)
                entry = lookup.take(key)
                if entry is None:
                    continue  # not in this findings file: left for a scrub
                self._queue.append((post.text, checked_findings(key, post.text, entry, self.version,
                                                                self.findings.name)))
                listed.append(post.id)
            if listed:  # ArchiveScrubber.scrub asks for them in id order, as queued
                result = scrubber.scrub(listed, progress=progress, cancel=cancel)
                summary.scrubbed += result.scrubbed
                summary.findings += result.findings
                if result.cancelled:
                    summary.cancelled = True
                    break
        summary.remaining = scrubber.pending_count()
        return summary

    def _stored(self, inputs: Sequence[ScrubInput], known: KnownIdentifiers, policy: Policy
                ) -> list[list[Finding]]:
        out = []
        for inp in inputs:
            text, found = self._queue.popleft()
            if text != inp.text:  # the scrub asked for posts in another order: a bug, never store
                raise FindingsMismatch("internal error: stored findings out of step with the posts")
            out.append(found)
        return out


__all__ = ["FindingsMismatch", "PrecomputedScrub", "check_findings", "expected_version", "iter_findings"]

"""``import --findings``: store an export's posts with findings computed elsewhere (``detect
--corpus`` on a cluster), without scrubbing them again.

Nothing is stored until the findings file has been checked against the export: every post
the import would store has exactly one findings record with the same id
(``platform:source_id``), the same text (SHA-256) and the same scrubber version (code, models,
settings and the archive's detection policy: :func:`batch_api.scrubber_version`); the file
has no record for a post that is not in the export. A mismatch raises
:class:`FindingsMismatch` naming the post.

The findings then go through the archive's own scrub path (:class:`ArchiveScrubber` with a
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
    """An ``Archive.after_import`` hook: the new posts get their findings from the file."""

    def __init__(self, archive: Archive, findings: Path) -> None:
        self.archive = archive
        self.findings = findings
        self.version = expected_version(archive)
        self._lookup = FindingsLookup(findings)
        self._queue: deque[tuple[str, list[Finding]]] = deque()
        self.summary = ScrubSummary()

    def __call__(self, ids: list[int]) -> None:
        ids = sorted(set(ids))  # ArchiveScrubber.scrub asks for them in this order
        rows = {p.id: (p.platform, p.source_id, p.text) for p in self.archive.get_posts(ids)}
        for pid in ids:
            platform, source_id, text = rows[pid]
            key = post_key(platform, source_id)
            found = checked_findings(key, text, self._lookup.take(key), self.version, self.findings.name)
            self._queue.append((text, found))
        from safe_archive.core.scrub.engine import EngineConfig

        # config: what computed the findings (checked above), for the manifests; not loaded
        result = self.archive.scrubber(scrub_fn=self._stored, config=EngineConfig()).scrub(ids)
        self.summary.scrubbed += result.scrubbed
        self.summary.findings += result.findings

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

"""The archive facade: open/create an archive, its services, import workflows."""

from safe_archive.core.archive.archive import Archive, VerifyReport
from safe_archive.core.store.changes import Changes
from safe_archive.core.store.importing import FileSummary, ImportSummary
from safe_archive.core.store.keys import DEFAULT_KDF, KdfParams
from safe_archive.core.store.search import SearchHit, SearchPage

__all__ = [
    "DEFAULT_KDF",
    "Archive",
    "Changes",
    "FileSummary",
    "ImportSummary",
    "KdfParams",
    "SearchHit",
    "SearchPage",
    "VerifyReport",
]

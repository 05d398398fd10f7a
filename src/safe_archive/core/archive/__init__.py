"""The archive facade: open/create an archive, the services it owns, import workflows, and the
types of its read API and change signal."""

from safe_archive.core.archive.archive import Archive, VerifyReport
from safe_archive.core.store.audit import AuditEntry
from safe_archive.core.store.changes import ChangedSignal, Changes
from safe_archive.core.store.importing import FileSummary, ImportSummary, ScrubStep, ScrubSummary
from safe_archive.core.store.keys import DEFAULT_KDF, KdfParams
from safe_archive.core.store.reads import BatchRow, CollectionRow, FindingRow, PostSource, Reads, SidebarData
from safe_archive.core.store.search import SearchHit, SearchPage

__all__ = [
    "DEFAULT_KDF",
    "Archive",
    "AuditEntry",
    "BatchRow",
    "ChangedSignal",
    "Changes",
    "CollectionRow",
    "FileSummary",
    "FindingRow",
    "ImportSummary",
    "KdfParams",
    "PostSource",
    "Reads",
    "ScrubStep",
    "ScrubSummary",
    "SearchHit",
    "SearchPage",
    "SidebarData",
    "VerifyReport",
]

"""The encrypted archive: storage, keys, search, verification, backups."""

from safe_archive.core.archive.archive import Archive, Changes, VerifyReport
from safe_archive.core.archive.importing import FileSummary, ImportSummary
from safe_archive.core.archive.keys import DEFAULT_KDF, KdfParams
from safe_archive.core.archive.search import SearchHit, SearchPage

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

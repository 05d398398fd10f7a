"""One error family with messages a person can act on.

Messages never contain post text, passphrases or key material: they name files, record
numbers and what to do. ``str(error)`` is safe to print and to log.
"""

from __future__ import annotations


class SafeArchiveError(Exception):
    """Base class: every error the core raises on purpose."""


class WrongPassphrase(SafeArchiveError):
    def __init__(self, what: str = "passphrase") -> None:
        super().__init__(
            f"Wrong {what}: the archive was not opened and nothing in it was changed."
        )


class RecoveryKeyTypo(SafeArchiveError):
    def __init__(self) -> None:
        super().__init__(
            "The recovery key has a typo (its checksum does not match). "
            "Check each group of characters and try again."
        )


class KeyfileError(SafeArchiveError):
    """The key file is missing, unreadable, tampered with or has unsafe parameters."""


class ArchiveNotFound(SafeArchiveError):
    pass


class ArchiveExists(SafeArchiveError):
    pass


class ArchiveInUse(SafeArchiveError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f"Archive in use: {path} is open in another SafeArchive window or command. "
            "Close it there and try again."
        )


class ArchiveCorrupt(SafeArchiveError):
    """The key is right but the database fails its checks."""


class NotAnArchive(SafeArchiveError):
    pass


class ArchiveLocked(SafeArchiveError):
    def __init__(self) -> None:
        super().__init__("The archive is locked. Unlock it to continue.")


class StorageError(SafeArchiveError):
    """Disk full, permission denied and other I/O failures while writing."""


class ImportError_(SafeArchiveError):
    """A whole input file could not be read (wrong format, corrupt, truncated)."""


class RecordError(SafeArchiveError):
    """One record in an input file is bad; the others are still imported."""

    def __init__(self, source: str, record: str | int, problem: str) -> None:
        self.source = source
        self.record = record
        self.problem = problem
        super().__init__(f"{source}, record {record}: {problem}")


class QueryError(SafeArchiveError):
    """A search query that cannot be parsed; the message says what is wrong."""


class PolicyError(SafeArchiveError):
    pass


class ExportBlocked(SafeArchiveError):
    """The leak check found identifiers in the text about to be exported."""


class Cancelled(SafeArchiveError):
    def __init__(self) -> None:
        super().__init__("Cancelled.")


class ConfigError(SafeArchiveError):
    pass


class ModelNotInstalled(SafeArchiveError):
    pass

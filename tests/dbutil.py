"""Direct database access for assertions in tests only: the archive hands out no connection
(SQL is private to core/store), but a test may look inside to prove what was stored."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from safe_archive.core.archive import Archive
from safe_archive.core.store.db import Connection


def sql(archive: Archive) -> Connection:
    """The archive's connection (reads, PRAGMAs, planting rows)."""
    return archive._store.conn


@contextmanager
def transaction(archive: Archive, what: str = "A test write") -> Iterator[Connection]:
    """A write transaction on the archive's store (announced as a change of everything)."""
    with archive._store.transaction(what) as conn:
        yield conn

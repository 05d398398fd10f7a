from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from safe_archive.core.archive import Archive
from tests.export.helpers import new_archive


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    arch = new_archive(tmp_path / "archive")
    yield arch
    arch.close()

"""Shared fixtures: the real engine is loaded once per test session (a few seconds)."""

from __future__ import annotations

import pytest

from safe_archive.core.scrub.recognizers.name_list_recognizer import (
    NameEntry,
    load_names,
    load_words,
)
from safe_archive.core.scrub.scrubber import Scrubber


@pytest.fixture(scope="session")
def scrubber() -> Scrubber:
    return Scrubber.load()


@pytest.fixture(scope="session")
def names() -> dict[str, NameEntry]:
    return load_names()


@pytest.fixture(scope="session")
def words() -> dict[str, float]:
    return load_words()


def spans(text: str, results: list) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    """(matched text, entity type) for recognizer results or findings, sorted, unique."""
    return sorted({(text[r.start:r.end], r.entity_type) for r in results},
                  key=lambda x: (text.find(x[0]), x))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked slow here run only when selected (-m slow or SAFE_ARCHIVE_SLOW=1)."""
    import os
    from pathlib import Path

    if "slow" in (config.getoption("markexpr", "") or "") or os.environ.get("SAFE_ARCHIVE_SLOW") == "1":
        return
    here = Path(__file__).resolve().parent
    skip = pytest.mark.skip(reason="long run: select with -m slow")
    for item in items:
        if "slow" in item.keywords and here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(skip)

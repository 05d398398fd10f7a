"""The CLI is a thin layer (issue 14): it parses, calls the core once and shows. It (and the GUI)
does not touch the store or the key file itself, and the export formats it offers are the
core's writer registry, not a list of its own."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

import pytest

from safe_archive.core.export.formats import base
from safe_archive.core.export.records import ExportMeta, ExportRecord

from tests.cli_run import run

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "safe_archive"


def _imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


@pytest.mark.parametrize("front_end", ["cli", "gui"])
def test_the_front_ends_leave_the_store_and_the_key_file_to_the_archive(front_end: str) -> None:
    """rotate-key used to decode the recovery key against keys.json in the CLI, and the GUI ran
    SQL of its own (gui/queries.py); both go through the archive now. Neither imports the store
    (SQL, keys, schema): the read API's types come from the facade, core.archive."""
    folder = PACKAGE / front_end
    offenders = {
        path.name: sorted(m for m in _imported_modules(path) if m.startswith("safe_archive.core.store"))
        for path in folder.glob("*.py")
    }
    assert {name: mods for name, mods in offenders.items() if mods} == {}
    assert not [p.name for p in folder.glob("*.py") if "keys.json" in p.read_text(encoding="utf-8")]


class _ProbeWriter(base.Writer):
    name = "probe-format"
    extension = ".probe"

    def write(self, records: Sequence[ExportRecord], meta: ExportMeta, out: BinaryIO) -> None:
        out.write(b"")


@pytest.fixture
def probe_format() -> Iterator[str]:
    base.register(_ProbeWriter)
    try:
        yield _ProbeWriter.name
    finally:
        base._REGISTRY.pop(_ProbeWriter.name, None)


def test_export_formats_come_from_the_writer_registry(probe_format: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "export", "--help")
    assert code == 0
    assert probe_format in out  # a writer registered in the core is offered at once
    code, _out, err = run(capsys, "export", "nowhere", "out.x", "--format", "no-such-format")
    assert code == 2 and "probe-format" in err and "csv" in err  # the error lists the registry

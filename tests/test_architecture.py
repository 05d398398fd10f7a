"""The layering DESIGN.md promises: the core never imports Qt, the GUI or the CLI; the layers of
docs/architecture.md hold; SQL stays in core/store; one module writes redacted text."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_linter_contracts_hold() -> None:
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def test_importing_the_core_loads_no_qt_and_no_model() -> None:
    code = (
        "import sys\n"
        "import safe_archive.core.archive, safe_archive.core.importers, safe_archive.core.model\n"
        "safe_archive.core.importers.available()\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'spacy')]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_redacted_text_is_written_in_one_place() -> None:
    """Only core/store/rendering.py writes posts.redacted_text (issue 14), the demo archive's
    included (it asks the scrub service to render); forget masks every text column alike."""
    import re

    writes = re.compile(r"SET\s+redacted_text|redacted_text\s*=\s*\?|redacted_text\s*=\s*text", re.IGNORECASE)
    allowed = {"core/store/rendering.py"}
    found = sorted(
        str(path.relative_to(ROOT / "src" / "safe_archive"))
        for path in (ROOT / "src" / "safe_archive").rglob("*.py")
        if writes.search(path.read_text(encoding="utf-8"))
    )
    assert [p for p in found if p not in allowed] == []


# SQL is private to core/store (issue 14): nothing above it runs a statement or holds SQL text.
# Each file still allowed is listed with the reason; an entry that no longer holds SQL fails
# too, so the list only shrinks.
SQL_OUTSIDE_STORE: dict[str, str] = {}
_SQL = (
    r"\.execute(?:many|script)?\("
    r"|\b(?:SELECT\s[^\n]*\bFROM|INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|PRAGMA\s+\w+"
    r"|BEGIN\s+IMMEDIATE|CREATE\s+(?:TABLE|INDEX|TRIGGER|VIRTUAL))\b"
)


def test_sql_is_private_to_the_store() -> None:
    import re

    pattern = re.compile(_SQL)
    root = ROOT / "src" / "safe_archive"
    found = sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if not path.is_relative_to(root / "core" / "store") and pattern.search(path.read_text(encoding="utf-8"))
    )
    assert [p for p in found if p not in SQL_OUTSIDE_STORE] == []
    assert [p for p in SQL_OUTSIDE_STORE if p not in found] == []  # stale exceptions

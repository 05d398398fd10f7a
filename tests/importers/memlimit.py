"""Run one importer over one file in a child process under an address-space limit.

A hostile file built to make an importer's memory grow faster than its size (with the square
of a node, a record, a line) then fails with MemoryError in the child instead of taking the
test machine down; a bounded importer reads it within the limit.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

_CHILD = r"""
import json, resource, sys
limit = int(sys.argv[3]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from safe_archive.core.errors import RecordError, SafeArchiveError
from safe_archive.core.importers import ImportContext, Relation, get
from safe_archive.core.model import Post
counts = {"posts": 0, "errors": 0, "relations": 0, "other": 0, "failed": None}
try:
    for item in get(sys.argv[1])().read(__import__("pathlib").Path(sys.argv[2]), ImportContext()):
        key = "posts" if isinstance(item, Post) else "errors" if isinstance(item, RecordError) else \
            "relations" if isinstance(item, Relation) else "other"
        counts[key] += 1
except MemoryError:
    print(json.dumps({"memory_error": True}))
    sys.exit(3)
except SafeArchiveError as exc:
    counts["failed"] = str(exc)[:200]
print(json.dumps(counts))
"""


def read_with_memory_limit(importer: str, path: Path, limit_mb: int = 400, timeout: float = 120) -> dict[str, object]:
    """The counts of what ``importer`` yields for ``path``; raises AssertionError when the
    child runs out of memory (or dies)."""
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, importer, str(path), str(limit_mb)],
        capture_output=True, text=True, timeout=timeout, check=False,
    )
    assert proc.returncode == 0, (
        f"{importer} on {path.name} exceeded {limit_mb} MB or crashed (exit {proc.returncode}): "
        f"{proc.stdout[-300:]} {proc.stderr[-600:]}"
    )
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))

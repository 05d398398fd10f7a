"""Run the CLI in-process, as the command-line tests do."""

from __future__ import annotations

import pytest

from safe_archive.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    """``safe-archive ARGS…`` in this process: (exit status, stdout, stderr)."""
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err

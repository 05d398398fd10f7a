"""scripts/dev.py answers a failure with one line and exit 1; --debug shows the traceback (issue 12)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_dev_py_failure_is_one_line(tmp_path: Path) -> None:
    """A failing step prints one line naming what failed and what to do, exit 1, no traceback."""
    script = tmp_path / "dev.py"
    script.write_text((ROOT / "scripts" / "dev.py").read_text())
    (tmp_path / "requirements").mkdir()
    (tmp_path / "requirements" / "bootstrap.txt").write_text("pip==0.0.0.does.not.exist --hash=sha256:" + "0" * 64 + "\n")
    (tmp_path / "requirements" / "lock.txt").write_text("")
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "setup.py").write_text("")
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "dev.py").write_text(script.read_text())
    result = subprocess.run([sys.executable, str(tmp_path / "scripts" / "dev.py"), "test"],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 1
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("dev.py:")]
    assert len(lines) == 1 and "Installing the pinned pip failed" in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    debug = subprocess.run([sys.executable, str(tmp_path / "scripts" / "dev.py"), "--debug", "test"],
                           capture_output=True, text=True, timeout=300, check=False)
    assert debug.returncode == 1 and "Traceback" in debug.stderr

"""The GUI half of properties 1 and 14: an offscreen GUI session in its own process (private
HOME/TMPDIR/XDG/SAFE_ARCHIVE_HOME, network hook) opens an archive holding 50 canaries,
searches, shows a post, locks; then every file under the archive and those folders — including
Qt's own settings (QtProject.conf, file-dialog history) and GuiSettings — is scanned: zero
canaries, zero key material, zero network attempts."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from safe_archive.core.archive import Archive

from .conftest import FAST_KDF, HERE, PW, PYTHON, canaries, data_key_of, isolated_env, key_material, scan_tree

pytest.importorskip("PySide6.QtWidgets")
pytestmark = pytest.mark.gui


@pytest.mark.parametrize("control", [False, True], ids=["session", "control-qt-settings"])
def test_gui_session_leaves_no_canary_and_makes_no_network_call(tmp_path: Path, control: bool) -> None:
    marks = canaries(50)
    base = tmp_path / "env"
    netlog = tmp_path / "netlog.txt"
    env = isolated_env(base, netlog=netlog)
    folder = base / "home" / "Archive"
    with Archive.create(folder, PW, kdf=FAST_KDF) as archive:
        from safe_archive.core.model import Post

        archive.add_posts([Post(platform="text", source_id=f"g{i}", text=f"She told {m} about that night",
                                author_handle=f"h{i}", author_name=f"Name {m}") for i, m in enumerate(marks)])
    key = data_key_of(folder)
    result = subprocess.run([PYTHON, str(HERE / "gui_session.py"), str(folder), PW, marks[7]] + (["--control"] if control else []),
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "RESULT 1" in result.stdout, result.stdout + result.stderr[-2000:]
    files = [p for p in base.rglob("*") if p.is_file()]
    if control:  # the scan must see what Qt writes under the private config folder
        hits = scan_tree([base, folder], marks)
        assert [Path(f).name for f in hits] == ["QtProject.conf"] and hits[next(iter(hits))] == {marks[7]}
        return
    assert scan_tree([base, folder], marks) == {}
    assert scan_tree([base, folder], key_material(key)) == {}
    for mark in marks:
        assert mark not in result.stdout + result.stderr
    assert not netlog.exists() or netlog.read_text() == ""
    assert Path(str(netlog) + ".loaded").read_text().strip(), "the network hook was not loaded"
    print(f"\nGUI session: {len(files)} files scanned ({', '.join(sorted({p.name for p in files}))[:300]}); "
          "0 canaries, 0 key material, 0 network attempts")

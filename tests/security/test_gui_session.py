"""The GUI half of properties 1, 11 and 14 (and the clipboard promise): an offscreen GUI session
in its own process (private HOME/TMPDIR/XDG/SAFE_ARCHIVE_HOME, network hook, the real worker
thread) imports files carrying 50 canaries through the import dialog (scrubbed on import in a
worker process), searches, shows a post, reviews findings, copies post text, exports an
encrypted (age) file through the export dialog, locks and quits (gui_session.py). Then every
file under the archive and those folders — Qt's own settings (QtProject.conf, file-dialog
history), GuiSettings and the export folder included — is scanned: zero canaries, zero key
material, zero network attempts, no temp or staging file left, no canary or secret on
stdout/stderr. The control run does the same and also stores a canary where Qt keeps
file-dialog history: the scan must find exactly that."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

from safe_archive.core.archive import Archive

from .conftest import FAST_KDF, HERE, PW, PYTHON, canaries, data_key_of, isolated_env, key_material, scan_tree

pytest.importorskip("PySide6.QtWidgets")
pytestmark = [pytest.mark.gui, pytest.mark.timeout(1200)]

EXPORT_PW = "gui export passphrase 10"
ARCHIVE_FILES = {"archive.db", "keys.json", ".lock"}  # what a closed archive folder holds
# Content-free warnings Qt's offscreen platform prints on stderr (Qt's own logging).
QT_OFFSCREEN_NOISE = ("This plugin does not support propagateSizeHints()", "This plugin does not support raise()",
                      "This plugin does not support grabbing the keyboard")


def _inputs(folder: Path, marks: list[str]) -> list[Path]:
    """50 canaries in post text and author names; three in records the importer rejects."""
    folder.mkdir()
    jsonl = folder / "stories.jsonl"
    lines = []
    for i, mark in enumerate(marks[:30]):
        extra = f" Write to {mark}@example.org if it happened to you." if i % 5 == 0 else ""  # an EMAIL finding
        record = {"id": f"j{i}", "author": f"handle{i}", "created_at": "2020-01-02T03:04:05Z",
                  "text": f"She told me about {mark} and what happened that night, thank you @handle{(i + 1) % 30}.{extra}"}
        if i < 10:
            record["author_name"] = f"Name {marks[30 + i]}"
        lines.append(json.dumps(record))
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    csv = folder / "stories.csv"
    csv.write_text("id,author,author_name,created_at,text\n" + "".join(
        f'c{i},user{i},Someone,2021-05-06,"It was {mark}, I believe her"\n' for i, mark in enumerate(marks[40:47])
    ), encoding="utf-8")
    bad = folder / "bad.jsonl"  # failure paths: canaries inside records that are rejected
    bad.write_text(
        json.dumps({"id": "b1", "text": f"bad date {marks[47]}", "created_at": "not a date"}) + "\n"
        + '{"id": "b2", "text": "broken json ' + marks[48] + '\n'
        + json.dumps({"id": 1.5, "text": f"float id {marks[49]}"}) + "\n",
        encoding="utf-8",
    )
    return [jsonl, csv, bad]


@pytest.mark.parametrize("control", [False, True], ids=["session", "control-qt-settings"])
def test_gui_session_leaves_no_canary_and_makes_no_network_call(tmp_path: Path, control: bool) -> None:
    marks = canaries(50)
    inputs = _inputs(tmp_path / "input", marks)  # the user's own files: outside the scanned tree
    base = tmp_path / "env"
    netlog = tmp_path / "netlog.txt"
    env = isolated_env(base, netlog=netlog, passphrase=None)
    folder = base / "home" / "Archive"
    Archive.create(folder, PW, kdf=FAST_KDF).close()
    key = data_key_of(folder)
    exports = base / "home" / "Exports"
    exports.mkdir()
    export = exports / "stories.jsonl.age"
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"archive": str(folder), "passphrase": PW, "inputs": [str(p) for p in inputs],
                                "export": str(export), "export_passphrase": EXPORT_PW, "search": marks[3]}))
    began = time.monotonic()
    result = subprocess.run([PYTHON, str(HERE / "gui_session.py"), str(plan)] + (["--control"] if control else []),
                            env=env, capture_output=True, text=True, timeout=1100)
    took = time.monotonic() - began
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("RESULT "), result.stdout[-2000:]  # nothing else on stdout
    got = json.loads(lines[0][len("RESULT "):])

    # The session did what a user does, through the real code paths.
    assert got["taskman"] == "TaskManager" and got["scrub_on_import"] is True
    assert got["formats"] == ["csv", "jsonl", "jsonl"]
    assert got["imported"] == 37 and got["skipped"] == 3 and not got["import_cancelled"], json.dumps(got)
    assert got["hits"] == 1 and got["hit_scrubbed"] is True and got["redacted_hits"] >= 1
    assert [d.split()[0] for d in got["review_decisions"]] == ["accepted", "rejected"], json.dumps(got)
    assert got["exported"] >= 1 and got["export_files"] == [export.name, export.name + ".manifest.json", export.name + ".manifest.html"]
    assert got["clipboard_clear_ms"] == 10_000  # the shipped delay, not a test value
    assert got["clipboard_held_canary"] and got["clipboard_timer_armed"] and got["clipboard_after_timer"] == 0  # the timer cleared it
    assert got["clipboard_held_before_lock"] and got["clipboard_after_lock"] == 0  # cleared on lock
    assert got["archive_closed"] is True and got["errors_shown"] == 0

    # 11. The export is encrypted: no canary in its bytes, but the decrypted export holds some
    # (so a plaintext staging file or an unencrypted export would have been found by the scan).
    import pyrage

    data = export.read_bytes()
    assert data.startswith(b"age-encryption.org/v1")
    plain = pyrage.passphrase.decrypt(data, EXPORT_PW).decode()
    in_export = [m for m in marks if m in plain]
    assert in_export, "control: the decrypted export holds canaries"
    # No temp or staging file left anywhere: the private TMPDIR is empty, the archive folder
    # holds only its three files, the export folder only the export and its two manifests.
    assert sorted(p.name for p in (base / "tmp").rglob("*")) == []
    assert {p.name for p in folder.iterdir()} <= ARCHIVE_FILES
    assert sorted(p.name for p in exports.iterdir()) == sorted(got["export_files"])

    files = sorted(str(p.relative_to(base)) for p in base.rglob("*") if p.is_file())
    if control:  # the scan must see what Qt writes under the private config folder
        hits = scan_tree([base], marks)
        assert [Path(f).name for f in hits] == ["QtProject.conf"] and hits[next(iter(hits))] == {marks[3]}
        print(f"\nGUI control session: {len(files)} files scanned, canary found in {sorted(hits)} only; {took:.0f} s")
        return
    # 1. No canary (UTF-8, UTF-16) and no key material in any file under the private folders
    # and the archive (which lives in the private HOME), the export and its manifests included.
    assert scan_tree([base], marks) == {}
    assert scan_tree([base], key_material(key)) == {}
    assert [f for f in files if key in (base / f).read_bytes()] == []
    # 15. Nothing on stdout but the counts; stderr holds only Qt's content-free offscreen notes.
    for needle in [*marks, *key_material(key), PW, EXPORT_PW]:
        assert needle not in result.stdout + result.stderr
    assert [line for line in result.stderr.splitlines() if line.strip() and line.strip() not in QT_OFFSCREEN_NOISE] == []
    # 14. No network attempt in the GUI process or its scrub worker, and the hook was loaded.
    assert not netlog.exists() or netlog.read_text() == ""
    loaded = Path(str(netlog) + ".loaded").read_text().splitlines()
    assert len(loaded) >= 2, "the network hook was not loaded in the GUI process and the scrub worker"
    # The GUI's decisions and export reached the archive (read back after the scan, so the scan
    # saw the archive as the app left it): its audit log has one of each.
    with Archive.open(folder, PW) as archive:
        actions = [e.action for e in archive.audit_entries()]
    assert actions.count("review.accept") == 1 and actions.count("review.reject") == 1, actions
    assert actions.count("export") == 1, actions
    print(f"\nGUI session: {len(files)} files scanned ({', '.join(files)}); 0 canaries, 0 key material, "
          f"0 network attempts ({len(loaded)} processes hooked); canaries in the decrypted export: "
          f"{len(in_export)}/50; {json.dumps(got)}; {took:.0f} s")

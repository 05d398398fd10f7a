"""The screenshots in docs/screenshots/ show the current app: scripts/screenshots.py records each
screen's visible texts in texts.json when it renders them; this test walks the same screens
without rendering and compares. When it fails, run `.venv/bin/python scripts/screenshots.py`
and look at the new PNGs."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "screenshots.py"
TEXTS = ROOT / "docs" / "screenshots" / "texts.json"


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("screenshots_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_screenshot_texts_match_the_running_app(tmp_path: Path, qapp: QApplication) -> None:
    style = qapp.style().name()
    try:
        current = _script().run(tmp_path, render=False)
    finally:
        qapp.setStyle(style)
    assert list(tmp_path.glob("*.png")) == []  # nothing rendered
    recorded = json.loads(TEXTS.read_text(encoding="utf-8"))
    assert sorted(current) == sorted(recorded), "screens added or removed: regenerate the screenshots"
    for name in recorded:
        assert current[name] == recorded[name], f"{name}.png is stale: regenerate with scripts/screenshots.py"
    for name in recorded:
        assert (TEXTS.parent / f"{name}.png").exists()


def test_the_comparison_notices_a_changed_text(tmp_path: Path) -> None:
    module = _script()
    assert module.normalise("/tmp/x/new-archive at 2026-12-05 00:30 UTC", "/tmp/x") == "~/new-archive at <time>"
    from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

    box = QWidget()
    QVBoxLayout(box).addWidget(QLabel("1 selected post"))
    box.show()
    assert module.visible_texts(box) == ["1 selected post"]
    box.close()

"""Render the app icon (resources/icons/safe-archive.svg) to the raster formats each OS wants.

PNG at 16…1024 px (Qt's SVG renderer, offscreen), then ICO (Windows) and ICNS (macOS) with
Pillow. Run at build time by safe_archive.spec; the outputs go to build/icons/ (not committed).

    python packaging/make_icons.py OUT_DIR
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "safe-archive.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)


def render_pngs(svg: Path, out: Path) -> dict[int, Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(["make_icons"])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {svg} is not a valid SVG")
    out.mkdir(parents=True, exist_ok=True)
    paths: dict[int, Path] = {}
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        path = out / f"safe-archive-{size}.png"
        if not image.save(str(path)):
            raise SystemExit(f"make_icons: could not write {path}")
        paths[size] = path
    del app
    return paths


def make_icons(out: Path, svg: Path = SVG) -> dict[str, Path]:
    """PNG files per size plus safe-archive.ico and safe-archive.icns; returns the main paths."""
    from PIL import Image

    pngs = render_pngs(svg, out)
    biggest = Image.open(pngs[1024])
    ico = out / "safe-archive.ico"
    biggest.save(ico, sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    icns = out / "safe-archive.icns"
    biggest.save(icns)  # Pillow writes the ICNS sizes it supports from the largest image
    return {"png": pngs[256], "ico": ico, "icns": icns, "svg": svg}


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "icons"
    for kind, path in make_icons(target).items():
        print(f"{kind}: {path}")

"""PDF through fpdf2 with a Unicode TrueType font (DejaVu Sans when installed).

Characters the font has no glyph for (emoji, rare scripts) are replaced with □ so a PDF never
fails on them; without any Unicode font, the core Helvetica font is used and non-Latin-1
characters become '?'.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from fpdf import FPDF

from safe_archive.core.export.formats.base import Writer, cell, register
from safe_archive.core.export.records import ExportMeta, ExportRecord

REPLACEMENT = "□"


def font_candidates() -> list[Path]:
    paths = [
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
        Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
        Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
        Path("/usr/local/share/fonts/DejaVuSans.ttf"),
        Path("/Library/Fonts/Arial Unicode.ttf"),
        Path("/System/Library/Fonts/Supplemental/Arial Unicode.ttf"),
        Path("C:/Windows/Fonts/arial.ttf"),
    ]
    for base in sys.path:  # matplotlib ships DejaVu Sans inside its package
        paths.append(Path(base) / "matplotlib" / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf")
    return paths


@lru_cache(maxsize=4)
def _charset(path: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    try:
        return frozenset(font.getBestCmap().keys())
    finally:
        font.close()


def find_font() -> Path | None:
    for path in font_candidates():
        if path.is_file():
            return path
    return None


class _Text:
    def __init__(self, font: Path | None) -> None:
        self.font = font
        self.charset = _charset(str(font)) if font else frozenset(range(32, 256))
        self.replacement = REPLACEMENT if ord(REPLACEMENT) in self.charset else "?"

    def __call__(self, text: str) -> str:
        out = []
        for ch in text:
            if ch in "\n\t":
                out.append(ch if ch == "\n" else " ")
            elif ord(ch) in self.charset:
                out.append(ch)
            elif ord(ch) < 32 or 0xFE00 <= ord(ch) <= 0xFE0F or ord(ch) == 0x200D:
                continue  # control characters, variation selectors, zero-width joiners
            else:
                out.append(self.replacement)
        return "".join(out)


@register
class PdfWriter(Writer):
    name = "pdf"
    extension = ".pdf"
    media_type = "application/pdf"

    def __init__(self, font: Path | None = None) -> None:
        self.font = font or find_font()

    def write(self, records: Sequence[ExportRecord], meta: ExportMeta, out: BinaryIO) -> None:
        clean = _Text(self.font)
        pdf = FPDF(format="A4")
        pdf.set_creator("SafeArchive")
        pdf.set_title(meta.title)
        pdf.set_auto_page_break(auto=True, margin=15)
        family = "Helvetica"
        if self.font:
            pdf.add_font("Body", "", str(self.font))
            family = "Body"
        pdf.add_page()
        pdf.set_font(family, size=14)
        pdf.multi_cell(0, 8, clean(meta.title), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(family, size=9)
        pdf.multi_cell(0, 5, clean(f"Export {meta.export_id} · {len(records)} posts · style {meta.style}"),
                       new_x="LMARGIN", new_y="NEXT")
        for r in records:
            pdf.ln(3)
            bits = [f"#{r.number}", r.author, r.date, r.platform, r.lang, r.kind]
            if r.labels:
                bits.append("labels: " + cell(r.labels))
            if r.tags:
                bits.append("tags: " + cell(r.tags))
            if r.text_source == "edited":
                bits.append("paraphrased")
            pdf.set_font(family, size=8)
            pdf.set_text_color(90, 90, 90)
            pdf.multi_cell(0, 4.5, clean(" · ".join(b for b in bits if b)), new_x="LMARGIN", new_y="NEXT")
            pdf.set_font(family, size=10)
            pdf.set_text_color(0, 0, 0)
            pdf.multi_cell(0, 5, clean(r.text) or " ", new_x="LMARGIN", new_y="NEXT")
        out.write(bytes(pdf.output()))

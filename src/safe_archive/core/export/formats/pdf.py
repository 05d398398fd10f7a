"""PDF through fpdf2 with HarfBuzz text shaping and bundled Noto fonts (resources/fonts).

Shaping (fpdf2 ``set_text_shaping`` with uharfbuzz) lays out right-to-left paragraphs with the
Unicode bidirectional algorithm, joins Arabic letters, forms Devanagari conjuncts and emoji ZWJ
sequences. Each paragraph is aligned by its own first strong character (Arabic, Hebrew: right); our
stand-ins ([PERSON_1]) are bidi isolates, so they neither decide a paragraph's direction nor land
on the wrong side of right-to-left words.
Glyphs come from Noto Sans (Latin, Cyrillic, Greek) with fallbacks for Arabic, Hebrew,
Devanagari, CJK and emoji (monochrome Noto Emoji); how the subsets were made and their licence
are in resources/fonts/README.md. A character none of the fonts has is shown as □.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import BinaryIO

from fpdf import FPDF
from fpdf.errors import FPDFException

from safe_archive.core.export.formats.base import FSI, PDI, Writer, cell, cleaned, paragraph_is_rtl, register
from safe_archive.core.export.records import ExportMeta, ExportRecord

REPLACEMENT = "□"
BODY = ("Body", "NotoSans-subset.ttf")
FALLBACKS = (
    ("Arabic", "NotoSansArabic-subset.ttf"),
    ("Hebrew", "NotoSansHebrew-subset.ttf"),
    ("Devanagari", "NotoSansDevanagari-subset.ttf"),
    ("CJK", "NotoSansCJKsc-subset.otf"),
    ("Emoji", "NotoEmoji-subset.ttf"),
    ("Symbols", "NotoSansSymbols2-subset.ttf"),
)
# Characters that belong to the run they join or modify (emoji ZWJ sequences, skin tones, tags,
# variation selectors, keycaps; ZWJ/ZWNJ in Arabic and Devanagari): they take the run's font.
_JOINING = frozenset({0x200C, 0x200D, 0xFE0E, 0xFE0F, 0x20E3, *range(0x1F3FB, 0x1F400), *range(0xE0020, 0xE0080)})


def font_dir() -> Path:
    return Path(str(resources.files("safe_archive.resources") / "fonts"))


@dataclass(frozen=True, slots=True)
class FontSet:
    body: Path
    fallbacks: tuple[tuple[str, Path], ...]


def bundled_fonts() -> FontSet | None:
    folder = font_dir()
    body = folder / BODY[1]
    if not body.is_file():
        return None
    return FontSet(body, tuple((name, folder / f) for name, f in FALLBACKS if (folder / f).is_file()))


@lru_cache(maxsize=8)
def _charset(path: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont  # noqa: PLC0415 - only when writing a PDF

    font = TTFont(path, lazy=True)
    try:
        return frozenset(font.getBestCmap().keys())
    finally:
        font.close()


class _Text:
    """Replaces what no font can show (□), drops controls; keeps joiners for shaping."""

    def __init__(self, fonts: FontSet | None) -> None:
        if fonts is None:
            self.charset: frozenset[int] = frozenset(range(32, 256))
        else:
            self.charset = _charset(str(fonts.body)).union(*(_charset(str(p)) for _, p in fonts.fallbacks))
        self.replacement = REPLACEMENT if ord(REPLACEMENT) in self.charset else "?"

    def __call__(self, text: str) -> str:
        out = []
        for ch in text:
            code = ord(ch)
            if ch == "\n" or ch in (FSI, PDI):
                out.append(ch)
            elif ch == "\t":
                out.append(" ")
            elif code in self.charset:
                out.append(ch)
            elif code < 32 or code in _JOINING:
                continue
            else:
                out.append(self.replacement)
        return "".join(out)


class _Pdf(FPDF):
    """fpdf2 with one change to font fallback: a joining character (ZWJ, variation selector,
    skin tone) stays in the font of the run before it, so HarfBuzz sees the whole sequence."""

    _last_fallback: str | None = None

    def get_fallback_font(self, char: str, style: str = "") -> str | None:
        if ord(char) in _JOINING and self._last_fallback is not None:
            font = self.fonts[self._last_fallback]
            if ord(char) in font.cmap:  # type: ignore[union-attr]
                return self._last_fallback
        found = super().get_fallback_font(char, style)
        self._last_fallback = found
        return found


@register
class PdfWriter(Writer):
    name = "pdf"
    extension = ".pdf"
    media_type = "application/pdf"

    def __init__(self, fonts: FontSet | None = None) -> None:
        self.fonts = fonts or bundled_fonts()

    def _setup(self, pdf: FPDF) -> str:
        if self.fonts is None:
            return "Helvetica"
        pdf.add_font(BODY[0], "", str(self.fonts.body))
        for name, path in self.fonts.fallbacks:
            pdf.add_font(name, "", str(path))
        pdf.set_fallback_fonts([name for name, _ in self.fonts.fallbacks], exact_match=False)
        try:
            pdf.set_text_shaping(True)
        except FPDFException:  # uharfbuzz missing: still a PDF, right-to-left runs unordered
            pass
        return BODY[0]

    def write(self, records: Sequence[ExportRecord], meta: ExportMeta, out: BinaryIO) -> None:
        records = cleaned(records, isolate=self.fonts is not None)
        clean = _Text(self.fonts)
        pdf = _Pdf(format="A4")
        pdf.set_creator("SafeArchive")
        pdf.set_title(meta.title)
        pdf.set_auto_page_break(auto=True, margin=15)
        family = self._setup(pdf)

        def para(text: str, height: float) -> None:
            for line in (clean(text) or " ").split("\n"):
                pdf.multi_cell(0, height, line or " ", new_x="LMARGIN", new_y="NEXT",
                               align="R" if paragraph_is_rtl(line) else "L")

        pdf.add_page()
        pdf.set_font(family, size=14)
        para(meta.title, 8)
        pdf.set_font(family, size=9)
        para(f"Export {meta.export_id} · {len(records)} posts · style {meta.style}", 5)
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
            para(r.text, 5)
        out.write(bytes(pdf.output()))

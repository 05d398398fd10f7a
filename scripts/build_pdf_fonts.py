"""Build the PDF export's bundled fonts (resources/fonts/*.ttf): subsets of Noto fonts (SIL OFL 1.1).

Run once when the font set changes; the subsets are committed. Sources (not needed at run time):

* Debian ``fonts-noto-core``: NotoSans (Latin, Cyrillic, Greek), NotoSansArabic, NotoSansHebrew,
  NotoSansDevanagari, NotoSansSymbols2 (arrows, dingbats such as ✓, shapes, Braille); Debian ``fonts-noto-cjk``: NotoSansCJK-Regular.ttc (the SC face);
* PyPI ``manimgx-fonts`` (OFL-1.1): ``NotoEmoji[wght].ttf``, the monochrome Noto Emoji, fixed at
  weight 400 (a PDF needs outlines; the colour emoji font is 10 MB of bitmaps).

Usage: ``python scripts/build_pdf_fonts.py [--emoji PATH/TO/NotoEmoji[wght].ttf]``.
Every subset keeps all OpenType layout features (Arabic joining, Devanagari conjuncts, emoji
ZWJ sequences and skin tones, kerning) for the characters kept.
"""

from __future__ import annotations

import argparse
import codecs
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont
from fontTools.varLib import instancer

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "fonts"
NOTO = Path("/usr/share/fonts/truetype/noto")
CJK_TTC = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
CJK_FACE = 2  # Noto Sans CJK SC


def _ranges(*spans: tuple[int, int]) -> set[int]:
    return {c for a, b in spans for c in range(a, b + 1)}


COMMON = _ranges((0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x25CC, 0x25CC))
# Joiners stay out of the main font so that, in the PDF writer, they follow the font of the run
# they join (an emoji ZWJ sequence, Arabic or Devanagari), which needs them for its ligatures.
JOINERS = {0x200C, 0x200D, 0xFE0E, 0xFE0F}
LATIN = (COMMON - JOINERS) | _ranges((0x100, 0x24F), (0x250, 0x2FF), (0x300, 0x36F), (0x370, 0x3FF), (0x400, 0x52F),
                         (0x1E00, 0x1EFF), (0x1F00, 0x1FFF), (0x20A0, 0x20CF), (0x2100, 0x218F), (0x2190, 0x21FF),
                         (0x2200, 0x22FF), (0x2460, 0x24FF), (0x25A0, 0x25FF), (0x2600, 0x26FF), (0x2700, 0x27BF),
                         (0xFB00, 0xFB06), (0xFFFD, 0xFFFD))
LATIN -= JOINERS
ARABIC = COMMON | JOINERS | _ranges((0x600, 0x6FF), (0x750, 0x77F), (0x8A0, 0x8FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
HEBREW = COMMON | _ranges((0x590, 0x5FF), (0xFB1D, 0xFB4F))
DEVANAGARI = COMMON | JOINERS | _ranges((0x900, 0x97F), (0xA8E0, 0xA8FF), (0x1CD0, 0x1CFF))
SYMBOLS = _ranges((0x2190, 0x21FF), (0x2300, 0x23FF), (0x2400, 0x243F), (0x2500, 0x25FF), (0x2600, 0x26FF),
                  (0x2700, 0x27BF), (0x2800, 0x28FF), (0x2B00, 0x2BFF))
EMOJI = _ranges((0x20E3, 0x20E3), (0x2190, 0x21FF), (0x2300, 0x23FF), (0x2460, 0x24FF), (0x25A0, 0x27BF),
                (0x2900, 0x297F), (0x2B00, 0x2BFF), (0x3030, 0x3030), (0x303D, 0x303D), (0x3297, 0x3299),
                (0xFE0F, 0xFE0F), (0x200D, 0x200D), (0x1F000, 0x1FAFF), (0xE0020, 0xE007F),
                (0x23, 0x23), (0x2A, 0x2A), (0x30, 0x39), (0xA9, 0xA9), (0xAE, 0xAE))


def _decoded(codec: str, rows: range, cols: range) -> set[int]:
    """Every character of a legacy double-byte character set (the everyday repertoire)."""
    out: set[int] = set()
    decoder = codecs.getdecoder(codec)
    for hi in rows:
        for lo in cols:
            try:
                text = decoder(bytes([hi, lo]))[0]
            except UnicodeDecodeError:
                continue
            out.update(ord(ch) for ch in text)
    return out


def cjk_repertoire() -> set[int]:
    """The everyday repertoire, kept small: GB 2312 level 1 (3,755 common simplified hanzi), Big5
    level 1 (5,401 common traditional hanzi, with Big5's symbols and bopomofo: Taiwan and Hong
    Kong posts), JIS X 0208 level 1 (2,965 common kanji) and its kana, KS X 1001 hangul (2,350
    syllables and jamo), CJK punctuation and full-width forms. Rarer characters show as a box."""
    chars = _decoded("gb2312", range(0xA1, 0xD8), range(0xA1, 0xFF))
    chars |= _decoded("big5", range(0xA1, 0xC7), range(0x40, 0xFF))
    chars |= _decoded("euc_jp", range(0xA1, 0xD0), range(0xA1, 0xFF))
    chars |= _decoded("euc_kr", range(0xA1, 0xC9), range(0xA1, 0xFF))
    chars |= _ranges((0x3000, 0x303F), (0x3040, 0x30FF), (0x3130, 0x318F), (0xFF00, 0xFFEF), (0x20, 0x7E))
    return chars


def _subset(font: TTFont, chars: set[int], out: Path) -> None:
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_legacy = True
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.hinting = False  # PDF viewers do not use TrueType hinting
    options.desubroutinize = False
    sub = subset.Subsetter(options)
    sub.populate(unicodes=sorted(chars))
    sub.subset(font)
    out.parent.mkdir(parents=True, exist_ok=True)
    font.save(out)
    print(f"{out.relative_to(ROOT)}: {out.stat().st_size / 1024:.0f} KiB, {len(font.getBestCmap())} characters")


def main() -> None:
    """Rebuild every subset (the CJK one takes about a minute)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emoji", type=Path, help="NotoEmoji[wght].ttf (from the manimgx-fonts wheel)")
    parser.add_argument("--cjk-ttc", type=Path, default=CJK_TTC, help="NotoSansCJK-Regular.ttc (default: fonts-noto-cjk's)")
    parser.add_argument("--only-cjk", action="store_true", help="rebuild the CJK subset alone")
    args = parser.parse_args()
    if args.only_cjk:
        _subset(TTCollection(args.cjk_ttc).fonts[CJK_FACE], cjk_repertoire(), OUT / "NotoSansCJKsc-subset.otf")
        return
    _subset(TTFont(NOTO / "NotoSans-Regular.ttf"), LATIN, OUT / "NotoSans-subset.ttf")
    _subset(TTFont(NOTO / "NotoSansArabic-Regular.ttf"), ARABIC, OUT / "NotoSansArabic-subset.ttf")
    _subset(TTFont(NOTO / "NotoSansHebrew-Regular.ttf"), HEBREW, OUT / "NotoSansHebrew-subset.ttf")
    _subset(TTFont(NOTO / "NotoSansDevanagari-Regular.ttf"), DEVANAGARI, OUT / "NotoSansDevanagari-subset.ttf")
    _subset(TTFont(NOTO / "NotoSansSymbols2-Regular.ttf"), SYMBOLS, OUT / "NotoSansSymbols2-subset.ttf")
    cjk = TTCollection(args.cjk_ttc).fonts[CJK_FACE]
    _subset(cjk, cjk_repertoire(), OUT / "NotoSansCJKsc-subset.otf")
    if args.emoji:
        emoji = instancer.instantiateVariableFont(TTFont(args.emoji), {"wght": 400})
        _subset(emoji, EMOJI, OUT / "NotoEmoji-subset.ttf")


if __name__ == "__main__":
    main()

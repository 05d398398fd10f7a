"""The PDF export draws everyday text of each script it claims, not boxes (□): a character the
bundled fonts lack is replaced, and a reader cannot tell what the post said."""

from __future__ import annotations

from pathlib import Path

from safe_archive.core.export.records import ExportOptions
from tests.export.helpers import add_post, new_archive
from tests.export.pdftext import pdf_text

# Invented testimony in Traditional Chinese (Taiwan, Hong Kong): everyday characters such as
# 歲 說 來 媽 總 亂 are outside GB 2312 and JIS X 0208 level 1.
TRADITIONAL = "我十三歲那年，補習班的老師總是叫我留下來。我告訴媽媽，她說不要亂講。現在我終於敢說出來了。"
BOPOMOFO = "ㄅㄆㄇㄈ"


def test_traditional_chinese_is_drawn_in_the_pdf(tmp_path: Path) -> None:
    archive = new_archive(tmp_path / "a")
    try:
        add_post(archive, TRADITIONAL, lang="zh")
        add_post(archive, f"注音 {BOPOMOFO}", lang="zh")
        result = archive.exporter().export(ExportOptions(format="pdf"), tmp_path / "out.pdf")
    finally:
        archive.close()
    text = pdf_text(result.files[0].read_bytes()).replace("\n", "")
    assert "□" not in text
    assert TRADITIONAL in text and BOPOMOFO in text


def test_every_big5_level_one_hanzi_is_in_the_bundled_fonts() -> None:
    from safe_archive.core.export.formats.pdf import _Text, bundled_fonts

    fonts = bundled_fonts()
    assert fonts is not None
    charset = _Text(fonts).charset
    level_one = {ch for hi in range(0xA4, 0xC7) for lo in [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
                 for ch in _big5(bytes([hi, lo]))}
    assert len(level_one) >= 5401
    missing = sorted(ch for ch in level_one if ord(ch) not in charset)
    assert not missing, f"{len(missing)} missing, e.g. {''.join(missing[:20])}"


def _big5(pair: bytes) -> str:
    try:
        return pair.decode("big5")
    except UnicodeDecodeError:
        return ""

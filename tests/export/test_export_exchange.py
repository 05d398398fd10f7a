"""Exports as other programs take them in (issue 16): REFI-QDA cases and memos, author
pseudonyms for unknown authors, right-to-left text and emoji in PDF and HTML, a spreadsheet set
up for reading, no control characters, and the manifest beside an encrypted export."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import xmlschema
from openpyxl import load_workbook

from safe_archive.core.archive import Archive
from safe_archive.core.errors import SafeArchiveError
from safe_archive.core.export import encrypt as age
from safe_archive.core.export.exporter import Exporter
from safe_archive.core.export.formats import available
from safe_archive.core.export.records import ExportOptions
from safe_archive.core.store.hashing import keyed_hash
from tests.export import mixed_fixture, qdpx_reader
from tests.export.pdftext import pdf_text
from tests.export.test_export import XSD, contents

FORMATS = sorted(available())
CONTROLS = [chr(c) for c in range(32) if chr(c) not in "\t\n"] + ["\x7f"]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    archive = mixed_fixture.build(Path(tmp_path_factory.mktemp("mixed")) / "a")
    yield archive
    archive.close()


def _export(archive: Archive, folder: Path, fmt: str, **kw: object) -> Path:
    result = archive.exporter().export(ExportOptions(format=fmt, **kw), folder / f"out.{fmt}")  # type: ignore[arg-type]
    assert result.exported == 10
    return result.files[0]


def test_unknown_authors_are_never_merged(mixed: Archive, tmp_path: Path) -> None:
    rows = [json.loads(line) for line in _export(mixed, tmp_path, "jsonl").read_text().splitlines()]
    by_text = {r["text"][:20]: r["author"] for r in rows}
    owner_a, owner_b = by_text["My own post about th"], by_text["Another post of mine"]
    story = by_text["A separate story, to"]
    assert owner_a == owner_b  # the same import's account owner
    assert story != owner_a  # another import: another person
    known = {r["author"] for r in rows if r["platform"] == "twitter"}
    assert story not in known and owner_a not in known
    assert len({r["author"] for r in rows}) == 8  # 5 handles + the credited one + 2 unknown sources
    assert sorted({r["author"] for r in rows} - {"@badhandle"}) == [f"AUTHOR_{n}" for n in range(1, 8)]  # no gap


def test_unknown_authors_without_an_import_get_one_each(tmp_path: Path) -> None:
    from tests.export.helpers import add_post, new_archive

    archive = new_archive(tmp_path / "a")
    try:
        for text in ("First story.", "Second story.", "Third story."):
            add_post(archive, text, handle=None)
        archive.exporter().export(ExportOptions(format="jsonl"), tmp_path / "o.jsonl")
        rows = [json.loads(line) for line in (tmp_path / "o.jsonl").read_text().splitlines()]
        assert sorted(r["author"] for r in rows) == ["AUTHOR_1", "AUTHOR_2", "AUTHOR_3"]
    finally:
        archive.close()


def test_qdpx_cases_have_their_sources_the_way_qualcoder_reads_them(mixed: Archive, tmp_path: Path) -> None:
    path = _export(mixed, tmp_path, "qdpx")
    project = qdpx_reader.read(path)
    xmlschema.XMLSchema(str(XSD)).validate(project.qde.decode("utf-8"))
    # Every case reaches its sources through codings with the case's GUID (QualCoder, NVivo) and
    # through SourceRefs (ATLAS.ti, MAXQDA), and both say the same.
    assert project.case_sources_by_coding == project.case_sources_by_ref
    assert sum(len(s) for s in project.case_sources_by_coding.values()) == 10
    for case, sources in project.case_sources_by_coding.items():
        assert all(project.variables[s]["author"] == case for s in sources)
    emoji = next(n for n, t in project.texts.items() if t.startswith("Support"))
    english = next(n for n, t in project.texts.items() if t.startswith("I am writing"))
    writer_one = project.variables[emoji]["author"]
    assert project.case_sources_by_coding[writer_one] == {emoji, english}
    # Tags and labels are codes on the whole text; labels also a variable.
    hebrew = next(n for n, t in project.texts.items() if "סיפרה" in t)
    assert project.source_codes[hebrew] == {"workplace", "label: semi-private"}
    assert project.variables[hebrew]["labels"] == "semi-private"
    assert project.variables[hebrew]["language"] == "he"
    assert project.memos[hebrew] == "" and project.notes[hebrew] == []  # notes are opt-in


def test_qdpx_memos_are_scrubbed_notes(mixed: Archive, tmp_path: Path) -> None:
    result = mixed.exporter().export(ExportOptions(format="qdpx", include_notes=True), tmp_path / "n.qdpx")
    project = qdpx_reader.read(result.files[0])
    xmlschema.XMLSchema(str(XSD)).validate(project.qde.decode("utf-8"))
    hebrew = next(n for n, t in project.texts.items() if "סיפרה" in t)
    memo = project.memos[hebrew]
    assert memo.startswith("Follow up with [PERSON_") and "דנה" not in memo  # the post's identified name
    assert "dana.k@example.org" not in memo and "example.org" not in memo  # found by the detector
    assert project.notes[hebrew] == [memo]
    assert sum(1 for m in project.memos.values() if m) == 1
    assert result.manifest["redaction"]["notes"].startswith("reviewers' notes included")
    for fmt in ("jsonl", "html", "txt"):
        other = mixed.exporter().export(ExportOptions(format=fmt, include_notes=True), tmp_path / f"n.{fmt}")
        body = contents(other.files[0])
        assert memo in body or memo.replace("[", "&#x27;") in body or "Follow up with [PERSON_" in body
        assert "דנה about" not in body and "dana.k@" not in body


def test_qdpx_attributes_are_filtered_like_text(mixed: Archive, tmp_path: Path) -> None:
    path = _export(mixed, tmp_path, "qdpx")
    project = qdpx_reader.read(path)
    assert b"bad\x0bhandle" not in project.qde
    assert "@badhandle" in project.case_sources_by_coding  # the credited author, control removed
    control = next(n for n, t in project.texts.items() if t.startswith("Dump text"))
    assert project.texts[control] == "Dump text with a NUL here and a vertical tab there."
    assert project.source_codes[control] == {"label: credit-me"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_control_characters_in_any_export(mixed: Archive, tmp_path: Path, fmt: str) -> None:
    path = _export(mixed, tmp_path, fmt)
    data = path.read_bytes()
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            texts = [zf.read(n).decode("utf-8") for n in zf.namelist()]
    elif fmt == "pdf":
        texts = [pdf_text(data)]
    elif fmt == "jsonl":  # escaped as \u0000 in the file, a NUL again for every reader
        texts = ["\n".join(str(v) for line in data.decode().splitlines() for v in json.loads(line).values())]
    else:
        texts = [data.decode("utf-8").replace("\r\n", "\n")]  # CSV rows end in CRLF (RFC 4180)
    joined = "".join(texts)
    assert "vertical tab" in joined or fmt == "pdf" and "vertical" in joined
    for text in texts:
        assert not any(c in text for c in CONTROLS), f"{fmt}: a control character was written"
        assert "\ufffd" not in text or fmt == "pdf"  # (reordered Devanagari signs have no ToUnicode entry)


def test_html_directions_per_post(mixed: Archive, tmp_path: Path) -> None:
    page = _export(mixed, tmp_path, "html").read_text()
    assert page.count('<article ') == page.count('<article id="') == 10
    assert page.count(' dir="auto"') == 30  # each post, its meta line and its text
    assert 'lang="ar"' in page and "unicode-bidi:plaintext" in page
    # Our stand-ins are isolates: "[PERSON_2] סיפרה…" is a right-to-left paragraph, the placeholder at its start.
    assert '<div class="text" dir="auto" lang="he"><bdi>[PERSON_' in page
    assert page.count("<bdi>") == page.count("</bdi>") == 3
    manifest_html = (tmp_path / "out.html.manifest.html").read_text()
    assert manifest_html.count("<td") == manifest_html.count('<td dir="auto"')


def test_pdf_paragraph_direction_skips_our_stand_ins() -> None:
    from safe_archive.core.export.formats.base import isolated_text, paragraph_is_rtl

    text = "[PERSON_2] סיפרה לי"
    assert not paragraph_is_rtl(text)  # a plain first-strong rule sees the Latin placeholder
    assert paragraph_is_rtl(isolated_text(text, [(0, 10)]))
    assert isolated_text("a\x00[X]\u2069b", [(2, 5)]) == "a\u2068[X]\u2069b"


def test_pdf_lays_out_right_to_left_and_draws_emoji_and_cjk(mixed: Archive, tmp_path: Path) -> None:
    data = _export(mixed, tmp_path, "pdf").read_bytes()
    text = pdf_text(data)
    flat = text.replace("\n", "")
    # Shaped right-to-left runs are written in visual order: the last word of "מה קרה" first.
    assert "הרק" in flat and "קרה" not in flat
    assert "ةمطاف" not in flat and "PERSON_1" in flat  # Arabic name replaced, placeholder kept
    assert "\u0645\u0627\u062f\u0644\u0627" not in flat  # logical-order Arabic would read like this
    assert "我终于说出来了" in flat and "日本語です" in flat and "한국어" in flat and "नमस्ते" in flat
    assert "👩\u200d👩\u200d👧" in text  # one ZWJ sequence, one glyph
    assert "🏳️\u200d🌈" in text and "💜" in text and "Привет" in flat and "Γειά" in flat
    assert "□" not in text
    for font in (b"NotoSans", b"NotoSansArabic", b"NotoSansHebrew", b"NotoSansCJKSC", b"NotoEmoji",
                 b"NotoSansDevanagari"):
        assert b"+" + font in data


def test_xlsx_is_set_up_for_reading(mixed: Archive, tmp_path: Path) -> None:
    path = _export(mixed, tmp_path, "xlsx")
    ws = load_workbook(path)["posts"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:J11"
    assert ws.column_dimensions["J"].width >= 60 and ws.column_dimensions["A"].width < 10
    assert ws.cell(1, 1).font.b
    assert ws.cell(2, 10).alignment.wrap_text and ws.cell(2, 10).alignment.vertical == "top"
    assert ws.cell(2, 3).is_date and ws.cell(2, 3).value.year == 2017 and ws.cell(2, 3).number_format == "yyyy-mm-dd"
    month = mixed.exporter().export(ExportOptions(format="xlsx", time_precision="month"), tmp_path / "m.xlsx")
    cell = load_workbook(month.files[0])["posts"].cell(2, 3)
    assert cell.is_date and cell.number_format == "yyyy-mm" and (cell.value.year, cell.value.month) == (2017, 10)
    assert len(ws.cell(2, 10).value) == 2000
    assert ws.row_dimensions[2].height >= 15 * 20  # the 2,000 characters are all shown, wrapped
    hebrew = next(r for r in range(2, 12) if ws.cell(r, 5).value == "he")
    assert ws.cell(hebrew, 10).value.startswith("[PERSON_") and ws.cell(hebrew, 10).alignment.readingOrder == 2
    assert ws.cell(2, 10).alignment.readingOrder in (0, None)
    assert "\u2068" not in "".join(str(c.value) for row in ws.iter_rows() for c in row)  # data unchanged


def test_encrypted_manifest_has_no_plaintext_hash_or_clear_query(mixed: Archive, tmp_path: Path) -> None:
    result = mixed.exporter().export(ExportOptions(format="csv", query="workplace", passphrase="pw export"),
                                    tmp_path / "e.csv")
    out = result.files[0]
    plain = age.decrypt(out.read_bytes(), passphrase="pw export")
    raw = result.files[1].read_text() + result.files[2].read_text()
    assert hashlib.sha256(plain).hexdigest() not in raw and "plaintext" not in raw
    assert "workplace" not in raw
    selection = result.manifest["selection"]
    assert selection == {"kind": "query", "searched": "redacted text", "query_hash": keyed_hash(mixed, "workplace")}
    entry = result.manifest["files"][0]
    assert entry == {"name": "e.csv.age", "bytes": out.stat().st_size, "sha256": hashlib.sha256(out.read_bytes()).hexdigest(),
                     "format": "csv", "encrypted": True}
    assert result.files[1].name == "e.csv.age.manifest.json"  # named the same way as the entry
    plain_export = mixed.exporter().export(ExportOptions(format="csv", query="workplace"), tmp_path / "p.csv")
    assert plain_export.manifest["selection"]["query"] == "workplace"


def test_a_file_name_holding_an_identifier_is_refused(mixed: Archive, tmp_path: Path) -> None:
    with pytest.raises(SafeArchiveError, match="file name contains an identifier"):
        mixed.exporter().export(ExportOptions(format="csv"), tmp_path / "writer_two-posts.csv")
    assert list(tmp_path.iterdir()) == []


def test_mixed_exports_read_back(mixed: Archive, tmp_path: Path) -> None:
    for fmt in FORMATS:
        body = contents(_export(mixed, tmp_path / fmt if (tmp_path / fmt).mkdir() is None else tmp_path, fmt))
        assert "Support" in body and "thank you all" in body

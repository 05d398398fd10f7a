"""Plain stories: one .txt, .md or .docx file is one post (how counsellors receive testimony).

The id is a hash of the text, so importing the same file twice adds nothing. Text files must
be UTF-8 (a UTF-16 byte-order mark is honoured); a .docx is read with python-docx after its
unpacked size is checked.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from safe_archive.core.errors import ImportError_, RecordError
from safe_archive.core.importers.base import ImportContext, Importer, ImportItem, register
from safe_archive.core.importers.containers import CONTAINER_ERRORS, zip_names
from safe_archive.core.model import Post

MAX_TEXT_BYTES = 64 * 1024**2
MAX_DOCX_UNPACKED = 512 * 1024**2
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")


def decode_text(data: bytes, label: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise ImportError_(f"{label}: not UTF-8 text. Save it as UTF-8 and import it again.") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _docx_text(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(i.file_size for i in archive.infolist())
    except CONTAINER_ERRORS:
        raise ImportError_(f"{path.name}: not a readable .docx file.") from None
    if unpacked > MAX_DOCX_UNPACKED:
        raise ImportError_(f"{path.name}: the document claims to unpack to {unpacked} bytes; refused.")
    import docx

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - python-docx/lxml raise many unrelated types
        raise ImportError_(f"{path.name}: not a readable .docx file ({type(exc).__name__}).") from None
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(parts)


@register
class TextStoryImporter(Importer):
    name = "text"
    description = "A .txt, .md or .docx file as one story"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> float:
        if path.is_dir():
            return 0.0
        suffix = path.suffix.lower()
        if suffix == ".docx":
            return 0.9 if head.startswith(b"PK") and "word/document.xml" in zip_names(path) else 0.0
        if suffix in TEXT_SUFFIXES:
            return 0.2  # JSON Lines that happen to be named .txt are left to the JSON importers
        return 0.0

    def read(self, path: Path, ctx: ImportContext) -> Iterator[ImportItem]:
        label = path.name
        if path.suffix.lower() == ".docx":
            text = _docx_text(path)
            ctx.on_bytes(path.stat().st_size, path.stat().st_size)
        else:
            with ctx.open_binary(path) as raw:
                data = raw.read(MAX_TEXT_BYTES + 1)
            if len(data) > MAX_TEXT_BYTES:
                raise ImportError_(f"{label}: larger than {MAX_TEXT_BYTES // 1024**2} MB; not one story.")
            text = decode_text(data, label)
        text = text.strip("\n")
        if not text.strip():
            yield RecordError(label, 1, "the file holds no text")
            return
        yield Post(
            platform=ctx.options.platform or "text",
            source_id=Post.content_id("story", text),
            text=text,
            source_file=label,
            kind="story",
            extra={"file_name": label},
        )

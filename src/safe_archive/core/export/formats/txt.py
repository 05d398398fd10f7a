"""A plain-text bundle: a ZIP with one UTF-8 text file per post and an index."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from typing import BinaryIO

from safe_archive.core.export.formats.base import Writer, cell, cleaned, register
from safe_archive.core.export.records import ExportMeta, ExportRecord

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # no local times in the archive entries


def _entry(zf: zipfile.ZipFile, name: str, text: str) -> None:
    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    zf.writestr(info, text.encode("utf-8"))


@register
class TxtBundleWriter(Writer):
    name = "txt"
    extension = ".zip"
    media_type = "application/zip"

    def write(self, records: Sequence[ExportRecord], meta: ExportMeta, out: BinaryIO) -> None:
        records = cleaned(records)
        width = max(4, len(str(len(records))))
        index = [f"{meta.title} — export {meta.export_id}", f"{len(records)} posts, style {meta.style}", ""]
        with zipfile.ZipFile(out, "w") as zf:
            for r in records:
                name = f"posts/{r.number:0{width}d}.txt"
                header = [f"Post: {r.number}", f"Author: {r.author}", f"Date: {r.date}", f"Platform: {r.platform}",
                          f"Language: {r.lang}", f"Kind: {r.kind}"]
                if r.labels:
                    header.append(f"Labels: {cell(r.labels)}")
                if r.tags:
                    header.append(f"Tags: {cell(r.tags)}")
                if r.text_source == "edited":
                    header.append("Text: paraphrased")
                memos = "".join(f"\nMemo: {n}\n" for n in r.notes)
                _entry(zf, name, "\n".join(header) + "\n\n" + r.text + "\n" + memos)
                index.append(f"{name}\t{r.author}\t{r.date}")
            _entry(zf, "index.txt", "\n".join(index) + "\n")

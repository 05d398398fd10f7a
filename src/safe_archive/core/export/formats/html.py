"""A self-contained HTML page (escaped, no scripts, no external resources)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import BinaryIO

from safe_archive.core.export.formats.base import Writer, cell, register
from safe_archive.core.export.records import ExportMeta, ExportRecord

STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;line-height:1.5}"
    "article{border-top:1px solid #ccc;padding:.75rem 0}.meta{color:#555;font-size:.9em}"
    ".text{white-space:pre-wrap}"
)
HEAD = (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
    '<meta name="referrer" content="no-referrer"><title>{title}</title><style>{style}</style></head><body>\n'
)


@register
class HtmlWriter(Writer):
    name = "html"
    extension = ".html"
    media_type = "text/html"

    def write(self, records: Sequence[ExportRecord], meta: ExportMeta, out: BinaryIO) -> None:
        def w(s: str) -> None:
            out.write(s.encode("utf-8"))

        w(HEAD.format(title=escape(meta.title), style=STYLE))
        w(f"<h1>{escape(meta.title)}</h1>\n<p class=\"meta\">Export {escape(meta.export_id)} · "
          f"{len(records)} posts · style {escape(meta.style)}</p>\n")
        for r in records:
            bits = [r.author, r.date, r.platform, r.lang, r.kind]
            meta_line = " · ".join(escape(b) for b in bits if b)
            extra = ""
            if r.labels:
                extra += f" · labels: {escape(cell(r.labels))}"
            if r.tags:
                extra += f" · tags: {escape(cell(r.tags))}"
            if r.text_source == "edited":
                extra += " · paraphrased"
            w(f'<article id="p{r.number}"><div class="meta">#{r.number} · {meta_line}{extra}</div>'
              f'<div class="text">{escape(r.text)}</div></article>\n')
        w("</body></html>\n")

"""A self-contained HTML page (escaped, no scripts, no external resources)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from typing import BinaryIO

from safe_archive.core.export.formats.base import FSI, PDI, Writer, cell, cleaned, register
from safe_archive.core.export.records import ExportMeta, ExportRecord

_LANG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")
# Each post and each line of it takes its direction from its own first strong character
# (dir="auto" + unicode-bidi:plaintext), so Arabic and Hebrew paragraphs run right to left with
# placeholders and hashtags on the right side, whatever the page's direction; our stand-ins are
# <bdi> so a placeholder at the start of a Hebrew line does not make the line left-to-right.
FONTS = ('system-ui,"Noto Sans","Noto Sans Arabic","Noto Sans Hebrew","Noto Sans Devanagari",'
         '"Noto Sans CJK SC","Noto Color Emoji","Apple Color Emoji","Segoe UI Emoji",sans-serif')
STYLE = (
    f"body{{font-family:{FONTS};max-width:50rem;margin:2rem auto;padding:0 1rem;line-height:1.5}}"
    "article{border-top:1px solid #ccc;padding:.75rem 0}.meta{color:#555;font-size:.9em}"
    ".text{white-space:pre-wrap;unicode-bidi:plaintext;overflow-wrap:anywhere}"
    ".memo{white-space:pre-wrap;unicode-bidi:plaintext;color:#444;font-style:italic;margin-top:.3rem}"
)
HEAD = (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
    '<meta name="referrer" content="no-referrer"><title>{title}</title><style>{style}</style></head><body>\n'
)


def _bdi(html_text: str) -> str:
    """Our stand-ins as <bdi> (bidi isolates): a paragraph's direction comes from its words."""
    return html_text.replace(FSI, "<bdi>").replace(PDI, "</bdi>")


def _memos(notes: list[str]) -> str:
    return "".join(f'<div class="memo" dir="auto">Memo: {escape(n)}</div>' for n in notes)


@register
class HtmlWriter(Writer):
    name = "html"
    extension = ".html"
    media_type = "text/html"

    def write(self, records: Sequence[ExportRecord], meta: ExportMeta, out: BinaryIO) -> None:
        def w(s: str) -> None:
            out.write(s.encode("utf-8"))

        records = cleaned(records, isolate=True)
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
            # unknown: lang="" (HTML's "unknown"), not the page's English, which would make a
            # screen reader read an Arabic post with an English voice
            lang = f' lang="{escape(r.lang)}"' if _LANG.fullmatch(r.lang) else ' lang=""'
            w(f'<article id="p{r.number}" dir="auto"><div class="meta" dir="auto">#{r.number} · {meta_line}{extra}</div>'
              f'<div class="text" dir="auto"{lang}>{_bdi(escape(r.text))}</div>{_memos(r.notes)}</article>\n')
        w("</body></html>\n")

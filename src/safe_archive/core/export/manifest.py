"""The manifest written beside every export: JSON for machines, an HTML page for people.

It records what was exported and how — never an identifier: no post text, no handles, no
source ids; free-text fields (the query, a collection name, file names, an override reason)
are withheld when they contain anything the leak check recognises.
"""

from __future__ import annotations

import hashlib
import json
from html import escape
from typing import Any

MANIFEST_VERSION = 1


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def to_json(manifest: dict[str, Any]) -> bytes:
    return (json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")


def _row(key: str, value: Any) -> str:
    if isinstance(value, dict):
        if not value:
            inner = "<em>none</em>"
        else:
            inner = "<table>" + "".join(_row(str(k), v) for k, v in value.items()) + "</table>"
    elif isinstance(value, list):
        if not value:
            inner = "<em>none</em>"
        else:
            inner = "<ul>" + "".join(
                f"<li>{_row_inline(v)}</li>" for v in value
            ) + "</ul>"
    else:
        inner = escape("—" if value is None else str(value))
    return f"<tr><th>{escape(key.replace('_', ' '))}</th><td dir=\"auto\">{inner}</td></tr>"


def _row_inline(value: Any) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{escape(str(k).replace('_', ' '))}: {escape(str(v))}" for k, v in value.items())
    return escape(str(value))


def to_html(manifest: dict[str, Any], json_sha256: str | None = None) -> bytes:
    title = f"Export manifest {manifest.get('export_id', '')}"
    leak = manifest.get("leak_check", {})
    verdict = leak.get("result", "unknown")
    rows = "".join(_row(k, v) for k, v in manifest.items())
    extra = (
        f"<p>SHA-256 of the JSON manifest beside this page: <code>{escape(json_sha256)}</code></p>" if json_sha256 else ""
    )
    page = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>{escape(title)}</title><style>"
        "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
        "table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}"
        "th{background:#f4f4f4;font-weight:600}code{word-break:break-all}"
        "</style></head><body>"
        f"<h1>{escape(title)}</h1>"
        f"<p><strong>Leak check: {escape(str(verdict))}.</strong> "
        f"{escape(str(manifest.get('posts', {}).get('exported', 0)))} posts exported; "
        "the tables below list what was removed, what was left out and why, and the checksum of every file.</p>"
        f"{extra}<table>{rows}</table></body></html>\n"
    )
    return page.encode("utf-8")

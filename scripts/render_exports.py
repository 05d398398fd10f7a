"""Render every export format of the mixed-script fixture archive to images (issue 16).

The archive (tests/export/mixed_fixture.py: English, Arabic, Hebrew, Chinese, Japanese, Korean,
Devanagari, Cyrillic, Greek, emoji and ZWJ sequences, a 2,000-character post) is built in a
temporary folder, exported in every format, and drawn with real readers:

* PDF: ``pdftoppm`` (poppler-utils);
* HTML, the HTML manifest, and the text formats (CSV, JSONL, TXT bundle, the .qdpx project.qde):
  headless Chromium (``apt-get install chromium``);
* XLSX: LibreOffice headless converts it to PDF, then ``pdftoppm``.

Images go to docs/screenshots/exports/ (or --out). A reader that is not installed is reported
and skipped. Usage: ``.venv/bin/python scripts/render_exports.py [--out DIR]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--no-first-run", "--hide-scrollbars")


def _run(cmd: list[str], timeout: float = 180) -> None:
    subprocess.run(cmd, check=True, timeout=timeout, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def pdf_pages(pdf: Path, out: Path, stem: str, pages: int = 2) -> list[Path]:
    _run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", str(pages), str(pdf), str(out / stem)])
    return sorted(out.glob(f"{stem}-*.png"))


def browser_shot(page: Path, png: Path, height: int = 1800, width: int = 1100) -> Path:
    with tempfile.TemporaryDirectory() as profile:
        _run(["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}",
              f"--screenshot={png}", page.as_uri()])
    return png


def qualcoder_page(src: Path, python: str, qdpx: Path, work: Path) -> Path:
    """What QualCoder's importer stored (scripts/check_qdpx_qualcoder.py), as an HTML page."""
    from html import escape  # noqa: PLC0415

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run([python, str(ROOT / "scripts" / "check_qdpx_qualcoder.py"), "--qualcoder", str(src), str(qdpx)],
                         check=True, capture_output=True, text=True, timeout=300, env=env)
    data = json.loads(run.stdout[run.stdout.index("{"):])
    attrs: dict[str, dict[str, str]] = {}
    for name, attr, value in data["file_attributes"]:
        attrs.setdefault(name, {})[attr] = value
    codes: dict[str, list[str]] = {}
    for code, name, _, _ in data["codings"]:
        codes.setdefault(name, []).append(code)
    rows = "".join(f"<tr><td>{escape(c)}</td><td>{escape(', '.join(f))}</td></tr>" for c, f in data["cases"].items())
    files = "".join(
        f"<tr><td>{escape(f['name'])}</td><td>{escape(attrs[f['name']].get('author', ''))}</td>"
        f"<td>{escape(attrs[f['name']].get('language', ''))}</td><td>{escape(attrs[f['name']].get('date', ''))}</td>"
        f"<td>{escape(', '.join(codes.get(f['name'], [])))}</td><td dir=\"auto\">{escape(f['memo'] or '')}</td></tr>"
        for f in data["files"])
    page = work / "qualcoder.html"
    page.write_text(
        '<!DOCTYPE html><meta charset="utf-8"><style>body{font-family:sans-serif;margin:1.5rem}'
        "table{border-collapse:collapse;margin-bottom:1.5rem}td,th{border:1px solid #bbb;padding:.25rem .5rem;"
        "text-align:left;vertical-align:top}th{background:#eee}</style>"
        "<h2>QualCoder's REFI-QDA import of the mixed-script export (its own refi.py, headless)</h2>"
        f"<h3>Cases → files ({len(data['cases'])} cases)</h3><table><tr><th>case</th><th>files</th></tr>{rows}</table>"
        "<h3>Files: attributes, codes, memo</h3><table><tr><th>file</th><th>author</th><th>language</th><th>date</th>"
        f"<th>codes</th><th>memo</th></tr>{files}</table>"
        f"<p>Codes: {escape(', '.join(data['codes']))}. Journals: {data['journals']}, annotations: {data['annotations']}.</p>",
        encoding="utf-8")
    return page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots" / "exports")
    parser.add_argument("--qualcoder", type=Path, help="QualCoder's src folder: also show what its importer makes of the .qdpx")
    parser.add_argument("--qualcoder-python", default="python3", help="a Python with PyQt6, pymupdf and Pillow")
    args = parser.parse_args()
    from safe_archive.core.export.exporter import Exporter  # noqa: PLC0415
    from safe_archive.core.export.formats import available  # noqa: PLC0415
    from safe_archive.core.export.records import ExportOptions  # noqa: PLC0415
    from tests.export import mixed_fixture  # noqa: PLC0415

    args.out.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        archive = mixed_fixture.build(work / "archive")
        try:
            files = {}
            for fmt in sorted(available()):
                result = archive.exporter().export(ExportOptions(format=fmt, include_notes=fmt == "qdpx"),
                                                  work / f"mixed.{fmt}")
                files[fmt] = result.files
        finally:
            archive.close()
        have = {tool: shutil.which(tool) is not None for tool in ("pdftoppm", "chromium", "soffice")}
        if have["pdftoppm"]:
            made += pdf_pages(files["pdf"][0], args.out, "pdf")
        if have["chromium"]:
            made.append(browser_shot(files["html"][0], args.out / "html.png", height=2400))
            made.append(browser_shot(files["html"][2], args.out / "manifest-html.png", height=1400))
            texts = {"csv": files["csv"][0], "jsonl": files["jsonl"][0]}
            with zipfile.ZipFile(files["txt"][0]) as zf:
                (work / "txt-post-3.txt").write_bytes(zf.read(sorted(n for n in zf.namelist() if n.startswith("posts/"))[2]))
            with zipfile.ZipFile(files["qdpx"][0]) as zf:
                (work / "qdpx-project.qde.txt").write_bytes(zf.read("project.qde"))
            texts["txt"] = work / "txt-post-3.txt"
            texts["qdpx"] = work / "qdpx-project.qde.txt"
            if args.qualcoder:
                page = qualcoder_page(args.qualcoder, args.qualcoder_python, files["qdpx"][0], work)
                made.append(browser_shot(page, args.out / "qdpx-in-qualcoder.png", height=1300))
            for fmt, path in texts.items():
                shown = work / f"shown-{fmt}.txt"  # Chromium shows .txt as text (UTF-8 with a BOM)
                shown.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
                made.append(browser_shot(shown, args.out / f"{fmt}.png", height=900, width=1400))
        if have["soffice"] and have["pdftoppm"]:
            sheet = work / "xlsx-as-pdf"
            with tempfile.TemporaryDirectory() as profile:
                _run(["soffice", f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--convert-to", "pdf",
                      "--outdir", str(sheet), str(files["xlsx"][0])], timeout=300)
            made += pdf_pages(sheet / "mixed.pdf", args.out, "xlsx", pages=2)
        for tool, ok in have.items():
            if not ok:
                print(f"{tool} is not installed: its images were skipped")
    for png in made:
        print(png.relative_to(ROOT) if png.is_relative_to(ROOT) else png)


if __name__ == "__main__":
    main()

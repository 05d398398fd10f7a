"""REFI-QDA project exchange (.qdpx): a ZIP with ``project.qde`` and ``sources/<GUID>.txt``.

Namespace ``urn:QDA-XML:project:1.0``; validates against Project-mrt2019.xsd. Posts are text
sources (UTF-8, "\\n" line ends, no BOM), pseudonymous authors are cases, platform, date and
language are variables on each source, tags are codes applied to the whole text. GUIDs are
fresh per export, so two exports cannot be linked through them.
"""

from __future__ import annotations

import uuid
import zipfile
from collections.abc import Sequence
from typing import BinaryIO
from xml.etree import ElementTree as ET

from safe_archive import __version__
from safe_archive.core.export.formats.base import Writer, register
from safe_archive.core.export.records import ExportMeta, ExportRecord

NS = "urn:QDA-XML:project:1.0"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NS} http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")


def _guid() -> str:
    return str(uuid.uuid4())


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _xml_text(text: str) -> str:
    """Only characters XML 1.0 allows."""
    return "".join(
        ch if ch in "\t\n\r" or 0x20 <= ord(ch) <= 0xD7FF or 0xE000 <= ord(ch) <= 0xFFFD or ord(ch) >= 0x10000 else "\ufffd"
        for ch in text
    )


def source_text(record: ExportRecord) -> str:
    return _xml_text(record.text.replace("\r\n", "\n").replace("\r", "\n"))


@register
class QdpxWriter(Writer):
    name = "qdpx"
    extension = ".qdpx"
    media_type = "application/zip"

    def write(self, records: Sequence[ExportRecord], meta: ExportMeta, out: BinaryIO) -> None:
        ET.register_namespace("", NS)
        ET.register_namespace("xsi", XSI)
        created = meta.created.strftime("%Y-%m-%dT%H:%M:%SZ")
        user = _guid()
        project = ET.Element(_q("Project"), {
            "name": meta.title, "origin": f"SafeArchive {__version__}", "creatingUserGUID": user,
            "creationDateTime": created, f"{{{XSI}}}schemaLocation": SCHEMA_LOCATION,
        })
        users = ET.SubElement(project, _q("Users"))
        ET.SubElement(users, _q("User"), {"guid": user, "name": "SafeArchive export"})

        tags = sorted({t for r in records for t in r.tags})
        code_guid = {t: _guid() for t in tags}
        if tags:
            codebook = ET.SubElement(project, _q("CodeBook"))
            codes = ET.SubElement(codebook, _q("Codes"))
            for i, tag in enumerate(tags):
                ET.SubElement(codes, _q("Code"), {
                    "guid": code_guid[tag], "name": tag, "isCodable": "true", "color": _COLORS[i % len(_COLORS)],
                })
        var_guid = {name: _guid() for name in ("platform", "date", "language")}
        variables = ET.SubElement(project, _q("Variables"))
        for name, guid in var_guid.items():
            ET.SubElement(variables, _q("Variable"), {"guid": guid, "name": name, "typeOfVariable": "Text"})

        source_guid = {r.number: _guid() for r in records}
        authors: dict[str, list[int]] = {}
        for r in records:
            authors.setdefault(r.author or "unknown author", []).append(r.number)
        if authors:
            cases = ET.SubElement(project, _q("Cases"))
            for author, numbers in authors.items():
                case = ET.SubElement(cases, _q("Case"), {"guid": _guid(), "name": author})
                for n in numbers:
                    ET.SubElement(case, _q("SourceRef"), {"targetGUID": source_guid[n]})

        files: list[tuple[str, str]] = []
        if records:
            sources = ET.SubElement(project, _q("Sources"))
            width = max(4, len(str(len(records))))
            for r in records:
                guid = source_guid[r.number]
                text = source_text(r)
                files.append((f"sources/{guid}.txt", text))
                src = ET.SubElement(sources, _q("TextSource"), {
                    "guid": guid, "name": f"Post {r.number:0{width}d}", "plainTextPath": f"internal://{guid}.txt",
                    "creatingUser": user, "creationDateTime": created,
                })
                if r.tags and text:
                    sel = ET.SubElement(src, _q("PlainTextSelection"), {
                        "guid": _guid(), "name": f"Post {r.number:0{width}d}", "startPosition": "0",
                        "endPosition": str(len(text)), "creatingUser": user, "creationDateTime": created,
                    })
                    for tag in r.tags:
                        coding = ET.SubElement(sel, _q("Coding"), {"guid": _guid(), "creatingUser": user,
                                                                     "creationDateTime": created})
                        ET.SubElement(coding, _q("CodeRef"), {"targetGUID": code_guid[tag]})
                for name, value in (("platform", r.platform), ("date", r.date), ("language", r.lang)):
                    vv = ET.SubElement(src, _q("VariableValue"))
                    ET.SubElement(vv, _q("VariableRef"), {"targetGUID": var_guid[name]})
                    ET.SubElement(vv, _q("TextValue")).text = _xml_text(value)
        ET.SubElement(project, _q("Description")).text = (
            f"Redacted export {meta.export_id} ({meta.style} style); authors are pseudonyms."
        )
        body = ET.tostring(project, encoding="utf-8", xml_declaration=True)
        with zipfile.ZipFile(out, "w") as zf:
            info = zipfile.ZipInfo("project.qde", date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, body)
            for name, text in files:
                info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, text.encode("utf-8"))

"""REFI-QDA project exchange (.qdpx): a ZIP with ``project.qde`` and ``sources/<GUID>.txt``.

Namespace ``urn:QDA-XML:project:1.0``; validates against Project-mrt2019.xsd. Posts are text
sources (UTF-8, "\\n" line ends, no BOM). Each pseudonymous author is linked to its posts in
every way the QDA tools read:

* a ``Case`` per author with a ``SourceRef`` to each of its posts (the standard's link, read by
  ATLAS.ti and MAXQDA);
* a code with the *same GUID* as the case, applied to the whole text of each of its posts (how
  NVivo writes cases; QualCoder's importer turns such codes into case-linked text, which is the
  only way its cases get sources);
* an ``author`` variable on every source (a document variable / file attribute everywhere).

Tags are codes, consent and handling labels are codes named ``label: …`` (and a ``labels``
variable), all applied to the whole text. Reviewers' notes, when the export includes them, are
the source's ``Description`` (QualCoder's file memo, NVivo's and MAXQDA's document memo) and a
``Note`` the source points to with a ``NoteRef`` (ATLAS.ti's memo). Every attribute and text is
filtered to the characters XML 1.0 allows. GUIDs are fresh per export, so two exports cannot be
linked through them.
"""

from __future__ import annotations

import uuid
import zipfile
from collections.abc import Mapping, Sequence
from typing import BinaryIO
from xml.etree import ElementTree as ET

from safe_archive import __version__
from safe_archive.core.export.formats.base import Writer, cleaned, register
from safe_archive.core.export.records import ExportMeta, ExportRecord

NS = "urn:QDA-XML:project:1.0"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NS} http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")
_CASE_COLOR = "#606060"
VARIABLES = ("author", "platform", "date", "language", "labels")


def _guid() -> str:
    return str(uuid.uuid4())


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _xml_text(text: str) -> str:
    """Only the characters XML 1.0 allows (others dropped)."""
    return "".join(
        ch for ch in text
        if ch in "\t\n\r" or 0x20 <= ord(ch) <= 0xD7FF or 0xE000 <= ord(ch) <= 0xFFFD or ord(ch) >= 0x10000
    )


def _el(parent: ET.Element, tag: str, attrs: Mapping[str, str] | None = None, text: str | None = None) -> ET.Element:
    """A child element whose every attribute value and text is XML-safe."""
    el = ET.SubElement(parent, _q(tag), {k: _xml_text(v) for k, v in (attrs or {}).items()})
    if text is not None:
        el.text = _xml_text(text)
    return el


def source_text(record: ExportRecord) -> str:
    return _xml_text(record.text.replace("\r\n", "\n").replace("\r", "\n"))


def label_code(label: str) -> str:
    """``embargo-until:2030-01-01`` -> ``label: embargo-until`` (the value goes in the variable)."""
    return "label: " + label.split(":", 1)[0]


class _Codes:
    def __init__(self) -> None:
        self.guid: dict[str, str] = {}

    def add(self, name: str, guid: str | None = None) -> str:
        return self.guid.setdefault(name, guid or _guid())


@register
class QdpxWriter(Writer):
    name = "qdpx"
    extension = ".qdpx"
    media_type = "application/zip"

    def write(self, records: Sequence[ExportRecord], meta: ExportMeta, out: BinaryIO) -> None:
        records = cleaned(records)
        ET.register_namespace("", NS)
        ET.register_namespace("xsi", XSI)
        created = meta.created.strftime("%Y-%m-%dT%H:%M:%SZ")
        user = _guid()
        stamp = {"creatingUser": user, "creationDateTime": created}
        project = ET.Element(_q("Project"), {
            "name": _xml_text(meta.title), "origin": f"SafeArchive {__version__}", "creatingUserGUID": user,
            "creationDateTime": created, f"{{{XSI}}}schemaLocation": SCHEMA_LOCATION,
        })
        users = _el(project, "Users")
        _el(users, "User", {"guid": user, "name": "SafeArchive export"})

        authors: dict[str, list[ExportRecord]] = {}
        for r in records:
            authors.setdefault(r.author or "unknown author", []).append(r)
        case_guid = {a: _guid() for a in authors}
        tags, labels = _Codes(), _Codes()
        for t in sorted({t for r in records for t in r.tags}):
            tags.add(t)
        for lab in sorted({label_code(v) for r in records for v in r.labels}):
            labels.add(lab)
        if records:
            codes = _el(_el(project, "CodeBook"), "Codes")
            names = [*tags.guid.items(), *labels.guid.items()]
            for i, (name, guid) in enumerate(names):
                _el(codes, "Code", {"guid": guid, "name": name, "isCodable": "true", "color": _COLORS[i % len(_COLORS)]})
            for author, guid in case_guid.items():
                code = _el(codes, "Code", {"guid": guid, "name": author, "isCodable": "true", "color": _CASE_COLOR})
                _el(code, "Description", text="Case (pseudonymous author): the whole text of each of its posts.")
        var_guid = {name: _guid() for name in VARIABLES}
        variables = _el(project, "Variables")
        for name, guid in var_guid.items():
            _el(variables, "Variable", {"guid": guid, "name": name, "typeOfVariable": "Text"})

        source_guid = {r.number: _guid() for r in records}
        if authors:
            cases = _el(project, "Cases")
            for author, posts in authors.items():
                case = _el(cases, "Case", {"guid": case_guid[author], "name": author})
                _el(case, "Description", text=f"Pseudonymous author of {len(posts)} exported post(s).")
                for r in posts:
                    _el(case, "SourceRef", {"targetGUID": source_guid[r.number]})

        files: list[tuple[str, str]] = []
        note_items: list[tuple[str, str, str]] = []  # guid, name, text
        if records:
            sources = _el(project, "Sources")
            width = max(4, len(str(len(records))))
            for r in records:
                guid = source_guid[r.number]
                title = f"Post {r.number:0{width}d}"
                text = source_text(r)
                files.append((f"sources/{guid}.txt", text))
                src = _el(sources, "TextSource", {"guid": guid, "name": title, "plainTextPath": f"internal://{guid}.txt",
                                                  **stamp})
                if r.notes:
                    _el(src, "Description", text="\n\n".join(r.notes))
                sel = _el(src, "PlainTextSelection", {"guid": _guid(), "name": title, "startPosition": "0",
                                                      "endPosition": str(len(text)), **stamp})
                targets = [tags.guid[t] for t in r.tags]
                targets += list(dict.fromkeys(labels.guid[label_code(v)] for v in r.labels))
                targets.append(case_guid[r.author or "unknown author"])
                for target in targets:
                    coding = _el(sel, "Coding", {"guid": _guid(), **stamp})
                    _el(coding, "CodeRef", {"targetGUID": target})
                for i, note in enumerate(r.notes, 1):
                    note_guid = _guid()
                    note_items.append((note_guid, f"Memo {i} on {title}", note))
                    _el(src, "NoteRef", {"targetGUID": note_guid})
                values = (("author", r.author or "unknown author"), ("platform", r.platform), ("date", r.date),
                          ("language", r.lang), ("labels", "; ".join(r.labels)))
                for name, value in values:
                    vv = _el(src, "VariableValue")
                    _el(vv, "VariableRef", {"targetGUID": var_guid[name]})
                    _el(vv, "TextValue", text=value)
        if note_items:
            notes = _el(project, "Notes")
            for guid, name, text in note_items:
                note_el = _el(notes, "Note", {"guid": guid, "name": name, **stamp})
                _el(note_el, "PlainTextContent", text=text)
        _el(project, "Description",
            text=f"Redacted export {meta.export_id} ({meta.style} style); authors are pseudonyms.")
        body = ET.tostring(project, encoding="utf-8", xml_declaration=True)
        with zipfile.ZipFile(out, "w") as zf:
            info = zipfile.ZipInfo("project.qde", date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, body)
            for name, text in files:
                info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, text.encode("utf-8"))

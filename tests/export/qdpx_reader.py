"""A small REFI-QDA reader for tests: reads a .qdpx the way QualCoder's importer links things.

Cases get their sources through codes whose GUID equals the case's (NVivo's way, the only one
QualCoder reads) and, separately, through ``SourceRef`` (ATLAS.ti, MAXQDA); memos are the
``Description`` of a source and the ``Note``s it refers to.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

NS = "{urn:QDA-XML:project:1.0}"


@dataclass
class Project:
    qde: bytes
    texts: dict[str, str] = field(default_factory=dict)  # source name -> text
    codes: dict[str, str] = field(default_factory=dict)  # guid -> name
    case_sources_by_coding: dict[str, set[str]] = field(default_factory=dict)  # case name -> source names
    case_sources_by_ref: dict[str, set[str]] = field(default_factory=dict)
    source_codes: dict[str, set[str]] = field(default_factory=dict)  # source name -> code names
    variables: dict[str, dict[str, str]] = field(default_factory=dict)  # source name -> {var: value}
    memos: dict[str, str] = field(default_factory=dict)  # source name -> Description
    notes: dict[str, list[str]] = field(default_factory=dict)  # source name -> Note texts


def read(path: Path) -> Project:
    with zipfile.ZipFile(path) as zf:
        qde = zf.read("project.qde")
        root = ET.fromstring(qde)
        project = Project(qde)
        for code in root.iter(f"{NS}Code"):
            project.codes[code.get("guid", "")] = code.get("name", "")
        var_names = {v.get("guid"): v.get("name", "") for v in root.iter(f"{NS}Variable")}
        notes = {n.get("guid"): (n.findtext(f"{NS}PlainTextContent") or "") for n in root.iter(f"{NS}Note")}
        cases = {c.get("guid"): c for c in root.iter(f"{NS}Case")}
        guid_name: dict[str, str] = {}
        for src in root.iter(f"{NS}TextSource"):
            name = src.get("name", "")
            guid_name[src.get("guid", "")] = name
            project.texts[name] = zf.read("sources/" + src.get("plainTextPath", "").removeprefix("internal://")).decode()
            project.memos[name] = src.findtext(f"{NS}Description") or ""
            project.notes[name] = [notes[r.get("targetGUID")] for r in src.findall(f"{NS}NoteRef")]
            project.variables[name] = {
                var_names[vv.find(f"{NS}VariableRef").get("targetGUID")]: vv.findtext(f"{NS}TextValue") or ""  # type: ignore[union-attr]
                for vv in src.findall(f"{NS}VariableValue")
            }
            for sel in src.findall(f"{NS}PlainTextSelection"):
                for ref in sel.iter(f"{NS}CodeRef"):
                    target = ref.get("targetGUID", "")
                    if target in cases:
                        project.case_sources_by_coding.setdefault(cases[target].get("name", ""), set()).add(name)
                    else:
                        project.source_codes.setdefault(name, set()).add(project.codes[target])
        for case in cases.values():
            project.case_sources_by_ref[case.get("name", "")] = {
                guid_name[r.get("targetGUID", "")] for r in case.findall(f"{NS}SourceRef")}
    return project

"""Reviewers' notes in an export compare a detected name with the kept and rejected terms by
the one canonical form, as the post's own text does (issue 14): a credited author's name or a
rejected term written otherwise in a note is not treated as another name."""

from __future__ import annotations

import json
from pathlib import Path

from safe_archive.core.export.records import ExportOptions
from tests.export.helpers import add_post, fake_detector, new_archive


def test_notes_keep_credited_and_rejected_terms_in_any_disguise(tmp_path: Path) -> None:
    archive = new_archive(tmp_path / "a")
    try:
        credited = add_post(archive, "I am Rosalind Quist and I speak for myself", handle="rosalindq",
                            name="Rosalind Quist", find=[("Rosalind Quist", "PERSON")])
        archive.review.set_label([credited], "credit-me")
        archive.review.add_note(credited, "Rosalind_Quist asked to be named")
        other = add_post(archive, "Victor Zell was not there", handle="ally",
                         find=[("Victor Zell", "PERSON", "rejected")])
        archive.review.add_note(other, "VictorZell is a public figure, not a person to hide")
        detector = fake_detector(["Rosalind_Quist", "VictorZell"])
        out = tmp_path / "n.jsonl"
        archive.exporter(detector, detector_name="fake").export(ExportOptions(format="jsonl", include_notes=True), out)
        rows = {row["text"]: row for row in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
        assert rows["I am Rosalind Quist and I speak for myself"]["notes"] == ["Rosalind_Quist asked to be named"]
        assert rows["Victor Zell was not there"]["notes"] == ["VictorZell is a public figure, not a person to hide"]
    finally:
        archive.close()

"""Exports honour the scrub policy's generalize action (placeholder and surrogate styles):
quasi-identifiers come out as the archive's own coarser truth, not as [AGE_1]."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safe_archive.core.archive import Archive
from safe_archive.core.scrubbing.service import ArchiveScrubber
from safe_archive.core.export.exporter import Exporter
from safe_archive.core.export.records import ExportOptions
from safe_archive.core.redaction.render import Redactor, contains_original
from safe_archive.core.redaction.spans import Span
from safe_archive.core.review.review import Review
from safe_archive.core.scrub.generalize import generalize
from tests.export.helpers import add_post, fake_detector, new_archive

TEXT = "Zelda hurt me when I was 13, in Tempe on March 3, 2019, at Desert Vista High."
FIND = [("Zelda", "PERSON"), ("13", "AGE"), ("Tempe", "LOCATION"), ("March 3, 2019", "DATE"),
        ("Desert Vista High", "SCHOOL")]
ORIGINALS = ("Zelda", "13", "Tempe", "March 3, 2019", "Desert Vista High")


@pytest.fixture
def archive(tmp_path: Path):  # type: ignore[no-untyped-def]
    arch = new_archive(tmp_path / "a")
    yield arch
    arch.close()


def _export(archive: Archive, tmp_path: Path, name: str, **kw: object) -> tuple[list[dict[str, object]], dict]:  # type: ignore[type-arg]
    detector = fake_detector(["Zelda", "Tempe", "Desert", "Vista"])  # would flag any original that survived
    result = archive.exporter(detector, detector_name="fake").export(
        ExportOptions(format="jsonl", **kw), tmp_path / name)  # type: ignore[arg-type]
    rows = [json.loads(line) for line in (tmp_path / name).read_text(encoding="utf-8").splitlines()]
    return rows, result.manifest


def test_placeholder_export_shows_the_policys_generalisation(archive: Archive, tmp_path: Path) -> None:
    pid = add_post(archive, TEXT, find=FIND)
    rows, manifest = _export(archive, tmp_path, "p.jsonl")
    text = str(rows[0]["text"])
    assert text == ("[PERSON_1] hurt me when I was [age 12–14], in [Arizona] on [March 2019], "
                    "at [a high school].")
    assert "[AGE_" not in text and "[LOCATION_" not in text
    for original in ORIGINALS:
        assert original not in text
    assert manifest["leak_check"]["result"] == "passed"
    assert manifest["redaction"]["generalized"]["entity_types"] == [
        "AGE", "DATE", "LOCATION", "ORGANIZATION", "SCHOOL", "WORKPLACE"]
    assert manifest["generalized_by_entity_type"] == {"AGE": 1, "DATE": 1, "LOCATION": 1, "SCHOOL": 1}
    assert manifest["redacted_by_entity_type"]["PERSON"] == 1
    # The same generalisations as the archive's own redacted text (one policy, one function).
    archive.scrubber().rerender([pid])
    own = archive.get_post(pid).redacted_text or ""
    for part in ("[age 12–14]", "[Arizona]", "[March 2019]", "[a high school]"):
        assert part in own and part in text


def test_surrogate_export_generalises_too(archive: Archive, tmp_path: Path) -> None:
    add_post(archive, TEXT, find=FIND)
    rows, manifest = _export(archive, tmp_path, "s.jsonl", style="surrogate")
    text = str(rows[0]["text"])
    assert "[age 12–14]" in text and "[Arizona]" in text and "[March 2019]" in text and "[a high school]" in text
    assert not text.startswith("Zelda") and not text.startswith("[")  # the person gets a realistic stand-in
    assert manifest["leak_check"]["result"] == "passed"


@pytest.mark.parametrize("style", ["redact", "mask"])
def test_redact_and_mask_do_not_generalise(archive: Archive, tmp_path: Path, style: str) -> None:
    add_post(archive, TEXT, find=FIND)
    rows, manifest = _export(archive, tmp_path, f"{style}.jsonl", style=style)
    text = str(rows[0]["text"])
    assert "Arizona" not in text and "age 12" not in text and "2019" not in text and "high school" not in text
    for original in ORIGINALS:
        assert original not in text
    assert manifest["redaction"]["generalized"]["entity_types"] == []
    assert manifest["generalized_by_entity_type"] == {}


def test_a_generalisation_that_contains_the_original_is_not_used(archive: Archive, tmp_path: Path) -> None:
    # "2019" -> "[2019]" and "March 2019" -> "[March 2019]" would still show the original value;
    # an age at the end of its band ("12" -> "[age 12–14]") does not: the band stands for 12-14 alike.
    add_post(archive, "I was 12 in 2019, he was 13 and it was March 2019 when I turned 15",
             find=[("12", "AGE"), ("2019", "DATE"), ("13", "AGE"), ("March 2019", "DATE"), ("15", "AGE")])
    rows, manifest = _export(archive, tmp_path, "f.jsonl")
    assert rows[0]["text"] == ("I was [age 12–14] in [DATE_1], he was [age 12–14] and it was [DATE_2] "
                               "when I turned [age 15–17]")
    assert manifest["generalized_by_entity_type"] == {"AGE": 3}
    assert manifest["leak_check"]["result"] == "passed"
    assert contains_original("[2019]", "2019") and contains_original("[March 2019]", "march  2019")
    assert not contains_original("[March 2019]", "March 3, 2019")
    assert not contains_original("[age 12–14]", "12") and not contains_original("[age 12–14]", "14")
    assert contains_original("[age 12 or so]", "12")


def test_generalisation_follows_the_archives_policy(archive: Archive, tmp_path: Path) -> None:
    add_post(archive, TEXT, find=FIND)
    scrubber = archive.scrubber()
    scrubber.set_policy(scrubber.policy()[1].with_rule("AGE", "placeholder").with_rule("LOCATION", "pseudonym"))
    rows, manifest = _export(archive, tmp_path, "pol.jsonl")
    text = str(rows[0]["text"])
    assert "[AGE_1]" in text and "[LOCATION_1]" in text
    assert "[March 2019]" in text and "[a high school]" in text
    assert "AGE" not in manifest["redaction"]["generalized"]["entity_types"]


def test_remove_location_posts_get_no_region(archive: Archive, tmp_path: Path) -> None:
    pid = add_post(archive, TEXT, find=FIND)
    archive.review.set_label([pid], "remove-location")
    rows, _ = _export(archive, tmp_path, "rl.jsonl")
    text = str(rows[0]["text"])
    assert "[LOCATION_1]" in text and "Arizona" not in text
    assert "[age 12–14]" in text  # other types are still generalised


def test_redactor_uses_the_generalizer_only_for_policy_types() -> None:
    text = "Ann, 13, from Leeds"
    spans = [Span(0, 3, "PERSON", "ann"), Span(5, 7, "AGE", "13"), Span(14, 19, "LOCATION", "leeds")]
    r = Redactor("placeholder", generalize=generalize, generalized_types={"AGE"}).render(text, spans)
    assert r.text == "[PERSON_1], [age 12–14], from [LOCATION_1]"
    assert r.generalized == {"AGE": 1} and r.counts["AGE"] == 1
    assert [r.text[a:b] for a, b in r.inserted] == ["[PERSON_1]", "[age 12–14]", "[LOCATION_1]"]
    plain = Redactor("redact", generalize=generalize, generalized_types={"AGE"}).render(text, spans)
    assert plain.text == "[REDACTED], [REDACTED], from [REDACTED]"

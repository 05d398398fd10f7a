"""Exports: planted identifiers never leave (all formats and styles, manifests included),
exclusions, redaction styles, leak check, manifest, REFI-QDA schema, age encryption."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pyrage
import pytest
import xmlschema
from openpyxl import load_workbook

from safe_archive.core.archive import Archive
from safe_archive.core.errors import ExportBlocked, SafeArchiveError
from safe_archive.core.export import encrypt as age
from safe_archive.core.export.exporter import Exporter
from safe_archive.core.export.formats import available
from safe_archive.core.export.records import ExportOptions
from safe_archive.core.redaction.render import STYLES, Redactor
from safe_archive.core.redaction.spans import Span
from safe_archive.core.model import Mention, Visibility
from safe_archive.core.review.collections import Collections
from safe_archive.core.review.review import Review
from tests.export.helpers import add_post, fake_detector, new_archive
from tests.export.pdftext import pdf_text
from tests.dbutil import sql

XSD = Path(__file__).resolve().parents[3] / "shared" / "formats" / "refi-qda" / "Project-mrt2019.xsd"
if not XSD.exists():
    XSD = Path("/work/shared/formats/refi-qda/Project-mrt2019.xsd")

PLANTED = [
    "Zelda", "Quarrington", "zelda.q@plantmail.com", "plantmail", "+44 7700 900123", "900123",
    "https://plant.example/zq", "plant.example", "mentionedcanary", "plantedhandle1", "Ottoline",
    "Vexworth", "authid4242canary", "srcid778canary", "Menty", "Canaryson", "mentid5151canary",
    "Oswaldine", "Pinecrest", "secondhandlecanary", "Carlotta", "Dolorosa", "Ermintrude",
    "Fenwickia", "Gundersnap", "Hildeberta", "Ignatia", "Jubilina",
]
FORMATS = sorted(available())


def _dt(y: int, m: int = 3, d: int = 4) -> datetime:
    return datetime(y, m, d, 12, 30, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    archive = new_archive(Path(tmp_path_factory.mktemp("planted")) / "a")
    ids: dict[str, int] = {}
    ids["p1"] = add_post(
        archive,
        "Zelda Quarrington assaulted me at Pinecrest Academy when I was thirteen. Email "
        "zelda.q@plantmail.com or call +44 7700 900123. See https://plant.example/zq @mentionedcanary",
        find=[("Zelda Quarrington", "PERSON"), ("zelda.q@plantmail.com", "EMAIL_ADDRESS"),
              ("+44 7700 900123", "PHONE_NUMBER"), ("https://plant.example/zq", "URL"),
              ("@mentionedcanary", "USERNAME")],
        handle="plantedhandle1", name="Ottoline Vexworth", author_id="authid4242canary", source_id="srcid778canary",
        mentions=[Mention(handle="mentionedcanary", name="Menty Canaryson", user_id="mentid5151canary")],
        created=_dt(2017, 10, 16),
    )
    ids["p2"] = add_post(archive, "Oswaldine was there too, thirteen years ago 😀 🏳️‍🌈 中文",
                         find=[("Oswaldine", "PERSON")], handle="secondhandlecanary", created=_dt(2018))
    ids["pending"] = add_post(archive, "Carlotta did it, thirteen", find=[("Carlotta", "PERSON", "pending")])
    ids["dne"] = add_post(archive, "Dolorosa thirteen", handle="Dolorosa")
    ids["withdrawn"] = add_post(archive, "Ermintrude thirteen", handle="Ermintrude")
    ids["embargo"] = add_post(archive, "Fenwickia thirteen", handle="Fenwickia")
    ids["expired"] = add_post(archive, "Gundersnap thirteen", handle="Gundersnap")
    ids["needs_para"] = add_post(archive, "Hildeberta thirteen", handle="Hildeberta")
    ids["para"] = add_post(archive, "Oswaldine told me everything at thirteen, verbatim words here",
                           find=[("Oswaldine", "PERSON")], handle="paraauthor")
    ids["unscrubbed"] = add_post(archive, "Ignatia thirteen", handle="Ignatia", scrubbed=False)
    ids["semi"] = add_post(archive, "A semi-private thirteen note", handle="semiauthor",
                           visibility=Visibility.UNKNOWN, created=_dt(2019, 7, 8))
    ids["ok_name_author"] = add_post(archive, "Jubilina wrote about thirteen", handle="jubi",
                                     find=[("Jubilina", "PERSON")])
    rv = archive.review
    rv.add_term("Pinecrest Academy", "always", "ORGANIZATION")
    rv.set_label([ids["dne"]], "do-not-export")
    rv.set_label([ids["withdrawn"]], "consent-withdrawn")
    rv.set_label([ids["embargo"]], "embargo-until", "2099-01-01")
    rv.set_label([ids["expired"]], "expire-after", "2000-01-01")
    rv.set_label([ids["needs_para"], ids["para"]], "paraphrase-before-quoting")
    rv.set_edited_text(ids["para"], "A person said Oswaldine explained it all, at thirteen.")
    rv.set_label([ids["semi"]], "semi-private")
    rv.add_tag([ids["p1"], ids["p2"]], "school")
    rv.add_tag([ids["p2"]], "family")
    archive.ids = ids  # type: ignore[attr-defined]
    yield archive
    archive.close()


def contents(path: Path, *, passphrase: str | None = None) -> str:
    """Every piece of text a reader could get out of an export file."""
    data = path.read_bytes()
    name = path.name
    if name.endswith(".age"):
        data = age.decrypt(data, passphrase=passphrase)
        name = name[: -len(".age")]
    if name.endswith(".pdf"):
        return pdf_text(data)
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "\n".join(zf.read(n).decode("utf-8") for n in zf.namelist())
    return data.decode("utf-8")


def assert_nothing_planted(text: str, where: str) -> None:
    low = text.casefold()
    squeezed = "".join(low.split())
    for value in PLANTED:
        v = value.casefold()
        assert v not in low and "".join(v.split()) not in squeezed, f"{where}: a planted identifier leaked"


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_no_planted_identifier_in_any_file(planted: Archive, tmp_path: Path, fmt: str, style: str) -> None:
    result = planted.exporter().export(ExportOptions(format=fmt, style=style), tmp_path / f"out.{fmt}")
    assert result.exported == 5
    assert len(result.files) == 3 and all(f.exists() for f in result.files)
    for f in result.files:
        text = contents(f)
        assert_nothing_planted(text, f"{fmt}/{style}/{f.name}")
    body = contents(result.files[0])
    assert "thirteen" in body  # the check can fail: exported text is really read back
    assert "AUTHOR_1" in body or fmt == "pdf" and "AUTHOR" in body


def test_planted_identifiers_absent_from_encrypted_export(planted: Archive, tmp_path: Path) -> None:
    result = planted.exporter().export(ExportOptions(format="jsonl", passphrase="export pw"), tmp_path / "out.jsonl")
    assert result.files[0].name == "out.jsonl.age"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "out.jsonl.age", "out.jsonl.age.manifest.html", "out.jsonl.age.manifest.json"]
    raw = result.files[0].read_bytes()
    assert raw.startswith(b"age-encryption.org/v1") and b"thirteen" not in raw
    text = contents(result.files[0], passphrase="export pw")
    assert "thirteen" in text
    assert_nothing_planted(text, "age")


def test_exclusions_are_counted_and_can_be_included(planted: Archive, tmp_path: Path) -> None:
    result = planted.exporter().export(ExportOptions(format="jsonl"), tmp_path / "a.jsonl")
    assert result.excluded == {"pending": 1, "do-not-export": 1, "consent-withdrawn": 1, "embargo": 1,
                               "expired": 1, "needs-paraphrase": 1, "unscrubbed": 1}
    assert result.manifest["posts"]["excluded"] == result.excluded
    assert result.manifest["posts"]["selected"] == 12
    more = planted.exporter().export(
        ExportOptions(format="jsonl", include=frozenset({"pending"})), tmp_path / "b.jsonl")
    assert more.exported == 6 and "pending" not in more.excluded
    assert more.manifest["posts"]["included_despite"] == {"pending": 1}
    rows = [json.loads(line) for line in (tmp_path / "b.jsonl").read_text().splitlines()]
    assert any("[PERSON_" in r["text"] and "did it" in r["text"] for r in rows)  # pending is still redacted


def test_minimised_metadata_and_paraphrase(planted: Archive, tmp_path: Path) -> None:
    result = planted.exporter().export(ExportOptions(format="jsonl", time_precision="month"), tmp_path / "a.jsonl")
    rows = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text().splitlines()]
    assert set(rows[0]) == {"number", "author", "date", "platform", "lang", "kind", "labels", "tags",
                            "text_source", "text"}
    assert [r["number"] for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0]["date"] == "2017-10" and rows[0]["author"] == "AUTHOR_1"
    para = [r for r in rows if r["text_source"] == "edited"]
    assert len(para) == 1 and para[0]["text"].startswith("A person said [PERSON_") and "verbatim" not in para[0]["text"]
    risk = result.manifest["verbatim_quote_risk"]
    assert risk["paraphrased_posts"] == 1
    assert risk["unedited_public_posts"] == 3 and risk["unedited_posts_of_unknown_visibility"] == 1
    assert result.manifest["posts"]["semi_private"] == 1
    yearly = planted.exporter().export(ExportOptions(format="jsonl", time_precision="year"), tmp_path / "y.jsonl")
    assert yearly.exported == 5
    assert json.loads((tmp_path / "y.jsonl").read_text().splitlines()[0])["date"] == "2017"


def test_placeholders_renumber_per_export_and_stable_labels(planted: Archive, tmp_path: Path) -> None:
    i = planted.ids  # type: ignore[attr-defined]
    full = planted.exporter().export(ExportOptions(format="jsonl"), tmp_path / "full.jsonl")
    assert full.exported == 5
    first = json.loads((tmp_path / "full.jsonl").read_text().splitlines()[0])["text"]
    assert first.startswith("[PERSON_1] assaulted me at [an organization]")  # the policy generalises organisations
    one = planted.exporter().export(ExportOptions(format="jsonl", post_ids=[i["p2"]]), tmp_path / "one.jsonl")
    assert one.exported == 1
    row = json.loads((tmp_path / "one.jsonl").read_text())
    assert row["text"].startswith("[PERSON_1] was there") and row["author"] == "AUTHOR_1"
    sql(planted).execute("UPDATE findings SET label = 'PERSON_7' WHERE post_id = ?", (i["p2"],))
    stable = planted.exporter().export(ExportOptions(format="jsonl", post_ids=[i["p2"]], stable_pseudonyms=True),
                                      tmp_path / "stable.jsonl")
    assert stable.manifest["redaction"]["pseudonyms"].startswith("stable")
    srow = json.loads((tmp_path / "stable.jsonl").read_text())
    assert srow["text"].startswith("[PERSON_7] was there")
    again = planted.exporter().export(ExportOptions(format="jsonl", post_ids=[i["p2"]], stable_pseudonyms=True),
                                     tmp_path / "stable2.jsonl")
    assert again.exported == 1
    assert json.loads((tmp_path / "stable2.jsonl").read_text())["author"] == srow["author"]


def test_styles_render_as_documented() -> None:
    text = "Ann met Bob, then Ann left"
    spans = [Span(0, 3, "PERSON", "ann"), Span(8, 11, "PERSON", "bob"), Span(18, 21, "PERSON", "ann")]
    assert Redactor("placeholder").render(text, spans).text == "[PERSON_1] met [PERSON_2], then [PERSON_1] left"
    assert Redactor("redact").render(text, spans).text == "[REDACTED] met [REDACTED], then [REDACTED] left"
    assert Redactor("mask").render(text, spans).text == "███ met ███, then ███ left"
    assert Redactor("mask", mask_char="*").render(text, spans).text == "*** met ***, then *** left"
    sur = Redactor("surrogate", seed=7, avoid=["Alex", "Robin"]).render(text, spans)
    first, second = sur.text[sur.inserted[0][0]:sur.inserted[0][1]], sur.text[sur.inserted[2][0]:sur.inserted[2][1]]
    assert first == second and "Ann" not in sur.text and "Bob" not in sur.text
    assert "Alex" not in sur.text and "Robin" not in sur.text
    assert sur.counts["PERSON"] == 3
    overlap = Redactor("placeholder").render("Mary Ann Lee", [Span(0, 8, "PERSON", "mary ann"), Span(5, 12, "PERSON", "ann lee")])
    assert overlap.text == "[PERSON_1]"


def test_credit_me_keeps_the_authors_name(tmp_path: Path) -> None:
    archive = new_archive(tmp_path / "a")
    try:
        pid = add_post(archive, "I am Rosalind Q and Victor Z hurt me", handle="rosalindq", name="Rosalind Q",
                       find=[("Rosalind Q", "PERSON"), ("Victor Z", "PERSON")])
        archive.review.set_label([pid], "credit-me")
        result = archive.exporter().export(ExportOptions(format="jsonl"), tmp_path / "c.jsonl")
        row = json.loads((tmp_path / "c.jsonl").read_text())
        assert row["text"] == "I am Rosalind Q and [PERSON_1] hurt me"
        assert row["author"] == "@rosalindq"
        assert result.manifest["posts"]["credited_authors_posts"] == 1
        assert result.manifest["leak_check"]["result"] == "passed"
    finally:
        archive.close()


def test_leak_check_blocks_then_override_is_recorded(tmp_path: Path) -> None:
    archive = new_archive(tmp_path / "a")
    try:
        a = add_post(archive, "Hubert was kind to me", handle="someone")
        b = add_post(archive, "I saw brambleowl at the party", handle="other")
        add_post(archive, "my own post", handle="brambleowl")
        add_post(archive, "mail me: x.y@leak.example", handle="third")
        exporter = archive.exporter(fake_detector(["Hubert"]), detector_name="fake")
        out = tmp_path / "out.csv"
        with pytest.raises(ExportBlocked) as err:
            exporter.export(ExportOptions(format="csv"), out)
        message = str(err.value)
        for secret in ("Hubert", "brambleowl", "leak.example"):
            assert secret not in message
        report = err.value.report  # type: ignore[attr-defined]
        assert report.by_post()[a] == {"PERSON": 1}
        assert report.by_post()[b] == {"AUTHOR": 1}
        assert report.by_type() == {"PERSON": 1, "AUTHOR": 1, "EMAIL_ADDRESS": 1}
        assert f"post {a}: PERSON 1" in message
        assert list(tmp_path.iterdir()) == [tmp_path / "a"]  # nothing written
        assert archive.audit_entries(limit=1)[0].action == "export.blocked"
        result = exporter.export(ExportOptions(format="csv", override_reason="reviewed by the ethics board"), out)
        assert result.manifest["leak_check"]["result"] == "overridden"
        assert result.manifest["leak_check"]["override_reason"] == "reviewed by the ethics board"
        assert result.manifest["leak_check"]["hits_by_entity_type"] == {"PERSON": 1, "AUTHOR": 1, "EMAIL_ADDRESS": 1}
        assert result.manifest["leak_check"]["detector"] == "patterns + known identifiers + fake"
        assert archive.audit_entries(limit=1)[0].details["leak_check"] == "overridden"
        # a reviewer's never-redact decision is respected by the leak check
        archive.review.add_term("Hubert", "never")
        archive.review.add_term("brambleowl", "never")
        with pytest.raises(ExportBlocked) as again:
            exporter.export(ExportOptions(format="csv"), tmp_path / "again.csv")
        assert again.value.report.by_type() == {"EMAIL_ADDRESS": 1}  # type: ignore[attr-defined]
    finally:
        archive.close()


def test_manifest_checksums_and_withheld_query(planted: Archive, tmp_path: Path) -> None:
    result = planted.exporter().export(ExportOptions(format="csv", query="thirteen author:plantedhandle1"),
                                      tmp_path / "q.csv")
    assert result.exported == 1
    manifest = json.loads(result.files[1].read_text())
    assert manifest == result.manifest
    assert manifest["selection"]["query"].startswith("withheld")
    entry = manifest["files"][0]
    import hashlib

    assert entry["sha256"] == hashlib.sha256(result.files[0].read_bytes()).hexdigest()
    assert entry["bytes"] == result.files[0].stat().st_size
    html = result.files[2].read_text()
    assert hashlib.sha256(result.files[1].read_bytes()).hexdigest() in html
    assert "Leak check: passed" in html
    assert manifest["policy_version"] == 1 and manifest["model"]
    for key in ("export_id", "created", "tool", "model", "policy_version", "redacted_by_entity_type",
                "leak_check", "posts", "files"):
        assert key in manifest
    assert manifest["redacted_by_entity_type"]["PERSON"] == 1
    plain = planted.exporter().export(ExportOptions(format="csv", query="thirteen"), tmp_path / "p.csv")
    assert plain.manifest["selection"]["query"] == "thirteen"
    planted.collections.create("exportable", query="tag:school")
    col = planted.exporter().export(ExportOptions(format="csv", collection="exportable"), tmp_path / "c.csv")
    assert col.exported == 2 and col.manifest["selection"] == {"kind": "collection", "collection": "exportable"}
    with pytest.raises(SafeArchiveError):
        planted.exporter().export(ExportOptions(format="csv", query="thirteen"), tmp_path / "p.csv")  # exists
    assert planted.audit_entries(limit=1)[0].action == "export"


def test_qdpx_validates_against_the_refi_qda_schema(planted: Archive, tmp_path: Path) -> None:
    result = planted.exporter().export(ExportOptions(format="qdpx"), tmp_path / "out.qdpx")
    schema = xmlschema.XMLSchema(str(XSD))
    with zipfile.ZipFile(result.files[0]) as zf:
        names = zf.namelist()
        qde = zf.read("project.qde")
        assert not qde.startswith(b"\xef\xbb\xbf")
        schema.validate(qde.decode("utf-8"))
        doc = schema.to_dict(qde.decode("utf-8"))
        sources = doc["Sources"]["TextSource"]
        assert len(sources) == 5
        for src in sources:
            path = "sources/" + src["@plainTextPath"].removeprefix("internal://")
            assert path in names
            text = zf.read(path).decode("utf-8")
            assert "\r" not in text
            for sel in src.get("PlainTextSelection", []):
                assert sel["@endPosition"] == len(text)  # code points of exactly the text written
            assert {v["VariableRef"]["@targetGUID"] for v in src["VariableValue"]} == {
                v["@guid"] for v in doc["Variables"]["Variable"]}
        codes = {c["@name"]: c["@guid"] for c in doc["CodeBook"]["Codes"]["Code"]}
        cases = doc["Cases"]["Case"]
        assert all(c["@name"].startswith("AUTHOR_") for c in cases)
        assert {"school", "family", "label: semi-private", "label: paraphrase-before-quoting"} <= set(codes)
        assert {c["@name"]: c["@guid"] for c in cases}.items() <= codes.items()  # a case is also its code
        assert doc["@xmlns"] if "@xmlns" in doc else True
    assert b"urn:QDA-XML:project:1.0" in qde


def test_encrypted_export_rejects_tampering_truncation_and_wrong_passphrase(planted: Archive, tmp_path: Path) -> None:
    result = planted.exporter().export(ExportOptions(format="csv", passphrase="s3cret export"), tmp_path / "e.csv")
    data = result.files[0].read_bytes()
    plain = age.decrypt(data, passphrase="s3cret export")
    assert plain.startswith(b"number,author")
    assert "plaintext_sha256" not in result.manifest["files"][0]
    assert __import__("hashlib").sha256(plain).hexdigest() not in json.dumps(result.manifest)
    assert result.manifest["encryption"] == {"format": "age", "mode": "passphrase", "recipients": 0}
    tampered = bytearray(data)
    tampered[len(data) // 2] ^= 0x01
    for bad in (bytes(tampered), data[:-1], data[: len(data) // 2], data + b"x"):
        with pytest.raises(SafeArchiveError):
            age.decrypt(bad, passphrase="s3cret export")
    with pytest.raises(SafeArchiveError):
        age.decrypt(data, passphrase="wrong")


def test_encrypted_export_to_recipients(planted: Archive, tmp_path: Path) -> None:
    identity = pyrage.x25519.Identity.generate()
    result = planted.exporter().export(
        ExportOptions(format="xlsx", recipients=[str(identity.to_public())]), tmp_path / "r.xlsx")
    plain = age.decrypt(result.files[0].read_bytes(), identities=[str(identity)])
    wb = load_workbook(io.BytesIO(plain), read_only=True)
    rows = list(wb["posts"].iter_rows(values_only=True))
    assert rows[0][0] == "number" and len(rows) == 6
    with pytest.raises(SafeArchiveError):
        planted.exporter().export(ExportOptions(format="csv", recipients=["not-a-key"]), tmp_path / "bad.csv")


def test_spreadsheet_injection_html_escaping_and_pdf_unicode(tmp_path: Path) -> None:
    archive = new_archive(tmp_path / "a")
    try:
        add_post(archive, "=HYPERLINK(\"x\",\"y\") <script>alert(1)</script> 😀 ✓ 中文 \x07", handle="h1")
        ex = archive.exporter()
        ex.export(ExportOptions(format="csv"), tmp_path / "o.csv")
        row = list(csv.reader(io.StringIO((tmp_path / "o.csv").read_text())))[1]
        assert row[-1].startswith("'=HYPERLINK")
        ex.export(ExportOptions(format="xlsx"), tmp_path / "o.xlsx")
        ws = load_workbook(tmp_path / "o.xlsx")["posts"]
        assert ws.cell(2, 10).data_type == "s" and ws.cell(2, 10).value.startswith("=HYPERLINK")
        ex.export(ExportOptions(format="html"), tmp_path / "o.html")
        page = (tmp_path / "o.html").read_text()
        assert "<script>" not in page and "&lt;script&gt;" in page
        ex.export(ExportOptions(format="pdf"), tmp_path / "o.pdf")
        text = pdf_text((tmp_path / "o.pdf").read_bytes())
        assert "HYPERLINK" in text and "✓" in text and "😀" in text and "中文" in text and "□" not in text
    finally:
        archive.close()


def test_bad_options_are_refused(planted: Archive, tmp_path: Path) -> None:
    for options in (
        ExportOptions(format="csv", style="blur"),
        ExportOptions(format="csv", time_precision="hour"),
        ExportOptions(format="csv", include=frozenset({"everything"})),
        ExportOptions(format="csv", query="a", collection="b"),
        ExportOptions(format="csv", passphrase="x", recipients=["y"]),
        ExportOptions(format="csv", override_reason="  "),
        ExportOptions(format="doc"),
    ):
        with pytest.raises(SafeArchiveError):
            planted.exporter().export(options, tmp_path / "x.out")
    assert not (tmp_path / "x.out").exists()


def test_leak_check_with_the_scrub_detector_catches_a_missed_name(tmp_path: Path) -> None:
    from safe_archive.core.export.leakcheck import scrub_detector

    detector, name = scrub_detector()
    if detector is None:
        pytest.skip(name)
    archive = new_archive(tmp_path / "a")
    try:
        pid = add_post(archive, "I told Margaret Thompson everything", handle="teller")  # no finding: missed
        with pytest.raises(ExportBlocked) as err:
            archive.exporter(detector, detector_name=name).export(ExportOptions(format="csv"), tmp_path / "o.csv")
        assert err.value.report.by_post() == {pid: {"PERSON": 1}}  # type: ignore[attr-defined]
        assert "Margaret" not in str(err.value)
        archive.review.decide_term("Margaret Thompson", "accepted", entity_type="PERSON")
        result = archive.exporter(detector, detector_name=name).export(ExportOptions(format="csv"), tmp_path / "o.csv")
        assert result.manifest["leak_check"]["detector"] == "patterns + known identifiers + scrub detector"
        assert "Margaret" not in (tmp_path / "o.csv").read_text()
    finally:
        archive.close()


def test_one_word_names_are_matched_only_when_capitalised(tmp_path: Path) -> None:
    archive = new_archive(tmp_path / "a")
    try:
        add_post(archive, "Hope told me", find=[("Hope", "PERSON")], handle="h1")
        add_post(archive, "I hope so, said @hopeful_one", handle="h2")
        add_post(archive, "post by hopeful", handle="hopeful_one")
        with pytest.raises(ExportBlocked) as err:
            archive.exporter().export(ExportOptions(format="csv"), tmp_path / "o.csv")
        assert err.value.report.by_type() == {"AUTHOR": 1, "USERNAME": 1}  # type: ignore[attr-defined]
        add_post(archive, "Then HOPE came back", handle="h3")
        with pytest.raises(ExportBlocked) as err2:
            archive.exporter().export(ExportOptions(format="csv"), tmp_path / "o.csv")
        assert err2.value.report.by_type()["PERSON"] == 1  # type: ignore[attr-defined]
    finally:
        archive.close()


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_temporary_files_while_exporting(planted: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            fmt: str) -> None:
    """Nothing is staged on disk: every tempfile entry point fails during the export, and the
    only files opened for writing are the export and its manifests — each under a hidden
    ``.NAME.<hex>.part`` name in the destination folder first, renamed into place once
    complete (the encrypted export's holds ciphertext only)."""
    import builtins
    import os
    import tempfile

    def refuse(*_a: object, **_k: object) -> None:
        raise AssertionError("an export must not create temporary files")

    for name in ("NamedTemporaryFile", "TemporaryFile", "SpooledTemporaryFile", "mkstemp", "mkdtemp",
                 "TemporaryDirectory"):
        monkeypatch.setattr(tempfile, name, refuse)
    written: list[str] = []
    real_open, real_os_open = builtins.open, os.open

    def spy_open(file: object, mode: str = "r", *a: object, **k: object) -> object:
        if any(m in mode for m in "wax+"):
            written.append(str(file))
        return real_open(file, mode, *a, **k)  # type: ignore[call-overload]

    def spy_os_open(path: object, flags: int, *a: object, **k: object) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR):
            written.append(str(path))
        return real_os_open(path, flags, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(os, "open", spy_os_open)
    result = planted.exporter().export(ExportOptions(format=fmt, passphrase="pw"), tmp_path / f"o.{fmt}")
    monkeypatch.undo()
    import re

    staged = [re.fullmatch(r"\.(.+)\.[0-9a-f]{12}\.part", Path(w).name) for w in written]
    assert all(staged) and all(Path(w).parent == tmp_path for w in written), written
    assert sorted(m.group(1) for m in staged if m) == sorted(p.name for p in result.files)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in result.files)

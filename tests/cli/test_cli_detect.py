"""`detect --corpus` + `import --findings`: a corpus scrubbed elsewhere imports without being
scrubbed again, to the same stored findings and redacted text; mismatches are refused before
anything is stored. `detect --dask` without Dask says how to get it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from safe_archive.core.archive import Archive
from tests.cli_run import run
from tests.dbutil import sql

PW = "detect cli test: violet harbour 1987 lantern"
EXPORT = (
    "Tweet_ID,Username,Date,Body\n"
    '1,kestrelwing,2020-01-02,"my bf jake hurt me, email jake.r@gmail.com"\n'
    '2,quinn_o,2020-01-03,"@kestrelwing I believe you. Call 602.555.0133"\n'
    '3,amy_b,2020-01-04,"nothing here at all"\n'
    '4,kestrelwing,2020-01-05,"thank you @quinn_o and Amy Brightwater, jake is in Tempe"\n'
)


@pytest.fixture(autouse=True)
def passphrase_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFE_ARCHIVE_PASSPHRASE", PW)


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "export.csv"
    path.write_text(EXPORT, encoding="utf-8")
    return path


def _init(capsys: pytest.CaptureFixture[str], folder: Path) -> Path:
    code, _out, err = run(capsys, "init", folder)
    assert code == 0, err
    return folder


def _stored(folder: Path) -> list[tuple[object, ...]]:
    with Archive.open(folder, PW) as arch:
        return [tuple(r) for r in sql(arch).execute(
            "SELECT p.source_id, f.start, f.end, f.entity_type, f.score, f.source, f.label, p.redacted_text "
            "FROM findings f JOIN posts p ON p.id = f.post_id ORDER BY p.source_id, f.start")]


def test_findings_from_detect_import_like_a_local_scrub(
    export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    findings = tmp_path / "findings.jsonl"
    code, _out, err = run(capsys, "detect", "--corpus", export, "-o", findings)
    assert code == 0, err
    records = [json.loads(line) for line in findings.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["generic:1", "generic:2", "generic:3", "generic:4"]
    assert all(len(r["sha256"]) == 64 and r["scrubber"] for r in records)

    local = _init(capsys, tmp_path / "local")
    code, _out, err = run(capsys, "import", local, export)
    assert code == 0, err

    elsewhere = _init(capsys, tmp_path / "elsewhere")
    from safe_archive.core.scrub import batch, batch_api

    def no_nlp(*_a: object, **_k: object) -> None:
        raise AssertionError("import --findings must not scrub")

    monkeypatch.setattr(batch_api, "load_engine", no_nlp)
    monkeypatch.setattr(batch, "scrub_batch", no_nlp)
    code, _out, err = run(capsys, "import", elsewhere, export, "--findings", findings)
    assert code == 0, err
    assert "Scrubbed 4 posts" in err
    stored = _stored(elsewhere)
    assert stored and stored == _stored(local)


def test_findings_also_scrub_posts_an_earlier_run_left_unscrubbed(
    export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As a killed import's rerun does (issue 14): the posts are there already (duplicates), but
    unscrubbed; import --findings scrubs every waiting post the file has findings for."""
    findings = tmp_path / "findings.jsonl"
    assert run(capsys, "detect", "--corpus", export, "-o", findings)[0] == 0
    local = _init(capsys, tmp_path / "local")
    assert run(capsys, "import", local, export)[0] == 0
    archive = _init(capsys, tmp_path / "a")
    assert run(capsys, "import", archive, export, "--no-scrub")[0] == 0
    code, _out, err = run(capsys, "import", archive, export, "--findings", findings)
    assert code == 0, err
    assert "0 imported" in err or "4 duplicates" in err
    assert "Scrubbed 4 posts" in err
    assert _stored(archive) == _stored(local)
    with Archive.open(archive, PW) as arch:
        assert arch.scrubber().pending_count() == 0


def test_a_changed_text_or_scrubber_is_refused_before_storing(
    export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    findings = tmp_path / "findings.jsonl"
    assert run(capsys, "detect", "--corpus", export, "-o", findings)[0] == 0
    archive = _init(capsys, tmp_path / "a")

    edited = tmp_path / "edited.csv"
    edited.write_text(EXPORT.replace("nothing here at all", "nothing here at all!"), encoding="utf-8")
    code, _out, err = run(capsys, "import", archive, edited, "--findings", findings)
    assert code == 1
    assert "post generic:3" in err and "text differs" in err and "Traceback" not in err

    lines = findings.read_text(encoding="utf-8").splitlines()
    rec = json.loads(lines[1])
    rec["scrubber"] = "0.0.1+eabc.p123"
    tampered = tmp_path / "tampered.jsonl"
    tampered.write_text("\n".join([lines[0], json.dumps(rec), *lines[2:]]) + "\n", encoding="utf-8")
    code, _out, err = run(capsys, "import", archive, export, "--findings", tampered)
    assert code == 1 and "post generic:2" in err and "different scrubber" in err

    extra = tmp_path / "extra.jsonl"
    rec = json.loads(lines[0]) | {"id": "generic:99"}
    extra.write_text("\n".join([*lines, json.dumps(rec)]) + "\n", encoding="utf-8")
    code, _out, err = run(capsys, "import", archive, export, "--findings", extra)
    assert code == 1 and "post generic:99, which is not in the export" in err

    with Archive.open(archive, PW) as arch:
        assert arch.count_posts() == 0  # checked first: nothing stored


def test_dask_missing_names_the_extra(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    monkeypatch.delitem(sys.modules, "safe_archive.core.scrub.dask_runner", raising=False)
    import safe_archive.core.scrub as scrub_pkg  # an earlier import left it as an attribute

    monkeypatch.delattr(scrub_pkg, "dask_runner", raising=False)
    src = tmp_path / "in.txt"
    src.write_text("hello\n", encoding="utf-8")
    code, _out, err = run(capsys, "detect", "--input", src, "--dask", "local", "-o", tmp_path / "o.jsonl")
    assert code == 1 and "safe-archive[cluster]" in err
    code, _out, err = run(capsys, "detect", "--input", src, "--dask", "local")
    assert code == 2 and "--output" in err

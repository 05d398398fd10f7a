"""Issue 14's reproductions, end to end through the CLI: a term confirmed once is applied to
every disguised form of it by accept-term (propagation), the always list, a plain export, the
leak check and forget."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safe_archive.core.archive import Archive
from tests.cli_run import run
from tests.export.helpers import PASSPHRASE, add_post, new_archive
from tests.review.test_forget import count_token, decrypted_pages

# One name in the disguises issue 14 lists and the ones the canonical form undoes.
DISGUISED = ["it was Jessica_Miller who did it", "so JessicaMiller again", "𝓙𝓮𝓼𝓼𝓲𝓬𝓪 𝓜𝓲𝓵𝓵𝓮𝓻 knows",
             "Jes\u200bsica Miller lied", "Jessica <b>Miller</b> said", "ask jessica dot miller",
             "ＪＥＳＳＩＣＡ ＭＩＬＬＥＲ again", "#JessicaMiller trends", "J e s s i c a  M i l l e r"]


def _plain(text: str) -> str:
    return text.casefold().replace("\u200b", "")


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFE_ARCHIVE_PASSPHRASE", PASSPHRASE)


def _findings(capsys: pytest.CaptureFixture[str], folder: Path, post_id: int) -> list[dict[str, object]]:
    code, out, err = run(capsys, "review", "show", folder, post_id, "--json")
    assert code == 0, err
    return list(json.loads(out)["findings"])


@pytest.mark.parametrize("decided", ["𝓙𝓪𝓷𝓮", "Ｊａｎｅ", "#JaneDoe"])
def test_accept_term_on_a_disguised_form_changes_the_findings_in_other_posts(
    env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], decided: str
) -> None:
    folder = tmp_path / "arch"
    archive = new_archive(folder)
    written = "Jane Doe" if decided.startswith("#") else "Jane"
    own = add_post(archive, f"I saw {decided} today", find=[(decided, "PERSON", "pending")])
    other = add_post(archive, f"{written} was there", find=[(written, "PERSON", "pending")])
    missed = add_post(archive, f"later {written.replace(' ', '_').lower()} wrote again")  # the scrub missed it
    archive.close()

    code, _, err = run(capsys, "review", "accept-term", folder, decided)
    assert code == 0, err
    assert [f["status"] for f in _findings(capsys, folder, own)] == ["accepted"]
    assert [f["status"] for f in _findings(capsys, folder, other)] == ["accepted"]
    assert [f["status"] for f in _findings(capsys, folder, missed)] == ["accepted"]  # propagated
    for pid in (other, missed):
        out = run(capsys, "review", "show", folder, pid)[1]
        redacted = next(line for line in out.splitlines() if line.startswith("redacted:"))
        assert "jane" not in redacted.casefold(), redacted


def _export(capsys: pytest.CaptureFixture[str], folder: Path, out: Path, *extra: object) -> tuple[int, str, str]:
    return run(capsys, "export", folder, out, "--format", "jsonl", "--no-redetect", *extra)


def _jessica_archive(folder: Path) -> list[int]:
    archive = new_archive(folder)
    add_post(archive, "Jessica Miller hurt me", find=[("Jessica Miller", "PERSON", "pending")])
    ids = [add_post(archive, text) for text in DISGUISED]
    archive.close()
    return ids


def test_accepted_and_always_listed_name_is_not_exported_in_any_disguise(
    env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "arch"
    _jessica_archive(folder)
    assert run(capsys, "review", "accept-term", folder, "Jessica Miller")[0] == 0
    assert run(capsys, "terms", folder, "always", "add", "Jessica Miller", "--type", "PERSON")[0] == 0
    out = tmp_path / "out.jsonl"
    code, _, err = _export(capsys, folder, out)
    assert code == 0, err
    texts = [json.loads(line)["text"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(texts) == 1 + len(DISGUISED)
    for text in texts:
        assert "jessica" not in _plain(text) and "miller" not in _plain(text) and "𝓜" not in text, text
        assert "j e s s i c a" not in text.casefold(), text


def test_the_leak_check_stops_an_export_that_would_carry_a_disguised_name(
    env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the renderer ever missed a disguised form, the leak check refuses the export."""
    from safe_archive.core.export import exporter

    folder = tmp_path / "arch"
    _jessica_archive(folder)
    assert run(capsys, "review", "accept-term", folder, "Jessica Miller")[0] == 0
    real = exporter.post_spans

    def literal_only(text, *args, **kwargs):  # type: ignore[no-untyped-def]
        # a renderer that finds only the name as written in the finding
        return [s for s in real(text, *args, **kwargs) if text[s.start:s.end] == "Jessica Miller"]

    monkeypatch.setattr(exporter, "post_spans", literal_only)
    out = tmp_path / "out.jsonl"
    code, _, err = _export(capsys, folder, out)
    assert code != 0 and not out.exists(), err
    assert "leak" in err.casefold() and "jessica" not in err.casefold()
    code, manifest, err = _export(capsys, folder, out, "--override-leak-check", "test", "--json")
    assert code == 0, err
    check = json.loads(manifest)["leak_check"]
    assert check["posts_with_hits"] == len(DISGUISED), check


def test_forget_term_removes_every_disguise_from_the_stored_originals(
    env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "arch"
    archive = new_archive(folder)
    ids = [add_post(archive, text) for text in DISGUISED]
    keep = add_post(archive, "Millerson is someone else, and so is Jessica Millerton")
    archive.close()

    code, _, err = run(capsys, "forget", folder, "--term", "Jessica Miller", "--yes")
    assert code == 0, err
    with Archive.open(folder, PASSPHRASE) as arch:
        for pid, written in zip(ids, DISGUISED):
            text = arch.get_post(pid).text
            assert "jessica" not in _plain(text) and "miller" not in _plain(text), (written, text)
            assert "𝓜" not in text and "ＭＩＬＬＥＲ" not in text and "j e s s i c a" not in text.casefold(), text
        assert arch.get_post(keep).text == "Millerson is someone else, and so is Jessica Millerton"
        pages = decrypted_pages(arch)
    for token in ("jessica_miller", "jessicamiller", "sica miller lied", "jessica dot miller", "<b>miller</b>",
                  "𝓜𝓲𝓵𝓵𝓮𝓻", "ＭＩＬＬＥＲ", "m i l l e r"):
        assert count_token(pages, token) == 0, token

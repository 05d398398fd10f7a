"""Search hits are not marked with brackets.

Redacted text is full of our stand-ins ("[PERSON_10]", "[a place]"), and snippets marked
their hits with the same brackets: in the acceptance walk a search for 老師 showed
"[老師][PERSON_10]", which reads as two stand-ins. The core now marks hits with STX/ETX
(HIT_START/HIT_END), the GUI draws them highlighted and the CLI writes them between ** **
(bold on a terminal)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from safe_archive.core.archive import Archive
from safe_archive.core.store.search import HIT_END, HIT_START, mark_hits, split_hits
from tests.cli_run import run
from tests.export.helpers import PASSPHRASE, add_post, new_archive


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("hits") / "a"
    archive = new_archive(path)
    try:
        add_post(archive, "Bartholomew hurt me when I was thirteen.", find=[("Bartholomew", "PERSON")])
        add_post(archive, "我的老師陳志明打了我。", find=[("陳志明", "PERSON")], lang="zh")
    finally:
        archive.close()
    yield path


def test_snippets_mark_hits_apart_from_stand_ins(folder: Path) -> None:
    with Archive.open(folder, PASSPHRASE) as archive:
        (hit,) = archive.search("hurt").hits
        (zh,) = archive.search("老師").hits
    assert "[hurt]" not in hit.snippet and f"{HIT_START}hurt{HIT_END}" in hit.snippet
    assert ("hurt", True) in hit.parts()
    assert any("[PERSON]" in text and not is_hit for text, is_hit in hit.parts())
    assert "[老師]" not in zh.snippet
    assert [(t, h) for t, h in zh.parts() if h] == [("老師", True)]
    assert "[PERSON]" in "".join(t for t, _ in zh.parts())


def test_split_and_mark() -> None:
    s = f"a {HIT_START}b{HIT_END} c {HIT_START}d"
    assert split_hits(s) == [("a ", False), ("b", True), (" c ", False), ("d", True)]
    assert mark_hits(s, "<", ">") == "a <b> c <d>"
    assert split_hits("[PERSON] no hits") == [("[PERSON] no hits", False)]


def test_the_cli_writes_hits_between_stars(folder: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFE_ARCHIVE_PASSPHRASE", PASSPHRASE)
    code, out, err = run(capsys, "search", folder, "hurt")
    assert code == 0, err
    line = out.splitlines()[0]
    assert "**hurt**" in line and "[hurt]" not in line and "[PERSON]" in line
    assert HIT_START not in line and "\\x02" not in line
    code, out, err = run(capsys, "search", folder, "hurt", "--json")
    assert json.loads(out.splitlines()[0])["snippet"].count("**hurt**") == 1

"""The context model (resources/scrub/context_model): loads offline from package data, finds
names from context, is repeatable, and fails clearly when its files are missing."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

from safe_archive.core.errors import ModelNotInstalled
from safe_archive.core.scrub.context_model import (ContextModel, default_path, model_text,
                                                   model_view)
from safe_archive.core.scrub.engine import EngineConfig, build_engine
from safe_archive.core.scrub.known import ScrubInput
from safe_archive.core.scrub.scrubber import Scrubber


@pytest.fixture(scope="module")
def model() -> ContextModel:
    return ContextModel(min_prob=EngineConfig().context_min_prob)


def _per(model: ContextModel, text: str) -> list[str]:
    return [text[s:e] for s, e, label, _p in model.spans(text) if label == "PER"]


def test_loads_from_package_data_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_a: object, **_k: object) -> None:
        raise AssertionError("the context model tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    path = default_path()
    assert path.parts[-3:] == ("resources", "scrub", "context_model") or path.name == "context_model"
    assert (path / "model.onnx").stat().st_size < 20 * 1024 * 1024
    fresh = ContextModel()
    assert fresh.labels[0] == "O" and {"B-PER", "I-PER"} <= set(fresh.labels)


@pytest.mark.parametrize(("text", "name"), [
    ("I went to the cinema with Jessica Miller last night", "Jessica Miller"),
    ("my coach told me to keep quiet about what tom did", "tom"),
    ("Looks like this guy is better than butler and klay", "butler"),
    ("Heath Ledger was the best Joker ever", "Heath Ledger"),
    ("Mr. Green kept texting me after the party", "Green"),
    ("Green said he would call me back tonight", "Green"),
])
def test_names_from_context(model: ContextModel, text: str, name: str) -> None:
    found = _per(model, text)
    assert any(name in f or f in name and len(f) >= 3 for f in found), (text, found)


@pytest.mark.parametrize(("text", "word"), [
    ("I spent the weekend learning Python and Rust", "Python"),
    ("Decorators in Python are just functions that wrap functions", "Decorators"),
    ("the green light turned red before we crossed", "green"),
])
def test_ordinary_words_are_not_names(model: ContextModel, text: str, word: str) -> None:
    assert not any(word in f for f in _per(model, text)), _per(model, text)


def test_offsets_point_into_the_original_text_in_long_texts(model: ContextModel) -> None:
    filler = "we talked about the weather and the bus and the rain. " * 40  # > 128 tokens
    text = filler + "Then Jessica Miller left."
    spans = model.spans(text)
    assert ("Jessica Miller", "PER") in {(text[s:e], label) for s, e, label, _p in spans}


def test_same_text_same_spans_whatever_ran_before(model: ContextModel) -> None:
    text = "Martin Short was hilarious with Steve Martin last night lol"
    first = model.analyse(text)
    model.analyse("Something else entirely, about Paris and Ottawa.")
    assert model.analyse(text) == first


def test_pipeline_findings_do_not_depend_on_the_batch(scrubber: Scrubber) -> None:
    assert scrubber.config.context_model
    a = ScrubInput("had lunch with butler and klay, then jessica drove me home")
    b = ScrubInput("Python is great but my friend Green says Rust is better")
    alone = scrubber.scrub([b])[0]
    together = scrubber.scrub([a, b, a])
    assert together[1] == alone
    assert together[0] == together[2]
    assert any(f.source == "ContextNerRecognizer" for f in together[0])


def test_missing_model_file_gives_a_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "context_model"
    shutil.copytree(default_path(), broken)
    (broken / "model.onnx").unlink()
    with pytest.raises(ModelNotInstalled, match="model.onnx"):
        ContextModel(broken)
    with pytest.raises(ModelNotInstalled, match="context model"):
        build_engine(EngineConfig(context_model_path=str(broken), social_ner=False,
                                  stock_ner=False, name_list=False))


def test_camel_case_hashtags_are_read_as_words_at_their_own_offsets() -> None:
    text = "so proud of #JessicaMiller and #JCole 😭 today #MeToo #KSOLO"
    view, index = model_view(text, blank_urls=True, split_tags=True)
    assert "#Jessica Miller" in view and "#J Cole" in view and "#Me Too" in view
    assert "#KSOLO" in view  # all capitals: one word
    assert index is not None and len(index) == len(view) + 1 and index[-1] == len(text)
    for j, ch in enumerate(view):
        if not ch.isspace():
            assert text[index[j]] == ch
    assert model_view(text, blank_urls=True, split_tags=False) == (model_text(text), None)
    assert model_view("no tags here", split_tags=True) == ("no tags here", None)


def test_a_camel_case_hashtag_name_is_found_at_its_place_in_the_post(model: ContextModel) -> None:
    assert model.split_tags  # the shipped model was exported with --split-hashtags
    text = "so proud of #JessicaMiller today #MeToo #BelieveSurvivors"
    found = _per(model, text)
    assert "JessicaMiller" in found, found
    assert not any("MeToo" in f or "Believe" in f for f in found), found

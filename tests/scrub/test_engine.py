"""Building the analyzer: explicit, offline, nothing loaded at import time."""

from __future__ import annotations

import socket
import subprocess
import sys
from typing import Any

import pytest

from safe_archive.core.errors import ModelNotInstalled
from safe_archive.core.scrub.engine import EngineConfig, build_engine
from safe_archive.core.scrub.known import ScrubInput
from safe_archive.core.scrub.scrubber import Scrubber


def test_missing_model_says_what_to_do() -> None:
    with pytest.raises(ModelNotInstalled, match="not installed"):
        build_engine(EngineConfig(spacy_model="en_core_web_nonexistent_xx"))


def test_pipeline_keeps_only_what_recognizers_read(scrubber: Scrubber) -> None:
    # the context model replaced the stock NER: the spaCy pipeline only tokenizes
    assert scrubber.engine.nlp_engine.get_nlp("en").pipe_names == []
    names = {r.name for r in scrubber.engine.analyzer.registry.recognizers}
    # the types that only cost precision on posts are not there
    assert not {"DateRecognizer", "UsDriverLicenseRecognizer", "UsBankRecognizer",
                "NrpRecognizer"} & names
    assert {"UsernameRecognizer", "NameListRecognizer", "SocialNerRecognizer",
            "ContextNerRecognizer"} <= names
    assert "SpacyRecognizer" not in names


def test_no_network_while_scrubbing(scrubber: Scrubber, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_a: Any, **_k: Any) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    text = "mail jane@gmail.co.uk or jane@example.museum, see example.org and https://t.co/x"
    [found] = scrubber.scrub([ScrubInput(text)])
    assert {f.entity_type for f in found} >= {"EMAIL_ADDRESS", "URL"}


def test_building_the_engine_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_a: Any, **_k: Any) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    engine = build_engine(EngineConfig(social_ner=False, stock_ner=False))
    assert engine.nlp_engine.get_nlp("en").pipe_names == []


def test_import_loads_nothing() -> None:
    code = (
        "import sys, safe_archive.core.scrub, safe_archive.core.scrub.policy, "
        "safe_archive.core.scrub.known, safe_archive.core.scrub.detect; "
        "import spacy; "
        "print(len([m for m in sys.modules if m.startswith('en_core_web')]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"


def test_package_init_is_light() -> None:
    code = "import sys, safe_archive.core.scrub; print('presidio_analyzer' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

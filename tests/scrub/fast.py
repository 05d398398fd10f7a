"""A scrub configuration without NLP models (pattern recognizers and known identifiers only):
fast, for tests where the model is not the point. Model switches added later are turned off
when they exist."""

from __future__ import annotations

from dataclasses import fields

from safe_archive.core.scrub.engine import EngineConfig

_MODEL_SWITCHES = ("stock_ner", "social_ner", "name_list", "context_model", "languages")
FAST = EngineConfig(**{f.name: False for f in fields(EngineConfig) if f.name in _MODEL_SWITCHES})

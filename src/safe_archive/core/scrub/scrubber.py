"""The object that owns a loaded engine: what the archive, the CLI and the GUI pool call."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from safe_archive.core.model import Finding
from safe_archive.core.progress import CancelToken, ProgressEvent, ProgressFn, no_progress
from safe_archive.core.scrub.batch_api import scrub_batch_with
from safe_archive.core.scrub.engine import EngineConfig, ScrubEngine
from safe_archive.core.scrub.known import EMPTY_KNOWN, KnownIdentifiers, ScrubInput
from safe_archive.core.scrub.policy import DEFAULT_POLICY, Policy
from safe_archive.core.scrub.render import InMemoryLabeler, Labeler, redact


class Scrubber:
    """Owns one loaded engine (load it once per process; loading takes a few seconds)."""

    def __init__(self, engine: ScrubEngine) -> None:
        self.engine = engine

    @classmethod
    def load(cls, config: EngineConfig | None = None) -> Scrubber:
        """The process's engine for ``config`` (``batch_api.load_engine``: loaded once)."""
        from safe_archive.core.scrub.batch_api import load_engine

        return cls(load_engine(config))

    @property
    def config(self) -> EngineConfig:
        return self.engine.config

    def scrub(
        self,
        inputs: Sequence[ScrubInput],
        known: KnownIdentifiers = EMPTY_KNOWN,
        policy: Policy = DEFAULT_POLICY,
    ) -> list[list[Finding]]:
        return scrub_batch_with(self.engine, inputs, known, policy)

    def scrub_stream(
        self,
        inputs: Iterable[ScrubInput],
        known: KnownIdentifiers = EMPTY_KNOWN,
        policy: Policy = DEFAULT_POLICY,
        batch_size: int = 256,
        total: int | None = None,
        progress: ProgressFn = no_progress,
        cancel: CancelToken | None = None,
    ) -> Iterator[tuple[ScrubInput, list[Finding]]]:
        """Scrub in batches; checks ``cancel`` and reports progress between batches."""
        done = 0
        batch: list[ScrubInput] = []

        def flush() -> Iterator[tuple[ScrubInput, list[Finding]]]:
            nonlocal done
            results = self.scrub(batch, known, policy)
            done += len(batch)
            yield from zip(batch, results)
            progress(ProgressEvent("scrub", done, total))

        for inp in inputs:
            batch.append(inp)
            if len(batch) >= batch_size:
                if cancel is not None:
                    cancel.raise_if_cancelled()
                yield from flush()
                batch = []
        if batch:
            if cancel is not None:
                cancel.raise_if_cancelled()
            yield from flush()

    def redact(
        self,
        text: str,
        findings: list[Finding],
        policy: Policy = DEFAULT_POLICY,
        labeler: Labeler | None = None,
    ) -> str:
        return redact(text, findings, policy, labeler or InMemoryLabeler())

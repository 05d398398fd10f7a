"""``--workers N``: scrub batches in worker processes, each loading the engine once."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice

from safe_archive.core.model import Finding
from safe_archive.core.progress import CancelToken, ProgressEvent, ProgressFn, no_progress
from safe_archive.core.scrub.batch_api import load_engine, scrub_batch
from safe_archive.core.scrub.engine import EngineConfig
from safe_archive.core.scrub.known import KnownIdentifiers, ScrubInput
from safe_archive.core.scrub.policy import Policy
from safe_archive.core.secret_env import without_secrets

# Posts each worker scrubs before it is replaced by a fresh one (a second or two of start-up):
# spaCy keeps every new word it meets, so a worker's memory grows with the archive.
RECYCLE_POSTS = 50_000

# The configuration of *this worker process* (set by the pool initializer, never in the
# parent); batch_api keeps its engine, loaded once.
_worker_config: EngineConfig | None = None


def _init_worker(config: EngineConfig, threads: int) -> None:
    global _worker_config
    for var in _THREAD_VARS:  # for what reads it later (the pool set it before the spawn)
        os.environ.setdefault(var, str(threads))
    _worker_config = config
    load_engine(config)


def _scrub_in_worker(
    inputs: Sequence[ScrubInput], known: KnownIdentifiers, policy: Policy
) -> list[list[Finding]]:
    if _worker_config is None:  # pragma: no cover - initializer failed
        raise RuntimeError("scrub worker has no engine")
    return scrub_batch(inputs, known, policy, _worker_config)


_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


@contextmanager
def _one_thread_each() -> Iterator[None]:
    """Workers start with one BLAS/OpenMP thread each (unless the caller chose otherwise).
    Setting it in the worker's initializer came too late: unpickling the initializer imports
    the engine, and with it numpy, whose OpenBLAS reads the variable once as it loads."""
    added = [v for v in _THREAD_VARS if v not in os.environ]
    for var in added:
        os.environ[var] = "1"
    try:
        yield
    finally:
        for var in added:
            os.environ.pop(var, None)


def _ready() -> None:
    """A no-op task: submitting one spawns a worker."""


class ParallelScrubber:
    """A process pool of scrubbers. Use as a context manager; results come back in order."""

    def __init__(self, config: EngineConfig, workers: int,
                 recycle_posts: int | None = RECYCLE_POSTS) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        if recycle_posts is not None and recycle_posts < 1:
            raise ValueError("recycle_posts must be at least 1")
        self.workers = workers
        self.config = config
        self.recycle_posts = recycle_posts
        self.restarts = 0  # how often the workers were replaced by fresh ones
        self._sent = 0  # posts sent to the current workers
        self._pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        ctx = multiprocessing.get_context("spawn")  # the same on Linux, macOS and Windows
        # Workers (and multiprocessing's resource tracker) inherit the environment they are
        # started with: start them all now, with no passphrase variable in it. They need no
        # secret; ProcessPoolExecutor would otherwise spawn them one per later submit.
        with without_secrets(), _one_thread_each():
            pool = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=ctx, initializer=_init_worker,
                initargs=(self.config, 1),
            )
            for _ in range(self.workers):
                pool.submit(_ready)
        return pool

    def _restart(self) -> None:
        """Fresh workers: spaCy's vocabulary (every new word a worker meets) only grows."""
        self._pool.shutdown(wait=True)
        self._pool = self._start()
        self._sent = 0
        self.restarts += 1

    def __enter__(self) -> ParallelScrubber:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def scrub_stream(
        self,
        inputs: Iterable[ScrubInput],
        known: KnownIdentifiers,
        policy: Policy,
        batch_size: int = 256,
        total: int | None = None,
        progress: ProgressFn = no_progress,
        cancel: CancelToken | None = None,
    ) -> Iterator[tuple[ScrubInput, list[Finding]]]:
        """Keeps 2 batches per worker in flight; yields (input, findings) in input order.
        After ``recycle_posts`` posts per worker the workers are replaced by fresh ones (with
        no batch in flight, so the order and the findings do not change)."""
        it = iter(inputs)
        pending: list[tuple[list[ScrubInput], Future[list[list[Finding]]]]] = []
        done = 0
        limit = None if self.recycle_posts is None else self.recycle_posts * self.workers

        def submit() -> bool:
            if limit is not None and self._sent >= limit:
                return False  # the rest goes to fresh workers once these are done
            batch = list(islice(it, batch_size))
            if not batch:
                return False
            pending.append((batch, self._pool.submit(_scrub_in_worker, batch, known, policy)))
            self._sent += len(batch)
            return True

        while True:
            if limit is not None and self._sent >= limit:
                nxt = list(islice(it, 1))  # more to scrub: fresh workers for it
                if not nxt:
                    return
                it = chain(nxt, it)
                self._restart()
            for _ in range(self.workers * 2):
                if not submit():
                    break
            if not pending:
                return
            while pending:
                if cancel is not None and cancel.cancelled:
                    for _, fut in pending:
                        fut.cancel()
                    cancel.raise_if_cancelled()
                batch, fut = pending.pop(0)
                results = fut.result()
                submit()
                done += len(batch)
                yield from zip(batch, results)
                progress(ProgressEvent("scrub", done, total))

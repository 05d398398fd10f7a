# mypy: allow-untyped-calls
"""``detect --dask``: the batch scrub mapped over partitions on a Dask cluster.

Import this module only when a cluster is wanted: it imports ``dask.distributed`` (the
optional ``cluster`` extra). The rest of SafeArchive never touches the network; this is the
one place that does, to the scheduler the user names.

* Each worker process loads the NLP pipeline once (:class:`ScrubEnginePlugin`, a worker
  plugin, also run on workers that join or are restarted later).
* The known identifiers are broadcast with that plugin: the scheduler keeps it and hands it
  to every worker, including one started after a crash. (They were first scattered with
  ``client.scatter(broadcast=True)``; the kill test showed why not: Dask's memory manager
  drops extra replicas, and when the worker holding the last one died, every task needing it
  was cancelled.) Each task is one partition: ``scrub_batch(inputs, known, policy, config)``.
* The client reads the input, keeps a bounded number of partitions in flight, writes each
  finished partition to ``part-NNNNNN.jsonl`` in the parts folder (written under a temporary
  name, then renamed: a file there is complete) and yields the results in input order. A run
  that stops part-way is resumed by running it again with the same parts folder: finished
  partitions are read back, not recomputed.
* A worker that dies mid-task is replaced by its nanny and the scheduler runs its tasks
  elsewhere; each partition is written once, under its index, so none is lost or duplicated.

**The cluster sees the text.** Every worker and the scheduler's network carry the posts in
the clear unless TLS is configured (pass a ``distributed.security.Security``; ``detect
--tls-ca/--tls-cert/--tls-key``). Use only a cluster you would trust with the corpus itself.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from distributed import Client, LocalCluster, WorkerPlugin, wait

from safe_archive.core.progress import CancelToken, ProgressEvent, ProgressFn, no_progress
from safe_archive.core.scrub.findings_io import FindingsMismatch, Item, _records, dumps, known_digest, record

if TYPE_CHECKING:
    from distributed import Future
    from distributed.security import Security

    from safe_archive.core.model import Finding
    from safe_archive.core.scrub.engine import EngineConfig
    from safe_archive.core.scrub.known import KnownIdentifiers, ScrubInput
    from safe_archive.core.scrub.policy import Policy

PARTITION_SIZE = 2000  # posts per task: seconds of work, far above the per-task overhead
MANIFEST = "run.json"


class ScrubEnginePlugin(WorkerPlugin):
    """Loads the scrub pipeline once in each worker process, when the worker starts, and
    carries the run's known identifiers to it."""

    idempotent = True

    def __init__(self, config: EngineConfig, known: KnownIdentifiers | None = None) -> None:
        from safe_archive.core.scrub.known import EMPTY_KNOWN

        self.config = config
        self.known = known if known is not None else EMPTY_KNOWN
        self.name = "safe-archive-scrub-" + hashlib.sha256(
            f"{config!r}\0{known_digest(self.known)}".encode()).hexdigest()[:16]

    def setup(self, worker: Any) -> None:
        from safe_archive.core.scrub.batch_api import load_engine

        load_engine(self.config)


def scrub_partition(
    inputs: list[ScrubInput], plugin: str, policy: Policy, config: EngineConfig
) -> tuple[str, list[list[Finding]]]:
    """One task: the worker's scrubber version (checked by the client) and the findings; the
    known identifiers come from the worker plugin named ``plugin``."""
    from distributed import get_worker

    from safe_archive.core.scrub.batch_api import scrub_batch, scrubber_version

    known = get_worker().plugins[plugin].known  # type: ignore[attr-defined]
    return scrubber_version(config, policy), scrub_batch(inputs, known, policy, config)


@contextmanager
def connect(address: str, *, workers: int = 2, security: Security | None = None) -> Iterator[Client]:
    """A client of the scheduler at ``address``, or, for ``"local"``, of a new LocalCluster of
    ``workers`` single-threaded processes on the loopback interface (closed on exit)."""
    if address == "local":
        from safe_archive.core.secret_env import without_secrets

        # No passphrase in the environment while worker processes start (or restart after
        # a crash: the nanny spawns them again for the cluster's whole life).
        with without_secrets(), LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address=None, security=security,
        ) as cluster, Client(cluster, security=security) as client:
            yield client
        return
    with Client(address, security=security) as client:
        yield client


def tls_security(ca_file: str, cert_file: str, key_file: str | None = None) -> Security:
    """Mutual TLS between this client, the scheduler and the workers (all must use it)."""
    from distributed.security import Security

    return Security(tls_ca_file=ca_file, tls_client_cert=cert_file, tls_client_key=key_file,
                    require_encryption=True)


@dataclass(slots=True)
class _Part:
    index: int
    items: list[Item]
    future: Future[Any] | None = None
    results: list[list[Finding]] | None = None


class DaskScrubber:
    """Map :func:`scrub_partition` over the input's partitions on ``client``'s cluster."""

    def __init__(
        self,
        client: Client,
        config: EngineConfig,
        policy: Policy,
        known: KnownIdentifiers,
        parts_dir: Path,
        *,
        partition_size: int = PARTITION_SIZE,
        in_flight: int | None = None,
        on_partition: Any = None,  # called with the index of each partition written (tests)
    ) -> None:
        from safe_archive.core.scrub.batch_api import scrubber_version

        self.client = client
        self.config = config
        self.policy = policy
        self.known = known
        self.parts_dir = parts_dir
        self.partition_size = partition_size
        threads = sum(client.nthreads().values()) or 1
        self.in_flight = in_flight or max(2, 2 * threads)
        self.version = scrubber_version(config, policy)
        self.on_partition = on_partition
        self.computed = 0  # partitions computed by this run
        self.resumed = 0  # partitions read back from an earlier run
        self.max_held = 0  # most partitions held in memory at once (bounded: 2 x in_flight)

    # ------------------------------------------------------------------ the parts folder
    def _check_manifest(self) -> None:
        want = {"scrubber": self.version, "partition_size": self.partition_size,
                "known": known_digest(self.known)}
        self.parts_dir.mkdir(parents=True, exist_ok=True)
        path = self.parts_dir / MANIFEST
        if path.exists():
            have = json.loads(path.read_text(encoding="utf-8"))
            if have != want:
                raise FindingsMismatch(
                    f"{self.parts_dir}: holds partitions of another run (scrubber, partition size "
                    "or known identifiers differ); use an empty folder for this one")
        else:
            path.write_text(json.dumps(want), encoding="utf-8")

    def _part_path(self, index: int) -> Path:
        return self.parts_dir / f"part-{index:06d}.jsonl"

    def _read_part(self, part: _Part) -> list[list[Finding]] | None:
        from safe_archive.core.scrub.findings_io import checked_findings

        path = self._part_path(part.index)
        if not path.exists():
            return None
        with open(path, encoding="utf-8") as fh:
            recs = list(_records(path.name, fh))
        if len(recs) != len(part.items):
            raise FindingsMismatch(f"{path.name}: {len(recs)} records for {len(part.items)} inputs; "
                                   "the input changed since the run that wrote it")
        out = []
        for (item_id, inp), entry in zip(part.items, recs):
            if entry[2].get("id") != item_id:
                raise FindingsMismatch(f"{path.name} line {entry[1]}: id {entry[2].get('id')!r}, "
                                       f"the input has {item_id!r} there; the input changed")
            out.append(checked_findings(str(item_id), inp.text, entry, self.version, path.name))
        return out

    def _write_part(self, part: _Part) -> None:
        assert part.results is not None
        path = self._part_path(part.index)
        tmp = path.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            for (item_id, inp), found in zip(part.items, part.results):
                fh.write(dumps(record(item_id, inp, found, self.version)) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)

    def _collect(self, part: _Part) -> None:
        assert part.future is not None
        version, results = part.future.result()
        part.future.release()
        part.future = None
        if version != self.version:
            raise FindingsMismatch(f"a worker runs scrubber {version}, this client {self.version}; "
                                   "install the same SafeArchive version and models everywhere")
        part.results = results
        self._write_part(part)
        self.computed += 1
        if self.on_partition is not None:
            self.on_partition(part.index)

    # ------------------------------------------------------------------ running
    def run(
        self,
        items: Iterable[Item],
        *,
        total: int | None = None,
        progress: ProgressFn = no_progress,
        cancel: CancelToken | None = None,
    ) -> Iterator[tuple[Item, list[Finding]]]:
        """``(item, findings)`` in input order; partitions already in the parts folder are
        read back, the others computed on the cluster."""
        self._check_manifest()
        it = iter(items)
        # every worker, and any that joins or restarts later, loads the pipeline once and
        # gets the known identifiers
        plugin = ScrubEnginePlugin(self.config, self.known)
        self.client.register_plugin(plugin)
        run_key = hashlib.sha256(f"{self.parts_dir.resolve()}\0{self.version}".encode()).hexdigest()[:12]
        pending: deque[_Part] = deque()
        index = 0
        done = 0

        def top_up() -> None:
            # at most in_flight tasks on the cluster and twice that many partitions held here
            # (finished ones wait for the slowest before them; read-back ones count too)
            nonlocal index
            while (len(pending) < 2 * self.in_flight
                   and sum(p.future is not None for p in pending) < self.in_flight):
                batch = list(islice(it, self.partition_size))
                if not batch:
                    return
                part = _Part(index, batch)
                index += 1
                part.results = self._read_part(part)
                if part.results is not None:
                    self.resumed += 1
                else:
                    part.future = self.client.submit(
                        scrub_partition, [inp for _i, inp in batch], plugin.name, self.policy, self.config,
                        key=f"safe-archive-scrub-{run_key}-{part.index}", pure=False)
                pending.append(part)
                self.max_held = max(self.max_held, len(pending))

        try:
            top_up()
            while pending:
                if cancel is not None:
                    cancel.raise_if_cancelled()
                for part in pending:  # write every finished partition now (resumable)
                    if part.future is not None and part.future.done():
                        self._collect(part)
                head = pending[0]
                if head.results is None:
                    try:  # at most a second, so a cancel is seen
                        wait([p.future for p in pending if p.future is not None],
                             return_when="FIRST_COMPLETED", timeout=1.0)
                    except TimeoutError:
                        pass
                    continue
                pending.popleft()
                yield from zip(head.items, head.results)
                done += len(head.items)
                progress(ProgressEvent("scrub", done, total))
                top_up()
        finally:
            for part in pending:
                if part.future is not None:
                    part.future.cancel()
            self.client.unregister_worker_plugin(plugin.name)

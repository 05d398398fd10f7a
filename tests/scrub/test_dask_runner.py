"""The same findings from one process and a Dask LocalCluster (processes, 2 workers); a run
resumes from its partition files; a worker killed mid-run loses and duplicates nothing.

One cluster for the whole module (starting one costs seconds). The cluster talks TCP on the
loopback interface, so this module replaces the suite's no-network guard with one that lets
127.0.0.1 through and still fails any other connection or name lookup.
"""

from __future__ import annotations

import io
import json
import os
import signal
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from safe_archive.core.scrub.batch_api import scrubber_version  # noqa: E402
from safe_archive.core.scrub.detect_run import scrub_items, write_output  # noqa: E402
from safe_archive.core.scrub.engine import EngineConfig  # noqa: E402
from safe_archive.core.scrub.findings_io import FindingsMismatch  # noqa: E402
from safe_archive.core.scrub.known import KnownIdentifiers, ScrubInput  # noqa: E402
from safe_archive.core.scrub.policy import DEFAULT_POLICY  # noqa: E402
from tests.scrub.fast import FAST  # noqa: E402

LOOPBACK = ("127.0.0.1", "::1", "localhost")


def _items(n: int) -> list[tuple[str, ScrubInput]]:
    return [(f"t:{i}", ScrubInput(
        f"post {i}: mail jo{i}@example.com, call 602.555.01{i % 100:02d}, thanks @user_{i % 9} "
        f"and kes{i % 5}", author_handle=f"kes{i % 5}")) for i in range(n)]


KNOWN = KnownIdentifiers.build(handles=["user_3", "kes1"], names=["Quinn Oakhart"])


def _single(items: list[tuple[str, ScrubInput]], config: EngineConfig = FAST) -> str:
    out = io.StringIO()
    write_output(scrub_items(items, KNOWN, DEFAULT_POLICY, config), out,
                 scrubber_version(config, DEFAULT_POLICY), DEFAULT_POLICY)
    return out.getvalue()


def _on_cluster(client: object, items: list[tuple[str, ScrubInput]], parts: Path,
                config: EngineConfig = FAST, **kw: object) -> tuple[str, object]:
    from safe_archive.core.scrub.dask_runner import DaskScrubber

    runner = DaskScrubber(client, config, DEFAULT_POLICY, KNOWN, parts, **kw)  # type: ignore[arg-type]
    out = io.StringIO()
    write_output(runner.run(items), out, runner.version, DEFAULT_POLICY)
    return out.getvalue(), runner


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The suite's guard, with the loopback interface allowed (the cluster's only network)."""
    seen: list[str] = []
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def local(address: object) -> bool:
        return isinstance(address, tuple) and address[0] in LOOPBACK or isinstance(address, (str, bytes))

    def connect(self: socket.socket, address: object) -> None:
        if self.family == getattr(socket, "AF_UNIX", None) or local(address):
            return real_connect(self, address)  # type: ignore[arg-type]
        seen.append(f"connect {address!r}")
        raise AssertionError(f"network access attempted: {address!r}")

    def connect_ex(self: socket.socket, address: object) -> int:
        if self.family == getattr(socket, "AF_UNIX", None) or local(address):
            return real_connect_ex(self, address)  # type: ignore[arg-type]
        seen.append(f"connect_ex {address!r}")
        raise AssertionError(f"network access attempted: {address!r}")

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        if host in LOOPBACK or host in (None, b"127.0.0.1"):
            return real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]
        seen.append(f"getaddrinfo {host!r}")
        raise AssertionError(f"name lookup attempted: {host!r}")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield seen
    if seen:
        pytest.fail(f"the test tried the network beyond loopback: {seen[:3]}")


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as c:
        yield c


def test_cluster_output_is_byte_identical_and_resumes(client: object, tmp_path: Path) -> None:
    items = _items(230)
    expected = _single(items)
    got, runner = _on_cluster(client, items, tmp_path / "parts", partition_size=40)
    assert got == expected
    assert (runner.computed, runner.resumed) == (6, 0)  # type: ignore[attr-defined]
    parts = sorted(p.name for p in (tmp_path / "parts").glob("part-*.jsonl"))
    assert parts == [f"part-{i:06d}.jsonl" for i in range(6)]

    # a partial run: one partition lost; running again computes only that one
    (tmp_path / "parts" / "part-000002.jsonl").unlink()
    again, runner = _on_cluster(client, items, tmp_path / "parts", partition_size=40, in_flight=1)
    assert again == expected
    assert (runner.computed, runner.resumed) == (1, 5)  # type: ignore[attr-defined]
    assert runner.max_held <= 2  # type: ignore[attr-defined]  # read-back parts are not all held at once


def test_parts_of_another_input_are_refused(client: object, tmp_path: Path) -> None:
    items = _items(50)
    _on_cluster(client, items, tmp_path / "parts", partition_size=40)
    changed = [(i, ScrubInput(inp.text + " (edited)", inp.author_handle)) if n == 3 else (i, inp)
               for n, (i, inp) in enumerate(items)]
    with pytest.raises(FindingsMismatch, match="post t:3"):
        _on_cluster(client, changed, tmp_path / "parts", partition_size=40)
    with pytest.raises(FindingsMismatch, match="another run"):
        _on_cluster(client, items, tmp_path / "parts", partition_size=25)


def test_real_pipeline_on_the_cluster_matches_one_process(client: object, tmp_path: Path) -> None:
    texts = ["my bf jake hurt me and Amy Brightwater saw it", "nothing here",
             "@kestrelwing I believe you, call +44 20 7946 0958", "JAKE again, in Tempe",
             "Quinn Oakhart from Lincoln High told me"]
    items = [(f"r:{i}", ScrubInput(t, author_handle="kestrelwing")) for i, t in enumerate(texts)]
    expected = _single(items, EngineConfig())
    assert '"entity_type":"PERSON"' in expected
    got, _ = _on_cluster(client, items, tmp_path / "parts", EngineConfig(), partition_size=2)
    assert got == expected


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(client: object, tmp_path: Path) -> None:
    items = _items(600)
    expected = _single(items)
    killed: list[int] = []

    def kill_a_busy_worker(index: int) -> None:
        if killed:
            return
        busy = [addr for addr, keys in client.processing().items() if keys]  # type: ignore[attr-defined]
        assert busy, "no task in flight to lose"
        pid = client.run(os.getpid, workers=busy[:1])[busy[0]]  # type: ignore[attr-defined]
        os.kill(pid, signal.SIGKILL)
        killed.append(pid)

    got, runner = _on_cluster(client, items, tmp_path / "parts", partition_size=25, in_flight=4,
                              on_partition=kill_a_busy_worker)
    assert killed
    assert got == expected  # nothing lost, nothing twice, same order
    ids = [json.loads(line)["id"] for line in got.splitlines()]
    assert ids == [i for i, _ in items] and len(set(ids)) == len(ids)
    assert runner.computed == 24  # type: ignore[attr-defined]  # each partition written once
    client.wait_for_workers(2, timeout=120)  # type: ignore[attr-defined]
    pids = set(client.run(os.getpid).values())  # type: ignore[attr-defined]
    assert killed[0] not in pids  # the nanny started a new worker process

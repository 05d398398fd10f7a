"""Suite-wide fixtures.

``no_network`` (autouse): SafeArchive promises zero socket connects and zero DNS lookups
(SECURITY.md property 14). Every test runs with ``socket.socket.connect``/``connect_ex``,
``socket.create_connection``, ``socket.getaddrinfo``, ``socket.gethostbyname(_ex)`` and
``socket.gethostbyaddr`` replaced by functions that record the attempt and raise, so any code
path that tries the network fails the test that reached it. Local AF_UNIX sockets and
``socket.socketpair`` (used by asyncio/Qt internals) stay allowed. Subprocesses are covered
separately by tests/security/netblock/sitecustomize.py.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator

import pytest


class NetworkAttempt(AssertionError):
    """Raised inside the code under test when it tries the network."""


_ATTEMPTS: list[str] = []


def network_attempts() -> list[str]:
    """Attempts recorded in this process so far (tests use it to show the guard can fail)."""
    return list(_ATTEMPTS)


def _is_local_unix(sock: object) -> bool:
    family = getattr(sock, "family", None)
    return family == getattr(socket, "AF_UNIX", object())


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(what: str) -> NetworkAttempt:
        seen.append(what)
        _ATTEMPTS.append(what)
        return NetworkAttempt(f"network access attempted: {what}")

    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def connect(self: socket.socket, address: object) -> None:
        if _is_local_unix(self):
            return real_connect(self, address)  # type: ignore[arg-type]
        raise record(f"connect {address!r}")

    def connect_ex(self: socket.socket, address: object) -> int:
        if _is_local_unix(self):
            return real_connect_ex(self, address)  # type: ignore[arg-type]
        raise record(f"connect_ex {address!r}")

    def create_connection(address: object, *args: object, **kwargs: object) -> socket.socket:
        raise record(f"create_connection {address!r}")

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> list[object]:
        raise record(f"getaddrinfo {host!r}")

    def gethostbyname(host: object) -> str:
        raise record(f"gethostbyname {host!r}")

    def gethostbyname_ex(host: object) -> object:
        raise record(f"gethostbyname_ex {host!r}")

    def gethostbyaddr(host: object) -> object:
        raise record(f"gethostbyaddr {host!r}")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "gethostbyname", gethostbyname)
    monkeypatch.setattr(socket, "gethostbyname_ex", gethostbyname_ex)
    monkeypatch.setattr(socket, "gethostbyaddr", gethostbyaddr)
    yield seen
    if seen:
        pytest.fail(f"the test tried the network {len(seen)} time(s): {seen[:3]}")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Inside dev.py's network namespace the registry is unreachable: skip what needs it
    (dev.py runs those tests in a second call, outside the namespace)."""
    if not os.environ.get("SAFE_ARCHIVE_IN_NETNS"):
        return
    skip = pytest.mark.skip(reason="needs the package registry; dev.py test runs it outside the network namespace")
    for item in items:
        if item.get_closest_marker("needs_registry"):
            item.add_marker(skip)

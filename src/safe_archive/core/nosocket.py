"""No socket at start-up: urllib3 probes IPv6 when it is imported.

Loading the NLP stack imports ``requests`` (through spaCy's CLI helpers and tldextract), and
``urllib3.util.connection`` runs ``HAS_IPV6 = _has_ipv6("::1")`` at import time: it creates an
AF_INET6 socket and binds it to ``::1``. The app never uses the network, but a socket it did not
need is one more thing a reviewer (or a sandbox) has to explain.

:func:`install` puts a small import hook in front of ``sys.meta_path``: only while
``urllib3.util.connection`` itself executes, ``socket.has_ipv6`` reads False, so the probe is
skipped and ``HAS_IPV6`` is False. Nothing is imported early. ``safe_archive.core.scrub``
installs it before anything imports Presidio, spaCy or tldextract.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import socket
import sys
import threading
from collections.abc import Sequence
from types import ModuleType

_TARGET = "urllib3.util.connection"
_lock = threading.Lock()


class _ProbeFreeLoader(importlib.abc.Loader):
    def __init__(self, inner: importlib.abc.Loader) -> None:
        self._inner = inner

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self._inner.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        with _lock:
            saved = socket.has_ipv6
            socket.has_ipv6 = False
            try:
                self._inner.exec_module(module)
            finally:
                socket.has_ipv6 = saved


class _ProbeFreeFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if fullname != _TARGET:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _ProbeFreeLoader(spec.loader)
                return spec
        return None


def install() -> None:
    """Idempotent; a no-op once urllib3 is imported (its probe has run by then)."""
    if _TARGET in sys.modules or any(isinstance(f, _ProbeFreeFinder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _ProbeFreeFinder())

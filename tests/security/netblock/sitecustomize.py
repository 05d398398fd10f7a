"""Loaded by every Python subprocess started with this folder on PYTHONPATH (tests only).

Blocks and records socket connects and DNS lookups, so a CLI run that tries the network both
fails and leaves evidence. Each attempt is appended to the file named by $SAFE_ARCHIVE_NETLOG.
"""

import os
import socket
import sys


def _record(what):
    log = os.environ.get("SAFE_ARCHIVE_NETLOG")
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()} {what}\n")
    return OSError(f"network blocked by the SafeArchive test harness: {what}")


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _is_unix(sock):
    return sock.family == getattr(socket, "AF_UNIX", None)


def _connect(self, address):
    if _is_unix(self):
        return _real_connect(self, address)
    raise _record(f"connect {address!r}")


def _connect_ex(self, address):
    if _is_unix(self):
        return _real_connect_ex(self, address)
    raise _record(f"connect_ex {address!r}")


def _blocked(name):
    def fn(*args, **kwargs):
        raise _record(f"{name} {args[:1]!r}")

    return fn


socket.socket.connect = _connect
socket.socket.connect_ex = _connect_ex
for _name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
    setattr(socket, _name, _blocked(_name))

os.environ.setdefault("SAFE_ARCHIVE_NETBLOCK_ACTIVE", "1")
if os.environ.get("SAFE_ARCHIVE_NETLOG"):
    # Prove the hook loaded in this process (the test checks for the marker).
    with open(os.environ["SAFE_ARCHIVE_NETLOG"] + ".loaded", "a", encoding="utf-8") as _h:
        _h.write(f"{os.getpid()} {sys.argv[:1]!r}\n")

if os.environ.get("SAFE_ARCHIVE_SOCKLOG"):
    # Issue 18: not only connections — record any socket this process creates or binds
    # (Python's audit hooks see socket.__new__ and socket.bind for every socket object).
    def _audit(event, args):
        if event in ("socket.__new__", "socket.bind"):
            with open(os.environ["SAFE_ARCHIVE_SOCKLOG"], "a", encoding="utf-8") as handle:
                handle.write(f"{os.getpid()} {event} {args[1:]!r}\n")

    sys.addaudithook(_audit)

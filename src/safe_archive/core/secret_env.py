"""Secrets passed through the environment must not reach child processes.

``SAFE_ARCHIVE_PASSPHRASE`` and its siblings let scripts run the CLI without a prompt. A child
process (scrub workers, multiprocessing's resource tracker) inherits the environment, and its
``/proc/PID/environ`` then holds the passphrase for as long as it runs. The CLI takes the
variables out of ``os.environ`` as it starts (:func:`take_secrets`); code that starts child
processes on behalf of any caller (the parallel scrubber) does so inside
:func:`without_secrets`. Children receive nothing secret: scrub workers need no key at all.

Limit: the process that *was started* with the variable keeps it in its own initial
environment block (``/proc/self/environ`` shows the environment it was started with), readable
by the same user and root only (mode 0400), unlike its command line. ``--passphrase-file``
avoids even that.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

SECRET_ENV_VARS = (
    "SAFE_ARCHIVE_PASSPHRASE",
    "SAFE_ARCHIVE_NEW_PASSPHRASE",
    "SAFE_ARCHIVE_RECOVERY_KEY",
    "SAFE_ARCHIVE_EXPORT_PASSPHRASE",
)


def take_secrets() -> dict[str, str]:
    """Remove every secret variable from ``os.environ`` (and so from what children inherit);
    return the ones that were set."""
    taken: dict[str, str] = {}
    for name in SECRET_ENV_VARS:
        value = os.environ.pop(name, None)
        if value is not None:
            taken[name] = value
    return taken


def give_back(taken: dict[str, str]) -> None:
    """Put variables taken by :func:`take_secrets` back, unless set again meanwhile."""
    for name, value in taken.items():
        os.environ.setdefault(name, value)


@contextmanager
def without_secrets() -> Iterator[None]:
    """Run the block (e.g. starting worker processes) with no secret in ``os.environ``."""
    taken = take_secrets()
    try:
        yield
    finally:
        give_back(taken)

"""What every command shares: getting the passphrase, opening the archive, printing."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from safe_archive.core.archive import Archive
from safe_archive.core.errors import SafeArchiveError
from safe_archive.core.passphrase_policy import check_new_passphrase
from safe_archive.core.secret_env import give_back, take_secrets
from safe_archive.core.sync_folders import archive_warning, export_warning, sync_risk

PASSPHRASE_ENV = "SAFE_ARCHIVE_PASSPHRASE"
NEW_PASSPHRASE_ENV = "SAFE_ARCHIVE_NEW_PASSPHRASE"
RECOVERY_ENV = "SAFE_ARCHIVE_RECOVERY_KEY"

F = TypeVar("F", bound=Callable[..., Any])

# Secrets taken out of os.environ when the command started (children never inherit them).
_env_secrets: dict[str, str] = {}


def take_env_secrets() -> dict[str, str]:
    """Move the secret variables out of ``os.environ`` into this module (``main`` calls it)."""
    taken = take_secrets()
    _env_secrets.clear()
    _env_secrets.update(taken)
    return taken


def restore_env_secrets(taken: dict[str, str]) -> None:
    """For in-process callers of ``main(argv)`` (tests): give their environment back."""
    _env_secrets.clear()
    give_back(taken)


def env_secret(name: str) -> str | None:
    return _env_secrets.get(name) or os.environ.get(name) or None


def passphrase_options(func: F) -> F:
    func = click.option(
        "--passphrase-file",
        type=click.Path(dir_okay=False, path_type=Path),
        help=f"Read the passphrase from the first line of this file (else ${PASSPHRASE_ENV}, else a prompt).",
    )(func)
    func = click.option(
        "--recovery",
        is_flag=True,
        help=f"Open with the recovery key instead of the passphrase (prompted, or ${RECOVERY_ENV}).",
    )(func)
    return func


def read_secret_file(path: Path, what: str) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            line = handle.readline()
    except OSError as exc:
        raise SafeArchiveError(f"Cannot read the {what} file {path}: {exc.strerror}.") from None
    value = line.rstrip("\r\n")
    if not value:
        raise SafeArchiveError(f"The {what} file {path} is empty.")
    return value


def get_passphrase(
    passphrase_file: Path | None,
    *,
    confirm: bool = False,
    env: str = PASSPHRASE_ENV,
    prompt: str = "Passphrase",
    what: str = "passphrase",
    file_option: str = "--passphrase-file",
    alternative: str = "",
) -> str:
    """A secret from a file, else an environment variable, else a hidden prompt (terminal only)."""
    if passphrase_file is not None:
        return read_secret_file(passphrase_file, what)
    value = env_secret(env)
    if value:
        return value
    if not sys.stdin.isatty():
        raise SafeArchiveError(
            f"No {what}: give {file_option} or set ${env}{alternative} when not running in a terminal."
        )
    return str(click.prompt(prompt, hide_input=True, confirmation_prompt=confirm, err=True))


def get_new_passphrase(
    passphrase_file: Path | None,
    *,
    env: str = PASSPHRASE_ENV,
    prompt: str = "New passphrase",
    what: str = "passphrase",
    file_option: str = "--passphrase-file",
    alternative: str = "",
    user_inputs: tuple[str, ...] = (),
) -> str:
    """A new secret (confirmed when prompted), held to the core passphrase policy: refused
    below the floor (one line), a warning on stderr when only fair."""
    value = get_passphrase(passphrase_file, confirm=True, env=env, prompt=prompt, what=what,
                           file_option=file_option, alternative=alternative)
    result = check_new_passphrase(value, what=what, user_inputs=user_inputs)
    if not result.good:
        info(f"safe-archive: warning: the new {what} is accepted, but {result.problem}.")
    return value


def get_recovery_key() -> str:
    value = env_secret(RECOVERY_ENV)
    if value:
        return value
    if not sys.stdin.isatty():
        raise SafeArchiveError(f"No recovery key: set ${RECOVERY_ENV} when not running in a terminal.")
    return str(click.prompt("Recovery key", hide_input=True, err=True))


def require_archive(folder: Path) -> None:
    """Refuse early (before asking for a passphrase) when ``folder`` holds no archive."""
    if Archive.exists(folder):
        return
    if Archive.interrupted_init(folder):  # an init killed before it finished: say so
        raise SafeArchiveError(
            f"No archive at {folder}: an earlier init there did not finish (nothing was stored "
            f"in it). Run it again: safe-archive init {folder}"
        )
    raise SafeArchiveError(f"No archive at {folder}. Create one with: safe-archive init {folder}")


@contextmanager
def open_archive(folder: Path, passphrase_file: Path | None, recovery: bool = False) -> Iterator[Archive]:
    require_archive(folder)
    warn_if_synced(folder)
    if recovery:
        archive = Archive.open(folder, recovery_key=get_recovery_key())
    else:
        archive = Archive.open(folder, get_passphrase(passphrase_file))
    try:
        yield archive
    finally:
        archive.close()


def info(message: str) -> None:
    """Status for people, on stderr (stdout stays for results)."""
    click.echo(message, err=True)


class StatusLine:
    """A one-line progress display on stderr, only when it is a terminal."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self._width = 0

    def show(self, text: str) -> None:
        if not self.enabled:
            return
        padded = text.ljust(self._width)
        self._width = len(text)
        sys.stderr.write("\r" + padded)
        sys.stderr.flush()

    def done(self) -> None:
        if self.enabled and self._width:
            sys.stderr.write("\r" + " " * self._width + "\r")
            sys.stderr.flush()


# ---------------------------------------------------------------- identifiers off the command line

def text_file_option(name: str, what: str) -> Callable[[F], F]:
    """``--NAME-file FILE`` ('-' for stdin): the file form of an argument that can carry a name.

    A command line is visible to every local user in /proc/PID/cmdline while the command runs,
    and lands in shell history; a file or stdin is neither."""
    return click.option(
        f"--{name}-file", f"{name.replace('-', '_')}_file",
        type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
        help=f"Read the {what} from this file ('-' for stdin) instead of the command line, where "
             "other local users and your shell history can see it.",
    )


def read_text_arg(path: Path, what: str, *, one_line: bool = True) -> str:
    """The contents of ``path`` ('-': stdin) without the final line break; refused when empty
    (and, for ``one_line``, when it holds more than one line)."""
    if str(path) == "-":
        text = sys.stdin.read()
        where = "standard input"
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
            raise SafeArchiveError(f"Cannot read the {what} file {path}: {reason}.") from None
        where = str(path)
    value = text.rstrip("\r\n") if one_line else text
    if not value.strip():
        raise SafeArchiveError(f"The {what} in {where} is empty.")
    if one_line and ("\n" in value or "\r" in value):
        raise SafeArchiveError(f"The {what} in {where} must be one line.")
    return value


def identifier_arg(inline: str | None, path: Path | None, *, what: str, option: str,
                   one_line: bool = True, required: bool = False) -> str | None:
    """An argument that can carry an identifier, given inline or through ``option`` (a file or
    '-'). Inline, it warns when the shell keeps history (``$HISTFILE`` set): the identifier is in
    /proc/PID/cmdline now and in that file later."""
    if inline is not None and path is not None:
        raise click.UsageError(f"Give the {what} on the command line or with {option}, not both.")
    if path is not None:
        return read_text_arg(path, what, one_line=one_line)
    if inline is None:
        if required:
            raise click.UsageError(f"Give the {what}, or {option} FILE ('-' for stdin).")
        return None
    if os.environ.get("HISTFILE"):
        info(f"safe-archive: warning: the {what} is on the command line, so your shell history "
             f"keeps it and other local users can see it while this runs; use {option} FILE "
             "(or - for stdin) for names and identifiers.")
    return inline


# ---------------------------------------------------------------- cloud-synced and network folders

def warn_if_synced(path: Path, *, export: bool = False) -> None:
    """A warning on stderr when ``path`` (an archive folder, or a plain export) is in a
    cloud-synced folder or on a network file system (core/sync_folders.py)."""
    risk = sync_risk(path)
    if risk is not None:
        message = export_warning(path, risk) if export else archive_warning(path, risk)
        info(f"safe-archive: warning: {message}")

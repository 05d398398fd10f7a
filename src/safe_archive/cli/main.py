"""Entry point: ``safe-archive`` / ``python -m safe_archive``.

Exit codes: 0 success, 1 failure (one clear line on stderr, no traceback unless --debug),
2 usage error, 130 interrupted (Ctrl+C).
"""

from __future__ import annotations

import importlib
import sys
import traceback

import click

from safe_archive import __version__
from safe_archive.core.errors import SafeArchiveError
from safe_archive.core.terminal_text import SanitizingWriter, for_terminal

# Command modules; each registers its commands on ``cli`` when imported.
_COMMAND_MODULES = ("archive_cmds", "scrub_cmds", "gui_cmd", "export_cmds", "review_cmds", "selftest_cmd")


class Context:
    debug: bool = False


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="safe-archive")
@click.option("--debug", is_flag=True, help="Show tracebacks on failure (they may contain file paths).")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """SafeArchive: keep sensitive testimony from social media in an encrypted archive,
    scrub names and identifiers, review, search, and export redacted collections."""
    ctx.obj = Context()
    ctx.obj.debug = debug


def _load_commands() -> None:
    for name in _COMMAND_MODULES:
        importlib.import_module(f"safe_archive.cli.{name}")


def harden_process() -> None:
    """No core dumps: a crash must not write archive text or keys to disk."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):
        pass


def main(argv: list[str] | None = None) -> int:
    harden_process()
    from safe_archive.cli.common import restore_env_secrets, take_env_secrets

    # Secrets from the environment are read once, then gone from os.environ: no child process
    # (scrub workers, multiprocessing's resource tracker) inherits them.
    taken = take_env_secrets()
    # Whatever a command prints, archive text cannot drive the terminal: escape sequences,
    # C1 and bidi controls are shown as \x1b / \u009b (core/terminal_text.py).
    streams = sys.stdout, sys.stderr
    if sys.stdout is not None and sys.stderr is not None:
        sys.stdout, sys.stderr = SanitizingWriter(sys.stdout), SanitizingWriter(sys.stderr)
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = streams
        if argv is not None:  # called in-process (tests): give the caller's environment back
            restore_env_secrets(taken)


def _main(argv: list[str] | None) -> int:
    _load_commands()
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        result = cli.main(args=args, prog_name="safe-archive", standalone_mode=False)
    except click.exceptions.Abort:  # click turns Ctrl+C (and end of input at a prompt) into this
        click.echo(
            "safe-archive: interrupted. Work committed so far was kept; run the command again to finish.",
            err=True,
        )
        return 130
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.UsageError as exc:
        exc.show()
        return 2
    except click.ClickException as exc:
        exc.show()
        return 1
    except SafeArchiveError as exc:
        if debug:
            traceback.print_exc()
        click.echo(f"safe-archive: {for_terminal(exc)}", err=True)  # one line, whatever a path holds
        return 1
    except KeyboardInterrupt:
        click.echo(
            "safe-archive: interrupted. Work committed so far was kept; run the command again to finish.",
            err=True,
        )
        return 130
    except Exception as exc:  # noqa: BLE001 - never show a traceback with possible content
        if debug:
            traceback.print_exc()
        click.echo(
            f"safe-archive: internal error ({type(exc).__name__}). Nothing stored was lost; "
            "run again with --debug to see details, and report it.",
            err=True,
        )
        return 1
    return result if isinstance(result, int) else 0

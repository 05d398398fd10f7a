"""``safe-archive gui [ARCHIVE] [--demo]``: the desktop application."""

from __future__ import annotations

from pathlib import Path

import click

from safe_archive.cli.main import cli
from safe_archive.core.errors import SafeArchiveError


@cli.command("gui")
@click.argument("archive", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--demo",
    is_flag=True,
    help="Open a generated demo archive of synthetic posts (created on first use in the app's "
    "data folder; its passphrase is public: 'demo archive - synthetic posts only').",
)
def gui_command(archive: Path | None, demo: bool) -> int:
    """Open the desktop application (optionally on ARCHIVE, or on the demo archive)."""
    if demo and archive is not None:
        raise click.UsageError("Give an ARCHIVE or --demo, not both.")
    from safe_archive.gui import system_libs  # no Qt import: safe before Qt can abort

    missing = system_libs.check()
    if missing:
        raise SafeArchiveError(missing)
    try:
        from safe_archive.gui import app
    except ImportError as exc:  # PySide6 or a Qt system library is missing
        raise SafeArchiveError(
            f"The desktop application cannot start: {exc.name or 'a Qt library'} is missing. "
            "Install PySide6-Essentials (and on Linux the Qt runtime libraries)."
        ) from None
    hint = app.qt_platform_hint()
    if hint:
        raise SafeArchiveError(hint)
    from safe_archive.core import demo as demo_data
    from safe_archive.core.paths import AppPaths

    paths = AppPaths.default()
    if demo:
        folder = demo_data.ensure_demo_archive(paths)
        return app.run(folder, passphrase=demo_data.DEMO_PASSPHRASE, paths=paths)
    return app.run(archive, paths=paths)

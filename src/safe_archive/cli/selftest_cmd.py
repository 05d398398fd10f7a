"""``safe-archive --self-test``: a top-level option (like ``--version``), not a command.

The logic is in :mod:`safe_archive.core.selftest`; this prints its one line per step and
exits 0 only if every step passed. Installed bundles run it as their smoke test.
"""

from __future__ import annotations

import click

from safe_archive.cli.main import cli


def _run_self_test(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from safe_archive.core.selftest import run_self_test

    ok = True
    for result in run_self_test():
        click.echo(result.line())
        ok = ok and result.ok
    click.echo("self-test passed" if ok else "self-test FAILED", err=not ok)
    ctx.exit(0 if ok else 1)


cli.params.append(
    click.Option(
        ["--self-test"],
        is_flag=True,
        is_eager=True,
        expose_value=False,
        callback=_run_self_test,
        help="Check this installation (NLP pipeline, key derivation, archive, import, scrub, "
        "export) on synthetic posts in a temporary folder, offline; exit 0 if all pass.",
    )
)

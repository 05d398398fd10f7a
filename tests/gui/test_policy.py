"""Tools ▸ Scrubbing policy…: load on the database thread, edit, save a new version."""

from __future__ import annotations

from safe_archive.core.archive.scrubbing import ArchiveScrubber
from safe_archive.core.scrub.policy import Action
from safe_archive.gui.main_window import MainWindow


def test_edit_and_save_the_policy(main_window: MainWindow) -> None:
    main_window.show_policy()
    dialog = main_window.policy_dialog
    assert dialog.header.text().startswith("Policy version 1.")
    age = dialog.actions["AGE"]
    age.setCurrentIndex(age.findData("redact"))
    dialog.thresholds["PERSON"].setValue(0.5)
    dialog.deny.setPlainText("Northbrook\n")
    dialog.accept()
    archive = main_window.ctx.session.require()
    version, policy = ArchiveScrubber(archive).policy()
    assert version == 2
    assert policy.action("AGE") is Action.REDACT
    assert policy.rule("PERSON").threshold == 0.5
    assert policy.deny_list == ("Northbrook",)


def test_a_bad_policy_is_reported_not_saved(main_window: MainWindow) -> None:
    main_window.show_policy()
    dialog = main_window.policy_dialog
    dialog.allow.setPlainText("")
    def broken():  # type: ignore[no-untyped-def]
        from safe_archive.core.errors import PolicyError

        raise PolicyError("rules.AGE.threshold: must be between 0 and 1")

    dialog.edited = broken  # type: ignore[method-assign]
    dialog.accept()
    assert any("threshold" in m for m in main_window.ctx.errors.messages)
    assert ArchiveScrubber(main_window.ctx.session.require()).policy()[0] == 1

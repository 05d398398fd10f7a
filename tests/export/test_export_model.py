"""Issue 14: every export manifest says which model scrubbed the posts (the manifest read a
``scrub_model`` setting nothing wrote, so it never did)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from safe_archive.core.archive import Archive
from safe_archive.core.export.records import ExportOptions
from safe_archive.core.model import Finding
from safe_archive.core.scrub.known import KnownIdentifiers, ScrubInput
from safe_archive.core.scrub.policy import Policy
from tests.export.helpers import add_post, new_archive


def _finds_lena(inputs: Sequence[ScrubInput], known: KnownIdentifiers, policy: Policy) -> list[list[Finding]]:
    return [[Finding(i.text.index("Lena"), i.text.index("Lena") + 4, "PERSON", 0.9, "test", "Lena")]
            if "Lena" in i.text else [] for i in inputs]


def _manifest(archive: Archive, out: Path) -> dict[str, object]:
    archive.exporter().export(ExportOptions(format="jsonl"), out)
    return dict(json.loads(Path(str(out) + ".manifest.json").read_text(encoding="utf-8")))


def test_the_manifest_names_the_model_that_scrubbed(tmp_path: Path) -> None:
    archive = new_archive(tmp_path / "a")
    try:
        add_post(archive, "Lena told me first", scrubbed=False)
        assert "not recorded" in str(_manifest(archive, tmp_path / "before.jsonl")["model"])
        scrubber = archive.scrubber(scrub_fn=_finds_lena)
        assert scrubber.scrub().scrubbed == 1
        manifest = _manifest(archive, tmp_path / "after.jsonl")
        assert manifest["model"] == scrubber.model_description()
        assert "SafeArchive" in str(manifest["model"])
    finally:
        archive.close()


def test_the_engine_description_names_every_part_and_the_exact_scrubber(tmp_path: Path) -> None:
    """The default engine's description says the context model runs (it is on by default) and
    carries scrubber_version: a hash of the scrub code, its models and lists, the configuration
    and the policy, so two manifests with the same string came from the same scrubber."""
    from safe_archive.core.scrub.batch_api import scrubber_version
    from safe_archive.core.scrub.engine import EngineConfig

    archive = new_archive(tmp_path / "a")
    try:
        config = EngineConfig()
        described = archive.scrubber(config=config).model_description()
        assert "context model" in described and "social NER" in described
        assert f"scrubber {scrubber_version(config, archive.scrubber(config=config).policy()[1])}" in described
        fast = archive.scrubber(config=EngineConfig(context_model=False)).model_description()
        assert "context model" not in fast and fast != described
        # an ethics board reads which parts ran for which languages
        assert "Chinese: Baidu LAC" in described and "Portuguese NER" in described
        no_lac = archive.scrubber(config=EngineConfig(zh_lac=False)).model_description()
        assert "Baidu LAC" not in no_lac and "Chinese: character NER" in no_lac
        english_only = archive.scrubber(config=EngineConfig(languages=False)).model_description()
        assert "Other languages" not in english_only and "English: social NER" in english_only
    finally:
        archive.close()

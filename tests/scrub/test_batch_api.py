"""The batch-scrub API: one engine per process, a version that names what findings depend on,
findings records that round-trip and are checked, the local pool's output identical."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import pytest

from safe_archive.core.scrub import batch_api
from safe_archive.core.scrub.detect_run import scrub_items, write_output
from safe_archive.core.scrub.engine import EngineConfig
from safe_archive.core.scrub.findings_io import (
    FindingsLookup,
    FindingsMismatch,
    checked_findings,
    dumps,
    read_lines,
    record,
)
from safe_archive.core.scrub.known import KnownIdentifiers, ScrubInput
from safe_archive.core.scrub.policy import DEFAULT_POLICY, Action
from safe_archive.core.scrub.scrubber import Scrubber
from tests.scrub.fast import FAST

TEXTS = [f"post {i}: mail jo{i}@example.com, call 602.555.01{i:02d}, @user_{i % 4} said kes"
         for i in range(40)]


def test_one_engine_per_process_shared_with_scrubber() -> None:
    engine = batch_api.load_engine(FAST)
    assert batch_api.load_engine(FAST) is engine
    assert Scrubber.load(FAST).engine is engine
    inputs = [ScrubInput(t, author_handle="kes") for t in TEXTS[:5]]
    known = KnownIdentifiers.build(handles=["user_1"])
    got = batch_api.scrub_batch(inputs, known, DEFAULT_POLICY, FAST)
    assert got == Scrubber(engine).scrub(inputs, known, DEFAULT_POLICY)
    assert [f.entity_type for f in got[1]] == ["EMAIL_ADDRESS", "PHONE_NUMBER", "USERNAME", "USERNAME"]


def test_version_names_config_and_detection_policy_not_actions() -> None:
    base = batch_api.scrubber_version(FAST, DEFAULT_POLICY)
    assert base == batch_api.scrubber_version(FAST, DEFAULT_POLICY)
    assert base != batch_api.scrubber_version(replace(FAST, phone_regions=("US",)), DEFAULT_POLICY)
    stricter = DEFAULT_POLICY.with_rule("PERSON", Action.PSEUDONYM, 0.9)
    assert base.split(".p")[0] == batch_api.scrubber_version(FAST, stricter).split(".p")[0]
    assert base != batch_api.scrubber_version(FAST, stricter)
    restyled = DEFAULT_POLICY.with_rule("PERSON", Action.REDACT)
    assert base == batch_api.scrubber_version(FAST, restyled)  # actions do not change findings


def test_local_pool_output_is_byte_identical_to_one_process() -> None:
    items = [(f"t:{i}", ScrubInput(t, author_handle="kes")) for i, t in enumerate(TEXTS)]
    known = KnownIdentifiers.build(handles=["user_2"], names=["Quinn Oakhart"])
    version = batch_api.scrubber_version(FAST, DEFAULT_POLICY)
    one, two = io.StringIO(), io.StringIO()
    write_output(scrub_items(items, known, DEFAULT_POLICY, FAST), one, version, DEFAULT_POLICY)
    write_output(scrub_items(iter(items), known, DEFAULT_POLICY, FAST, workers=2, batch_size=7),
                 two, version, DEFAULT_POLICY)
    assert two.getvalue() == one.getvalue()
    lines = [json.loads(line) for line in one.getvalue().splitlines()]
    assert [r["id"] for r in lines] == [i for i, _ in items]
    assert lines[3]["redacted"].startswith("post 3: mail [EMAIL_ADDRESS], call [PHONE_NUMBER]")


def test_findings_records_round_trip_and_are_checked(tmp_path: Path) -> None:
    text = "mail jo@example.com now"
    found = batch_api.scrub_batch([ScrubInput(text)], None, None, FAST)[0]
    version = batch_api.scrubber_version(FAST, DEFAULT_POLICY)
    path = tmp_path / "f.jsonl"
    recs = [record("x:2", ScrubInput("other"), [], version), record("x:1", ScrubInput(text), found, version)]
    path.write_text("".join(dumps(r) + "\n" for r in recs), encoding="utf-8")

    lookup = FindingsLookup(path)  # asked out of file order: the earlier record is held
    assert checked_findings("x:1", text, lookup.take("x:1"), version, "f.jsonl") == found
    assert lookup.take("x:9") is None
    with pytest.raises(FindingsMismatch, match=r"post x:1 \(f.jsonl line 2\): the text differs"):
        checked_findings("x:1", text + "!", FindingsLookup(path).take("x:1"), version, "f.jsonl")
    other_policy = batch_api.scrubber_version(FAST, DEFAULT_POLICY.with_rule("URL", Action.KEEP))
    with pytest.raises(FindingsMismatch, match="post x:1 .*a different scrub policy"):
        checked_findings("x:1", text, FindingsLookup(path).take("x:1"), other_policy, "f.jsonl")
    with pytest.raises(FindingsMismatch, match="post x:3: no findings"):
        checked_findings("x:3", text, None, version, "f.jsonl")
    path.write_text(dumps(recs[0]) + "\n" + dumps(recs[0]) + "\n", encoding="utf-8")
    with pytest.raises(FindingsMismatch, match="line 2: post x:2 appears twice"):
        FindingsLookup(path).take("x:1")


def test_detect_lines_carry_ids() -> None:
    items = list(read_lines(['{"id": 7, "text": "hi @amy", "author": "jane"}', "plain text"]))
    assert items[0][0] == "7" and items[0][1].author_handle == "jane"
    assert items[1] == (None, ScrubInput("plain text"))
    with pytest.raises(Exception, match="record 1"):
        list(read_lines(['{"id": [1], "text": "x"}']))


def test_recognizers_run_in_a_fixed_order() -> None:
    """Presidio returned them as list(set(...)): which of two equal results survived its
    de-duplication (source known:author or known:archive) changed between processes."""
    from safe_archive.core.scrub.recognizers.known_identifier_recognizer import (
        KnownIdentifierRecognizer,
        KnownTerm,
    )

    registry = batch_api.load_engine(FAST).analyzer.registry
    extra = [KnownIdentifierRecognizer([KnownTerm(f"user{i}", "USERNAME", "known:author")],
                                       name=f"R{i}") for i in range(6)]
    got = registry.get_recognizers("en", entities=["USERNAME", "EMAIL_ADDRESS", "PHONE_NUMBER", "URL"],
                                   ad_hoc_recognizers=extra)
    assert len(got) > 8
    assert got == [r for r in [*registry.recognizers, *extra] if any(r is g for g in got)]


def test_known_digest_is_the_same_in_every_process() -> None:
    """The parts folder of a Dask run records it; a resumed run (a new process) must agree."""
    import subprocess
    import sys

    code = ("from safe_archive.core.scrub.findings_io import known_digest\n"
            "from safe_archive.core.scrub.known import KnownIdentifiers\n"
            "print(known_digest(KnownIdentifiers.build(handles=[f'h{i}' for i in range(50)],"
            " names=['Quinn Oakhart', 'Amy B'], terms=[('jake', 'PERSON')])))\n")
    digests = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={**__import__("os").environ, "PYTHONHASHSEED": seed}).stdout
               for seed in ("1", "2", "3")}
    assert len(digests) == 1 and len(digests.pop().strip()) == 64

"""`safe-archive --self-test`: the chain runs offline, prints one line per step, cleans up."""

from __future__ import annotations

import _socket
import re
import socket
import tempfile
from pathlib import Path

import pytest

from safe_archive.cli.main import main
from safe_archive.core.scrub.engine import EngineConfig
from safe_archive.core.selftest import STEPS as STEP_NAMES
from safe_archive.core.selftest import StepResult, no_network, run_self_test

STEPS = list(STEP_NAMES)
OK_LINE = re.compile(r"^ok   (?P<step>.+) \((?P<secs>\d+\.\d\d) s\)$")


def test_cli_self_test_passes_prints_one_line_per_step_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where its temp folder goes
    assert main(["--self-test"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "self-test passed"
    steps = [OK_LINE.match(line) for line in out[:-1]]
    assert all(steps), out
    assert [m["step"] for m in steps if m] == STEPS
    assert list(tmp_path.iterdir()) == []  # archive, posts file and export all removed


def test_a_failing_step_fails_the_run_skips_what_needs_it_and_still_cleans_up(tmp_path: Path) -> None:
    results = list(run_self_test(engine_config=EngineConfig(spacy_model="no_such_pipeline_pkg"),
                                 temp_parent=tmp_path))
    assert [r.name for r in results] == STEPS
    by_name = {r.name: r for r in results}
    first = by_name["load NLP pipeline"]
    assert not first.ok and "no_such_pipeline_pkg" in first.detail
    assert first.line().startswith("FAIL load NLP pipeline: ")
    # steps that do not need the pipeline still run and pass
    for name in ("Argon2id RFC 9106 test vector", "create archive", "import synthetic posts",
                 "clean up", "no network use"):
        assert by_name[name].ok, by_name[name].line()
    assert by_name["scrub posts"].line() == "FAIL scrub posts: not run (load NLP pipeline failed)"
    assert by_name["export (age-encrypted)"].detail == "not run (scrub posts failed)"
    assert by_name["verify archive and export"].detail == "not run (export (age-encrypted) failed)"
    assert list(tmp_path.iterdir()) == []


def test_cli_exit_status_is_1_when_a_step_fails(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    import safe_archive.core.selftest as selftest

    def one_failure(**_kw: object):  # type: ignore[no-untyped-def]
        yield StepResult("load NLP pipeline", True, 0.5)
        yield StepResult("create archive", False, 0.1, "disk full")

    monkeypatch.setattr(selftest, "run_self_test", one_failure)
    assert main(["--self-test"]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == ["ok   load NLP pipeline (0.50 s)", "FAIL create archive: disk full"]
    assert "self-test FAILED" in captured.err


def test_network_guard_refuses_lookups_and_connects_and_records_them() -> None:
    # _socket is below the suite's monkeypatched socket functions: only the guard stands here
    with no_network() as attempts:
        with pytest.raises(ConnectionRefusedError):
            _socket.getaddrinfo("example.org", 443)
        sock = _socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            with pytest.raises(ConnectionRefusedError):
                sock.connect(("192.0.2.1", 9))  # TEST-NET-1; refused before any packet
        finally:
            sock.close()
        a, b = socket.socketpair()  # local pairs stay allowed
        a.close(), b.close()
    assert attempts == ["socket.getaddrinfo", "socket.connect"]

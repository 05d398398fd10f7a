"""Running the scrubber over the archive: findings, pseudonyms, redacted text, policy versions.

The scrub of a batch is the scrub package's pure function (texts + known identifiers + policy →
findings). This module feeds it from the archive and stores what comes back:

* **Known identifiers** are archive-wide: every author's and mentioned user's handle and name,
  terms reviewers confirmed (accepted or manual findings) and the always-redact list — so an
  identifier confirmed in one post is found in every post.
* **Pseudonyms** come from a keyed mapping kept inside the encrypted archive: the same person
  gets the same label everywhere, and an account's handle and display name share one label.
* **Policy** changes are versioned. A change to thresholds or allow/deny lists re-detects; a
  change of actions only re-renders the posts that have findings of the changed types.
* Scrubbing is **resumable**: each batch commits the findings, the redacted text and the policy
  version it used; a cancel or crash keeps every committed batch, and running it again goes on.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from safe_archive import __version__
from safe_archive.core.store import propagation
from safe_archive.core.store import scrub_results as sql
from safe_archive.core.store.audit import record
from safe_archive.core.store.db import Connection
from safe_archive.core.store.importing import ScrubSummary
from safe_archive.core.store.pseudonyms import ArchiveLabeler, pseudonym_key
from safe_archive.core.store.rendering import current_policy, record_scrub_model, refresh_redacted
from safe_archive.core.errors import Cancelled
from safe_archive.core.model import Finding, Mention
from safe_archive.core.progress import CancelToken, ProgressEvent, ProgressFn, no_progress
from safe_archive.core.redaction.canonical import match_key, term_key
from safe_archive.core.scrub.known import KnownIdentifiers, ScrubInput
from safe_archive.core.scrub.language import post_language
from safe_archive.core.scrub.policy import Policy

if TYPE_CHECKING:
    from safe_archive.core.archive import Archive
    from safe_archive.core.store.store import Store

if TYPE_CHECKING:  # the engine loads spaCy/Presidio: only when a scrub runs
    from safe_archive.core.scrub.engine import EngineConfig
    from safe_archive.core.scrub.scrubber import Scrubber

_DETECT_VERSION = "detect_policy_version"
# Confirmed terms whose propagation is still owed: stored with each batch that confirms one,
# cleared once propagated, so a cancel, crash or kill -9 between the batches and the
# propagation does not lose it (the next scrub, even with nothing left to scrub, does it).
_PROPAGATE = "scrub_propagation_pending"
BATCH = 256
# A term found with at least this score is "confirmed" and looked for in every post.
CONFIRM_SCORE = 0.85
CONFIRM_TYPES = frozenset({"PERSON", "USERNAME", "EMAIL_ADDRESS", "PHONE_NUMBER"})

ScrubFn = Callable[[Sequence["ScrubInput"], "KnownIdentifiers", "Policy"], list[list[Finding]]]


@dataclass(slots=True)
class _People:
    handles: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    aliases: dict[str, str] = field(default_factory=dict)
    last_id: int = 0  # posts up to this rowid have been read


@dataclass(frozen=True, slots=True)
class ScrubPlan:
    """How ``Archive.import_files(..., scrub=ScrubPlan(...))`` scrubs after importing: every
    post the archive holds unscrubbed. ``pool=True`` runs the NLP work in a worker process
    (the GUI, so nothing competes with its threads); ``workers > 1`` in several."""

    workers: int = 1
    pool: bool = False
    config: EngineConfig | None = None
    scrubber: Scrubber | None = None
    scrub_fn: ScrubFn | None = None

    def __post_init__(self) -> None:
        # An NLP pipeline that is not installed is said here, before anything is imported,
        # not by a broken worker pool after the import (ModelNotInstalled names the fix).
        if self.config is not None and self.scrubber is None and self.scrub_fn is None:
            from safe_archive.core.scrub.engine import _require_installed

            _require_installed(self.config.spacy_model)

    def scrubber_for(self, archive: Archive) -> ArchiveScrubber:
        return archive.scrubber(scrubber=self.scrubber, scrub_fn=self.scrub_fn, config=self.config)

    def pending(self, archive: Archive) -> int:
        return self.scrubber_for(archive).pending_count()

    def run(self, archive: Archive, *, progress: ProgressFn | None = None,
            cancel: CancelToken | None = None) -> ScrubSummary:
        service = self.scrubber_for(archive)
        if progress is not None and service.pending_count():
            # said at once (a progress bar can go busy) before the name detector loads
            progress(ProgressEvent("scrub", 0, None, message="Loading the name detector"))
        return service.scrub(workers=self.workers, pool=self.pool, progress=progress, cancel=cancel)


PROPAGATE_CHUNK = 500  # confirmed terms propagated per transaction


class ArchiveScrubber:
    """Scrub an open archive's posts. ``scrub_fn`` defaults to a loaded :class:`Scrubber`;
    tests and the GUI's process pool may pass another function of the same shape."""

    def __init__(
        self,
        store: Store,
        *,
        scrubber: Scrubber | None = None,
        scrub_fn: ScrubFn | None = None,
        config: EngineConfig | None = None,
    ) -> None:
        self.store = store
        self._scrubber = scrubber
        self._scrub_fn = scrub_fn
        self._config = config
        self._people_cache: _People | None = None
        self._disguised = propagation.DisguiseIndex()

    # ------------------------------------------------------------------ policy
    def policy(self) -> tuple[int, Policy]:
        """The current policy and its version (the default policy is version 1)."""
        return current_policy(self.store.conn)

    def detect_version(self) -> int:
        return int(self.store.get_setting(_DETECT_VERSION, 1) or 1)

    def set_policy(self, policy: Policy) -> None:
        """Store a new policy version; re-render or mark for re-detection only what it affects."""
        old_version, old = self.policy()
        new_version = old_version + 1
        policy = replace(policy.validated(), version=new_version)
        old_d, new_d = old.to_dict(), policy.to_dict()
        detection_changed = (
            old_d["allow_list"] != new_d["allow_list"]
            or old_d["deny_list"] != new_d["deny_list"]
            or {t: r["threshold"] for t, r in old_d["rules"].items()} != {t: r["threshold"] for t, r in new_d["rules"].items()}
            or {t for t, r in old_d["rules"].items() if r["action"] == "keep"} != {t for t, r in new_d["rules"].items() if r["action"] == "keep"}
        )
        changed_types = sorted(
            t for t in set(old_d["rules"]) | set(new_d["rules"])
            if old_d["rules"].get(t, {}).get("action") != new_d["rules"].get(t, {}).get("action")
        )
        with self.store.transaction("Saving the scrub policy", "policy", "posts", "findings") as conn:
            sql.add_policy(conn, new_version, self.store.now().isoformat(timespec="seconds"), policy.to_json())
            if detection_changed:
                sql.set_setting(conn, _DETECT_VERSION, new_version)
            record(conn, self.store.now, "policy-change", {
                "version": new_version, "redetect": detection_changed, "types_changed": len(changed_types),
            })
        if not detection_changed and changed_types:
            self.rerender(sql.posts_with_types(self.store.conn, changed_types), policy)

    # ------------------------------------------------------------------ scrubbing
    def pending_ids(self) -> list[int]:
        """Posts not scrubbed, or scrubbed before the detection settings last changed."""
        return sql.pending_ids(self.store.conn, self.detect_version())

    def pending_count(self) -> int:
        return sql.pending_count(self.store.conn, self.detect_version())

    def scrub(
        self,
        post_ids: Iterable[int] | None = None,
        *,
        workers: int = 1,
        pool: bool = False,
        progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
    ) -> ScrubSummary:
        """Scrub the given posts, or every post not yet scrubbed with the current policy.

        ``workers > 1`` or ``pool=True`` runs the NLP work in worker processes (each loads the
        pipeline once); the calling thread only reads inputs and stores results. The GUI uses
        ``pool=True`` so no NLP work competes with its threads."""
        report = progress or no_progress
        version, policy = self.policy()
        detect_version = self.detect_version()
        conn = self.store.conn
        if post_ids is None:
            ids = sql.pending_ids(conn, detect_version)
        else:
            ids = sorted(set(post_ids))
        summary = ScrubSummary()
        confirmed: dict[tuple[str, str], str] = {}  # (normalised term, type) -> as written
        for norm_term, etype, text in self.store.get_setting(_PROPAGATE, None) or []:
            confirmed[(str(norm_term), str(etype))] = str(text)
        if not ids and not confirmed:
            return summary
        known, aliases = self._known_identifiers()
        labeler = ArchiveLabeler(conn, self._pseudonym_key(), aliases)
        total = len(ids)
        # hashed once, outside the write transaction that records it
        described = self.model_description(policy) if ids else ""
        try:
            # No posts (only propagation owed): start no engine.
            for batch_ids, results in self._run(ids, known, policy, workers, cancel, pool) if ids else ():
                owed = len(confirmed)
                for found in results:
                    for f in found:
                        if f.entity_type in CONFIRM_TYPES and f.score >= CONFIRM_SCORE and len(f.text.strip()) >= 3:
                            confirmed.setdefault((term_key(f.text), f.entity_type), f.text.strip())
                with self.store.transaction("Storing scrub results", "findings", "posts") as tx:
                    if not summary.scrubbed:
                        record_scrub_model(tx, described)
                    if len(confirmed) != owed:  # committed with the findings that confirm them
                        sql.set_setting(tx, _PROPAGATE, [[n, e, t] for (n, e), t in sorted(confirmed.items())])
                    for pid, found in zip(batch_ids, results):
                        summary.findings += self._store(tx, pid, found, labeler, version)
                    refresh_redacted(tx, batch_ids, policy=policy, labeler=labeler, scrubbed=True)
                    sql.mark_scrubbed(tx, batch_ids, detect_version)
                    # posts imported without a language get the one the scrub reads them in
                    # (here, not at import: ~0.13 ms a post would halve the import's speed)
                    sql.fill_languages(tx, batch_ids, post_language)
                    self.store.note(post_ids=batch_ids)
                summary.scrubbed += len(batch_ids)
                report(ProgressEvent("scrub", summary.scrubbed, total))
        except Cancelled:
            summary.cancelled = True
        summary.remaining = total - summary.scrubbed
        if confirmed and not summary.cancelled:
            summary.findings += self.propagate(
                [(text, etype) for (_n, etype), text in sorted(confirmed.items())], policy=policy, labeler=labeler
            )
            with self.store.transaction("Storing scrub results", "settings") as tx:
                sql.delete_setting(tx, _PROPAGATE)
        self.store.audit("scrub", posts=summary.scrubbed, findings=summary.findings,
                           policy=version, cancelled=summary.cancelled)
        return summary

    def propagate(
        self,
        terms: Sequence[tuple[str, str]],
        *,
        policy: Policy | None = None,
        labeler: ArchiveLabeler | None = None,
    ) -> int:
        """Find each confirmed term in every scrubbed post, in any disguise the canonical form
        undoes, and add a finding (source ``propagated``) where nothing covers it yet."""
        version, current = self.policy()
        policy = policy or current
        if labeler is None:
            _, aliases = self._known_identifiers(with_terms=False)
            labeler = ArchiveLabeler(self.store.conn, self._pseudonym_key(), aliases)
        disguised = self._disguised.update(self.store.conn)
        added = 0
        # Terms are handled PROPAGATE_CHUNK at a time, each chunk in one transaction with one
        # re-render of the posts it touched: one transaction per term meant one fsync per
        # term (a 3,000-post scrub spent 55 of its 63 s here).
        for start in range(0, len(terms), PROPAGATE_CHUNK):
            with self.store.transaction("Propagating confirmed identifiers", "findings", "posts") as tx:
                n, touched = propagation.propagate(
                    tx, terms[start : start + PROPAGATE_CHUNK], score=CONFIRM_SCORE, label=labeler.label,
                    policy_version=version, disguised=disguised, scrubbed_only=True)
                added += n
                if touched:
                    refresh_redacted(tx, touched, policy=policy, labeler=labeler)
                    self.store.note(post_ids=touched)
        return added

    def rerender(self, post_ids: Sequence[int], policy: Policy | None = None) -> int:
        """Re-render stored redacted text from stored findings (after an action change)."""
        if policy is None:
            policy = self.policy()[1]
        _, aliases = self._known_identifiers(with_terms=False)
        key = self._pseudonym_key()  # may create it: outside the transactions below
        changed = 0
        for start in range(0, len(post_ids), 500):
            chunk = list(post_ids[start : start + 500])
            with self.store.transaction("Re-rendering redacted text", "posts") as tx:
                labeler = ArchiveLabeler(tx, key, aliases)
                changed += refresh_redacted(tx, chunk, policy=policy, labeler=labeler)
                self.store.note(post_ids=chunk)
        return changed

    def model_description(self, policy: Policy | None = None) -> str:
        """What scrubs: the NLP pipeline and its parts (written into every export manifest)."""
        if self._scrub_fn is not None and self._config is None and self._scrubber is None:
            return f"a scrub function supplied by the caller (SafeArchive {__version__})"
        config = self._config or (self._scrubber.config if self._scrubber else None)
        if config is None:
            from safe_archive.core.scrub.engine import EngineConfig  # noqa: PLC0415 - loads spaCy

            config = EngineConfig()
        from safe_archive.core.scrub.batch_api import scrubber_version  # noqa: PLC0415 - loads spaCy

        english = [p for p, on in (("stock NER", config.stock_ner), ("social NER", config.social_ner),
                                   ("context model", config.context_model),
                                   ("name lists", config.name_list)) if on]
        other: list[str] = []
        if config.languages:
            other.append("language identification, name lists and cues per language")
            if config.uner_ner:
                other.append("Portuguese NER")
            chinese = [p for p, on in (("Baidu LAC", config.zh_lac), ("character NER", config.zh_ner),
                                       ("lexicon tagger", config.zh_tagger)) if on]
            if chinese:
                other.append(f"Chinese: {', '.join(chinese)}")
        # scrubber_version hashes the scrub code, its resources (models, lists), this
        # configuration and the policy's detection part: the same string, the same findings.
        version = scrubber_version(config, policy or self.policy()[1])
        bits = [f"English: {', '.join(english) or 'patterns only'} (spaCy {config.spacy_model})"]
        if other:
            bits.append(f"Other languages: {'; '.join(other)}")
        bits.append("Patterns for handles, e-mail, phones, links, ages, dates, streets")
        return f"SafeArchive {__version__}, scrubber {version}. " + ". ".join(bits)

    # ------------------------------------------------------------------ internals
    def _engine_fn(self) -> ScrubFn:
        if self._scrub_fn is not None:
            return self._scrub_fn
        if self._scrubber is None:
            from safe_archive.core.scrub.scrubber import Scrubber

            self._scrubber = Scrubber.load(self._config)
        return self._scrubber.scrub

    def _run(
        self, ids: list[int], known: KnownIdentifiers, policy: Policy, workers: int,
        cancel: CancelToken | None, pool: bool = False,
    ) -> Iterator[tuple[list[int], list[list[Finding]]]]:
        chunks = [ids[i : i + BATCH] for i in range(0, len(ids), BATCH)]
        if (workers <= 1 and not pool) or self._scrub_fn is not None:
            fn = self._engine_fn()
            for chunk in chunks:
                if cancel is not None:
                    cancel.raise_if_cancelled()
                yield chunk, fn(self._inputs(chunk), known, policy)
            return
        from safe_archive.core.scrub.engine import EngineConfig
        from safe_archive.core.scrub.parallel import ParallelScrubber

        config = self._config or (self._scrubber.config if self._scrubber else EngineConfig())
        with ParallelScrubber(config, max(1, workers)) as parallel:
            # Inputs are read lazily, a chunk at a time, on this (the database) thread.
            def inputs() -> Iterator[ScrubInput]:
                for chunk in chunks:
                    yield from self._inputs(chunk)

            pending_ids: list[int] = []
            pending: list[list[Finding]] = []
            flat_ids = iter(ids)
            for _inp, found in parallel.scrub_stream(inputs(), known, policy, batch_size=BATCH, total=len(ids), cancel=cancel):
                pending_ids.append(next(flat_ids))
                pending.append(found)
                if len(pending_ids) >= BATCH:
                    yield pending_ids, pending
                    pending_ids, pending = [], []
            if pending_ids:
                yield pending_ids, pending

    def _inputs(self, ids: Sequence[int]) -> list[ScrubInput]:
        rows = sql.inputs(self.store.conn, ids)
        out = []
        for pid in ids:
            _, text, handle, name, meta = rows[pid]
            mentions = tuple(
                Mention(handle=m.get("handle"), name=m.get("name"))
                for m in json.loads(meta or "{}").get("mentions", [])
                if isinstance(m, dict)
            )
            out.append(ScrubInput(text=str(text), author_handle=handle, author_name=name, mentions=mentions))
        return out

    def _known_identifiers(self, with_terms: bool = True) -> tuple[KnownIdentifiers, dict[str, str]]:
        """Archive-wide handles and names (authors, mentions), confirmed terms, and aliases
        mapping a display name to its account's handle (so both share one pseudonym)."""
        people = self._people()
        conn = self.store.conn
        terms: list[tuple[str, str]] = []
        if with_terms:
            terms = sql.confirmed_terms(conn)
            terms += [(t, str(e or "DENY_LISTED")) for t, e in sql.always_terms(conn)]
        return KnownIdentifiers.build(people.handles, people.names, terms), people.aliases

    def _people(self) -> _People:
        """Authors' and mentioned users' handles and names. Scanned once per instance, then
        extended by the posts stored since (rowids above the last one seen): an import calls
        scrub() once per batch, and rescanning every post each time grew with the archive."""
        conn = self.store.conn
        people = self._people_cache or _People()
        top = sql.last_post_id(conn)
        if top > people.last_id:
            for handle, name in sql.people_since(conn, people.last_id):
                if handle:
                    people.handles.add(str(handle))
                if name:
                    people.names.add(str(name))
                if handle and name:
                    people.aliases.setdefault(match_key(str(name)), str(handle))
            people.last_id = top
        self._people_cache = people
        return people

    def _pseudonym_key(self) -> bytes:
        with self.store.transaction("Creating the pseudonym key", "settings") as tx:
            key = pseudonym_key(tx)
        assert key is not None
        return key

    @staticmethod
    def _store(tx: Connection, post_id: int, found: list[Finding], labeler: ArchiveLabeler, version: int) -> int:
        """Replace the post's undecided findings; reviewers' decisions and manual spans stay."""
        decided = sql.drop_pending(tx, post_id)
        rows = []
        for f in found:
            if (f.start, f.end, f.entity_type) in decided:
                continue
            rows.append((post_id, f.start, f.end, f.entity_type, float(f.score), f.source,
                         term_key(f.text), labeler.label(f.entity_type, f.text), version))
        sql.insert_findings(tx, rows)
        return len(rows)

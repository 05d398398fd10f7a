"""The export service: select → exclude → redact → leak check → write files + manifest.

Nothing is written before the leak check passes (or is overridden with a recorded reason).
Files are built in memory; with encryption only the age ciphertext reaches the disk.
"""

from __future__ import annotations

import errno
import glob
import hashlib
import hmac
import io
import json
import os
import re
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TYPE_CHECKING

from safe_archive import __version__
from safe_archive.core.store.pseudonyms import keyed_number
from safe_archive.core.store.rendering import (
    LOCATION_TYPES,
    TermLists,
    current_policy,
    post_spans,
    scrub_models,
)
from safe_archive.core.store import exporting as export_sql
from safe_archive.core.scrub.generalize import generalize
from safe_archive.core.errors import ExportBlocked, SafeArchiveError, StorageError
from safe_archive.core.export import encrypt as age
from safe_archive.core.export import manifest as mf
from safe_archive.core.export.formats import get as get_writer
from safe_archive.core.export.leakcheck import (
    Detector,
    KnownIdentifiers,
    LeakReport,
    check,
    combine,
    pattern_detector,
    text_hits,
)
from safe_archive.core.export.records import ExportMeta, ExportOptions, ExportRecord, coarsen
from safe_archive.core.export.scripts import by_writing_system
from safe_archive.core.progress import CancelToken, ProgressEvent, ProgressFn
from safe_archive.core.review.collections import Collections
from safe_archive.core.store.hashing import keyed_hash
from safe_archive.core.redaction.canonical import term_key
from safe_archive.core.redaction.render import GENERALIZING_STYLES, Generalizer, Redactor, term_spans
from safe_archive.core.redaction.spans import Span
from safe_archive.core.scrub.policy import Action

if TYPE_CHECKING:
    from safe_archive.core.store.store import Store

CHUNK = 500


@dataclass(slots=True)
class Prepared:
    records: list[ExportRecord]
    selected: int
    excluded: Counter[str] = field(default_factory=Counter)
    included_despite: Counter[str] = field(default_factory=Counter)
    redacted: Counter[str] = field(default_factory=Counter)
    generalized: Counter[str] = field(default_factory=Counter)  # of ``redacted``, shown generalised
    generalized_types: frozenset[str] = frozenset()  # types the policy generalises, if the style honours it
    leak: LeakReport = field(default_factory=LeakReport)
    unedited_public: int = 0
    unedited_unknown_visibility: int = 0
    paraphrased: int = 0
    semi_private: int = 0
    credited: int = 0
    known: KnownIdentifiers = field(default_factory=KnownIdentifiers)


@dataclass(frozen=True, slots=True)
class ExportResult:
    export_id: str
    files: list[Path]  # the export file(s), then the JSON and HTML manifests
    manifest: dict[str, Any]
    exported: int
    excluded: dict[str, int]


class Exporter:
    """Exports from one open archive. ``detector`` is the scrub package's re-detector (a
    callable text -> [(start, end, entity_type)]); the built-in pattern detector always runs."""

    def __init__(self, store: Store, detector: Detector | None = None, *, detector_name: str | None = None) -> None:
        self.store = store
        self.detector = combine(pattern_detector, detector)
        self.detector_name = "patterns + known identifiers" + (
            f" + {detector_name or 'detector'}" if detector else (f"; {detector_name}" if detector_name else ""))

    # ------------------------------------------------------------------ selection
    def _candidate_ids(self, options: ExportOptions) -> list[int]:
        conn = self.store.conn
        if options.post_ids is not None:
            return sorted(set(int(i) for i in options.post_ids))
        if options.query is not None:
            return self.store.matching_ids(options.query, original=options.original_search)
        if options.collection is not None:
            return Collections(self.store).post_ids(options.collection)
        return export_sql.all_post_ids(conn)

    def prepare(self, options: ExportOptions, *, progress: ProgressFn | None = None,
                cancel: CancelToken | None = None) -> Prepared:
        """Select, exclude, redact and leak-check — writes nothing."""
        options.check()
        conn = self.store.conn
        ids = self._candidate_ids(options)
        today = self.store.now().date()
        lists = TermLists.load(conn)
        known = KnownIdentifiers.from_archive(conn)
        avoid = {g for gram in known.grams for g in gram}
        generalize, generalized_types = self._generalization() if options.style in GENERALIZING_STYLES else (None, frozenset())
        redactor = Redactor(options.style, stable=options.stable_pseudonyms, mask_char=options.mask_char, avoid=avoid,
                            generalize=generalize, generalized_types=generalized_types)
        prep = Prepared(records=[], selected=len(ids), known=known, generalized_types=redactor.generalized_types)
        staged: list[tuple[ExportRecord, str]] = []  # record, author key
        for start in range(0, len(ids), CHUNK):
            if cancel is not None:
                cancel.raise_if_cancelled()
            chunk = ids[start : start + CHUNK]
            data = export_sql.post_chunk(conn, chunk, notes=options.include_notes)
            labels, tags, notes, findings = data.labels, data.tags, data.notes, data.findings
            for row in data.rows:
                item = self._record(row, labels.get(int(row[0]), {}), tags.get(int(row[0]), []),
                                    findings.get(int(row[0]), []), lists, redactor, options, today, prep)
                if item is not None:
                    self._add_notes(item[0], notes.get(int(row[0]), []), findings.get(int(row[0]), []),
                                    lists, redactor, known)
                    staged.append(item)
            if progress is not None:
                progress(ProgressEvent("export", min(start + CHUNK, len(ids)), len(ids), message="Preparing the export"))
        staged.sort(key=lambda it: (it[0].date, it[0].post_id))
        # Credited authors keep their name and take no number (AUTHOR_n then runs without gaps).
        authors = self._author_labels([key for rec, key in staged if not rec.author], options.stable_pseudonyms)
        for number, (rec, key) in enumerate(staged, 1):
            rec.number = number
            if not rec.author:
                rec.author = authors[key]
            prep.records.append(rec)
            prep.redacted.update(rec.counts)
            prep.generalized.update(rec.generalized)
        prep.leak = check(prep.records, self.detector, known, detector_name=self.detector_name)
        return prep

    def _record(self, row: Sequence[Any], labels: dict[str, str | None], tags: list[str],
                findings: list[tuple[object, ...]], lists: TermLists, redactor: Redactor,
                options: ExportOptions, today: date, prep: Prepared) -> tuple[ExportRecord, str] | None:
        (pid, platform, handle, name, author_id, created, text, redacted, edited, lang, visibility, kind, batch) = row
        reasons: list[str] = []
        if "consent-withdrawn" in labels:
            reasons.append("consent-withdrawn")
        if "do-not-export" in labels:
            reasons.append("do-not-export")
        if "embargo-until" in labels and labels["embargo-until"] and today < date.fromisoformat(str(labels["embargo-until"])):
            reasons.append("embargo")
        if "expire-after" in labels and labels["expire-after"] and today > date.fromisoformat(str(labels["expire-after"])):
            reasons.append("expired")
        if redacted is None and not findings:
            reasons.append("unscrubbed")
        if any(f[4] == "pending" for f in findings):
            reasons.append("pending")
        paraphrase_only = "paraphrase-before-quoting" in labels
        if paraphrase_only and not edited:
            reasons.append("needs-paraphrase")
        blocking = [r for r in reasons if r not in options.include]
        if blocking:
            prep.excluded[blocking[0]] += 1
            return None
        for r in reasons:
            prep.included_despite[r] += 1
        credited = "credit-me" in labels
        keep = frozenset(term_key(str(v)) for v in (handle, name) if v) if credited else frozenset()
        rejected = frozenset(term_key(str(f[3])) for f in findings if f[4] == "rejected") | lists.never
        remove_loc = "remove-location" in labels
        # A remove-location post's places get the style's stand-in, never their region.
        no_generalize = LOCATION_TYPES if remove_loc else frozenset()
        if edited:
            terms = [(str(f[3]), str(f[2]), str(f[5]) if f[5] else None) for f in findings
                     if f[4] != "rejected" and term_key(str(f[3])) not in keep and len(str(f[3]).strip()) > 1]
            terms += [(t, e, None) for t, e in lists.always if term_key(t) not in keep]
            rendered = redactor.render(str(edited), term_spans(str(edited), terms), no_generalize=no_generalize)
            source = "edited"
            prep.paraphrased += 1
        else:
            spans = post_spans(str(text), findings, lists, keep=keep, remove_location=remove_loc)
            rendered = redactor.render(str(text), spans, no_generalize=no_generalize)
            source = "redacted"
            if visibility == "public":
                prep.unedited_public += 1
            elif visibility == "unknown":
                prep.unedited_unknown_visibility += 1
        if "semi-private" in labels:
            prep.semi_private += 1
        if credited:
            prep.credited += 1
        shown_labels = sorted(
            f"{k}:{v}" if v else k for k, v in labels.items() if k not in ("anonymize-me",)
        )
        # An author nobody recorded is never merged with another: one per import (the account
        # owner of that file), or one per post when the import is not known.
        author_key = _author_key(str(handle or author_id or name or "")) or (
            f"\x00unknown:{platform}:batch:{batch}" if batch is not None else f"\x00unknown:post:{pid}")
        rec = ExportRecord(
            number=0, post_id=int(pid),
            author=(("@" + str(handle)) if handle else str(name or "")) if credited else "",
            date=coarsen(created, options.time_precision), platform=str(platform or ""), lang=str(lang or ""),
            kind=str(kind or ""), labels=shown_labels, tags=list(tags), text=rendered.text, text_source=source,
            inserted=rendered.inserted, counts=rendered.counts, generalized=rendered.generalized, keep=keep, rejected=rejected,
            visibility=str(visibility),
        )
        return rec, author_key

    def _add_notes(self, rec: ExportRecord, notes: list[str], findings: list[tuple[object, ...]],
                   lists: TermLists, redactor: Redactor, known: KnownIdentifiers) -> None:
        """Reviewers' notes as memos, scrubbed like the text: the post's identified terms, the
        always-list, the detector and the archive's known identifiers are replaced."""
        if not notes:
            return
        terms = [(str(f[3]), str(f[2]), str(f[5]) if f[5] else None) for f in findings
                 if f[4] != "rejected" and term_key(str(f[3])) not in rec.keep and len(str(f[3]).strip()) > 1]
        terms += [(t, e, None) for t, e in lists.always if term_key(t) not in rec.keep]
        for body in notes:
            spans = term_spans(body, terms)
            for start, end, etype in [*self.detector(body), *known.find(body)]:
                if not _kept(body[start:end], rec):
                    spans.append(Span(start, end, etype, term_key(body[start:end])))
            rendered = redactor.render(body, spans)
            rec.notes.append(rendered.text)
            rec.notes_inserted.append(rendered.inserted)

    def _generalization(self) -> tuple[Generalizer, frozenset[str]]:
        """The scrubber's generalisation function and the entity types the archive's current
        scrub policy generalises (the same policy and code that render the archive's own
        redacted text)."""
        policy = current_policy(self.store.conn)[1]
        return generalize, frozenset(t for t, rule in policy.rules.items() if rule.action is Action.GENERALIZE)

    def _author_labels(self, keys: Sequence[str], stable: bool) -> dict[str, str]:
        """AUTHOR_n per export in order of appearance, or the archive's stable numbers."""
        out: dict[str, str] = {}
        if not stable:
            for key in keys:
                if key not in out:
                    out[key] = f"AUTHOR_{len(out) + 1}"
            return out
        secret = keyed_hash(self.store, "\x00author-pseudonyms")  # a per-archive secret derivation
        with self.store.transaction("Assigning author pseudonyms", "settings") as conn:
            for key in dict.fromkeys(keys):
                digest = hmac.new(secret.encode(), key.encode("utf-8"), hashlib.sha256).digest()
                out[key] = f"AUTHOR_{keyed_number(conn, digest, 'AUTHOR')}"
        return out

    # ------------------------------------------------------------------ writing
    def _safe_text(self, value: str | None, known: KnownIdentifiers) -> str | None:
        if value is None:
            return None
        if "author:" in value.lower() or text_hits(value, self.detector, known):
            return "withheld (it names an identifier)"
        return value

    def export(self, options: ExportOptions, out: Path | str, *, overwrite: bool = False,
               progress: ProgressFn | None = None, cancel: CancelToken | None = None) -> ExportResult:
        out = Path(out)
        writer = get_writer(options.format)()
        if options.encrypted and out.suffix != age.AGE_SUFFIX:
            out = out.with_name(out.name + age.AGE_SUFFIX)
        json_path = out.with_name(out.name + ".manifest.json")
        html_path = out.with_name(out.name + ".manifest.html")
        if not overwrite:
            for p in (out, json_path, html_path):
                if p.exists():
                    raise SafeArchiveError(f"{p.name} exists already; choose another name or allow overwriting.")
        if not out.parent.is_dir():
            raise SafeArchiveError(f"The folder {out.parent} does not exist.")
        for p in (out, json_path, html_path):
            _Staged.sweep(p)
        export_id = str(uuid.uuid4())
        prep = self.prepare(options, progress=progress, cancel=cancel)
        # The NER would flag ordinary file names ("o.csv" as an organisation): a file name is checked
        # against the archive's known identifiers and the patterns (e-mail, phone, URL, handle).
        if "author:" in out.name.lower() or text_hits(out.name, pattern_detector, prep.known):
            raise SafeArchiveError("The export file name contains an identifier (a name, handle or address); "
                                   "its manifests would carry it. Choose another file name.")
        overridden = False
        if not prep.leak.clean:
            if options.override_reason is None:
                self.store.audit("export.blocked", export_id=export_id, format=options.format,
                                   hits=len(prep.leak.hits), posts=len(prep.leak.by_post()),
                                   by_type=prep.leak.by_type())
                err = ExportBlocked(prep.leak.summary())
                err.report = prep.leak  # type: ignore[attr-defined]
                raise err
            overridden = True
        created = self.store.now()
        meta = ExportMeta(export_id=export_id, created=created, tool=f"SafeArchive {__version__}",
                          style=options.style, time_precision=options.time_precision)
        buffer = io.BytesIO()
        writer.write(prep.records, meta, buffer)
        payload = buffer.getvalue()
        buffer.close()
        data = age.encrypt(payload, passphrase=options.passphrase, recipients=options.recipients) if options.encrypted else payload
        known = prep.known
        manifest = self._manifest(options, prep, meta, out, data, overridden, known)
        manifest_json = mf.to_json(manifest)
        manifest_html = mf.to_html(manifest, mf.sha256(manifest_json))
        written: list[Path] = []
        staged: list[_Staged] = []
        try:
            # Every file is written and fsynced under a temporary name first; then the manifests and,
            # last, the export file are moved into place. A crash or kill -9 leaves the export
            # file complete or absent, never cut short under its final name.
            for path, blob in ((json_path, manifest_json), (html_path, manifest_html), (out, data)):
                staged.append(_Staged.write(path, blob))
            for item in staged:
                item.publish(overwrite)
                written.append(item.path)
            _fsync_dir(out.parent)
        except OSError as exc:
            for path in written:
                path.unlink(missing_ok=True)
            raise StorageError(f"Writing the export failed ({exc.strerror or type(exc).__name__}); nothing was kept.") from None
        finally:
            for item in staged:
                item.discard()
        self.store.audit(
            "export", export_id=export_id, format=options.format, style=options.style,
            exported=len(prep.records), excluded=dict(prep.excluded), encrypted=options.encrypted,
            leak_check="overridden" if overridden else "passed", leak_hits=len(prep.leak.hits),
            sha256=mf.sha256(data),
        )
        return ExportResult(export_id, [out, json_path, html_path], manifest, len(prep.records), dict(prep.excluded))

    def _manifest(self, options: ExportOptions, prep: Prepared, meta: ExportMeta, out: Path, data: bytes,
                  overridden: bool, known: KnownIdentifiers) -> dict[str, Any]:
        conn = self.store.conn
        policy, model = _versions(self.store)
        # Beside an encrypted export the manifest is readable by anyone who sees the folder, so the
        # query and collection name appear only as the audit log's keyed hash (checkable with the archive).
        if options.query is not None:
            selection: dict[str, object] = {"kind": "query", "searched": "original text" if options.original_search else "redacted text"}
            if options.encrypted:
                selection["query_hash"] = keyed_hash(self.store, options.query)
            else:
                selection["query"] = self._safe_text(options.query, known)
        elif options.collection is not None:
            selection = {"kind": "collection"}
            if options.encrypted:
                selection["collection_hash"] = keyed_hash(self.store, options.collection)
            else:
                selection["collection"] = self._safe_text(options.collection, known)
        elif options.post_ids is not None:
            selection = {"kind": "posts", "count": len(options.post_ids)}
        else:
            selection = {"kind": "all posts"}
        # Only the bytes on disk are hashed: a hash of the plaintext of a byte-repeatable export
        # would let anyone confirm a guessed plaintext offline. The file is named as on disk
        # (its manifests carry the same name; ``export`` refuses names that hold an identifier).
        file_entry: dict[str, Any] = {
            "name": out.name, "bytes": len(data), "sha256": mf.sha256(data), "format": options.format,
            "encrypted": options.encrypted,
        }
        return {
            "manifest_version": mf.MANIFEST_VERSION,
            "export_id": meta.export_id,
            "created": meta.created.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "tool": {"name": "SafeArchive", "version": __version__},
            "model": model,
            "policy_version": policy,
            "selection": selection,
            "format": options.format,
            "redaction": {
                "style": options.style,
                "pseudonyms": "stable (archive labels)" if options.stable_pseudonyms else "renumbered for this export",
                "time_precision": options.time_precision,
                "generalized": (
                    {"entity_types": sorted(prep.generalized_types),
                     "how": "as the scrub policy's generalisation (e.g. [age 12–14], [March 2019], a region, "
                            "[a high school]); where that would still contain the original, the style's stand-in"}
                    if prep.generalized_types else
                    {"entity_types": [], "how": f"not used: style {options.style} replaces every identifier alike"}
                ),
                "metadata": "minimised: no source ids, handles, author ids or URLs; authors as pseudonyms",
                "notes": ("reviewers' notes included as memos, scrubbed like the text and leak-checked"
                          if options.include_notes else "not included"),
            },
            "posts": {
                "selected": prep.selected,
                "exported": len(prep.records),
                "excluded": dict(sorted(prep.excluded.items())),
                "included_despite": dict(sorted(prep.included_despite.items())),
                "credited_authors_posts": prep.credited,
                "semi_private": prep.semi_private,
                # name detection differs by language (docs/quality.md): what the board asks about
                "by_writing_system": by_writing_system(r.text for r in prep.records),
            },
            "verbatim_quote_risk": {
                "unedited_public_posts": prep.unedited_public,
                "unedited_posts_of_unknown_visibility": prep.unedited_unknown_visibility,
                "paraphrased_posts": prep.paraphrased,
                "note": "Public posts can be found again by searching their exact words; paraphrase before quoting.",
            },
            "redacted_by_entity_type": dict(sorted(prep.redacted.items())),
            "generalized_by_entity_type": dict(sorted(prep.generalized.items())),
            "leak_check": {
                "result": "overridden" if overridden else "passed",
                "detector": prep.leak.detector,
                "posts_checked": prep.leak.posts_checked,
                "hits_by_entity_type": prep.leak.by_type(),
                "posts_with_hits": len(prep.leak.by_post()),
                "override_reason": self._safe_text(options.override_reason, known) if overridden else None,
            },
            "encryption": (
                {"format": "age", "mode": "passphrase" if options.passphrase is not None else "recipients",
                 "recipients": len(options.recipients)} if options.encrypted else None
            ),
            "files": [file_entry],
        }


def _kept(value: str, rec: ExportRecord) -> bool:
    """Whether a detected span stays: a credited author's own name or a rejected / never-listed
    term, compared by the canonical key as the post text's spans are."""
    key = term_key(value)
    return key in rec.keep or key in rec.rejected


def _author_key(value: str) -> str:
    """An account's identity for author pseudonyms: exact but for case, spaces and '@' (two
    handles differing by an underscore are two accounts, unlike two forms of a term)."""
    return " ".join(value.casefold().split()).lstrip("@")


def _versions(store: Store) -> tuple[int, str]:
    """The scrub policy version and the NLP model(s) that scrubbed (recorded by the scrub)."""
    policy = current_policy(store.conn)[0]
    models = scrub_models(store.conn)
    if models:
        model = str(models[-1]) + (f" (earlier scrubs: {'; '.join(str(m) for m in models[:-1])})"
                                   if len(models) > 1 else "")
    else:
        model = "not recorded (no scrub has run on this archive since models were recorded)"
    return policy, model


class _Staged:
    """One export file written and fsynced under a hidden temporary name in the same folder
    (``.NAME.<12 hex>.part``, so the final rename is atomic), then given its final name. A
    process killed part-way leaves no file cut short under the final name; its staging file
    is removed on any error and, after a kill, by the next export to the same name. For
    encrypted exports the staged data is already age ciphertext."""

    def __init__(self, path: Path, tmp: Path | None) -> None:
        self.path, self.tmp = path, tmp

    @classmethod
    def write(cls, path: Path, data: bytes) -> _Staged:
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.part")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        staged = cls(path, tmp)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except BaseException:
            staged.discard()
            raise
        return staged

    def publish(self, overwrite: bool) -> None:
        assert self.tmp is not None
        if overwrite:
            os.replace(self.tmp, self.path)
        else:
            try:
                os.link(self.tmp, self.path)  # never replaces an existing file
            except FileExistsError:
                raise
            except OSError:  # no hard links here (e.g. vfat): check, then rename
                if self.path.exists():
                    raise FileExistsError(errno.EEXIST, "File exists", str(self.path)) from None
                os.replace(self.tmp, self.path)
            else:
                os.unlink(self.tmp)
        self.tmp = None

    def discard(self) -> None:
        if self.tmp is not None:
            self.tmp.unlink(missing_ok=True)
            self.tmp = None

    @staticmethod
    def sweep(path: Path) -> None:
        """Remove staging files a killed export to this name left behind."""
        pattern = re.compile(r"\." + re.escape(path.name) + r"\.[0-9a-f]{12}\.part")
        for stale in path.parent.glob(f".{glob.escape(path.name)}.*.part"):
            if pattern.fullmatch(stale.name) and stale.is_file() and not stale.is_symlink():
                stale.unlink(missing_ok=True)


def _fsync_dir(folder: Path) -> None:
    """Make the renames durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def manifest_of(path: Path) -> dict[str, Any]:
    """Read a JSON manifest back (for checks)."""
    return dict(json.loads(path.read_text(encoding="utf-8")))

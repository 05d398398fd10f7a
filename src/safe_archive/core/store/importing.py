"""Import orchestration: detect the format, stream records, store in batches, summarise.

Each batch of posts is committed in one transaction; a crash or a cancel keeps every committed
batch, and running the same import again skips what is stored (``UNIQUE(platform, source_id)``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from safe_archive.core import importers
from safe_archive.core.errors import Cancelled, ImportError_, RecordError, SafeArchiveError
from safe_archive.core.importers import Excluded, ImportContext, ImportOptions, Notice, Relation
from safe_archive.core.importers import records
from safe_archive.core.importers.langtag import normalize_lang
from safe_archive.core.importers.records import clean_controls
from safe_archive.core.model import Post
from safe_archive.core.progress import CancelToken, ProgressEvent, ProgressFn, no_progress

if TYPE_CHECKING:
    from safe_archive.core.archive.archive import Archive

BATCH_SIZE = 5000
MAX_ERRORS_KEPT = 200  # per file; the rest are counted


@dataclass(slots=True)
class FileSummary:
    path: str  # as given by the user
    format: str = ""
    imported: int = 0
    duplicates: int = 0
    skipped: int = 0  # bad records
    excluded: Counter[str] = field(default_factory=Counter)  # by reason
    relations: Counter[str] = field(default_factory=Counter)  # reposts/likes/boosts read, by kind
    notes: list[str] = field(default_factory=list)  # what the importer says about the whole file
    errors: list[str] = field(default_factory=list)  # first MAX_ERRORS_KEPT record errors
    failed: str | None = None  # the whole file failed: why
    cancelled: bool = False
    batch_id: int | None = None
    resumed: list[int] = field(default_factory=list)  # interrupted batches this run finished


@dataclass(slots=True)
class ScrubSummary:
    """What a scrub did: posts scrubbed, findings stored, posts still waiting (after a cancel)."""

    scrubbed: int = 0
    findings: int = 0
    remaining: int = 0
    cancelled: bool = False


class ScrubStep(Protocol):
    """The scrub ``Archive.import_files`` runs after storing posts (``scrubbing.ScrubPlan``):
    every post the archive holds unscrubbed, not only this run's, so a run killed while it
    scrubbed leaves nothing behind for good."""

    def run(self, archive: Archive, *, progress: ProgressFn | None = None,
            cancel: CancelToken | None = None) -> ScrubSummary: ...

    def pending(self, archive: Archive) -> int: ...


@dataclass(slots=True)
class ImportSummary:
    files: list[FileSummary] = field(default_factory=list)
    scrub: ScrubSummary | None = None  # when import_files was given a scrub step

    @property
    def imported(self) -> int:
        return sum(f.imported for f in self.files)

    @property
    def duplicates(self) -> int:
        return sum(f.duplicates for f in self.files)

    @property
    def skipped(self) -> int:
        return sum(f.skipped for f in self.files)

    @property
    def excluded(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for f in self.files:
            total.update(f.excluded)
        return total

    @property
    def failed(self) -> list[FileSummary]:
        return [f for f in self.files if f.failed]

    @property
    def cancelled(self) -> bool:
        return any(f.cancelled for f in self.files)

    @property
    def kept(self) -> int:
        """Posts this run stored (what a person means by "kept")."""
        return self.imported

    @property
    def nothing_imported(self) -> bool:
        """No post, duplicate or relation from any file: every record failed or none was found."""
        return not any(f.imported or f.duplicates or f.relations for f in self.files)

    def lines(self, max_errors: int | None = None) -> list[str]:
        """A human summary (no content); at most ``max_errors`` bad-record lines per file,
        then a count of the rest."""
        out = []
        for f in self.files:
            if f.failed:
                out.append(f"{f.path}: not imported: {f.failed}")
                continue
            parts = [f"{f.imported} imported", f"{f.duplicates} duplicates skipped"]
            if f.skipped:
                parts.append(f"{f.skipped} bad records skipped")
            for reason, count in sorted(f.excluded.items()):
                parts.append(f"{count} excluded ({reason})")
            for kind, count in sorted(f.relations.items()):
                parts.append(f"{count} {kind}s kept as counts")
            out.append(f"{f.path} [{f.format}]: " + ", ".join(parts) + (" — CANCELLED" if f.cancelled else ""))
            if f.resumed:
                which = ", ".join(f"#{b}" for b in f.resumed)
                out.append(f"  finishes the interrupted import {which} of this file")
            out.extend(f"  {n}" for n in f.notes)
            shown = f.errors if max_errors is None else f.errors[:max_errors]
            out.extend(f"  {e}" for e in shown)
            hidden = f.skipped - len(shown)
            if hidden > 0:
                out.append(f"  … and {hidden} more bad records")
        return out


# (posts, relations, batch id) -> (posts added, duplicates, ids of the added posts)
StoreBatch = Callable[[Sequence[Post], Sequence[Relation], int], tuple[int, int, list[int]]]


def run_import(
    paths: Iterable[Path],
    *,
    store: StoreBatch,
    start_batch: Callable[[str, str], int],
    finish_batch: Callable[[FileSummary, str], None],
    format: str | Mapping[Path, str] | None = None,
    options: ImportOptions | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> ImportSummary:
    options = options or ImportOptions()
    report = progress or no_progress
    summary = ImportSummary()
    for path in paths:
        path = Path(path)
        fs = FileSummary(path=str(path))
        summary.files.append(fs)
        if cancel is not None and cancel.cancelled:  # cancelled between files: start no other
            fs.cancelled = True
            break
        try:
            chosen = format.get(path) if isinstance(format, Mapping) else format
            importer_cls = importers.get(chosen) if chosen else importers.detect(path)
        except ImportError_ as exc:
            fs.failed = str(exc)
            continue
        fs.format = importer_cls.name
        fs.batch_id = start_batch(path.name, importer_cls.name)
        done = 0
        bytes_state: list[int | None] = [0, None]

        def on_bytes(done_bytes: int, total: int | None) -> None:
            bytes_state[0], bytes_state[1] = done_bytes, total

        ctx = ImportContext(options=options, on_bytes=on_bytes)
        status = "failed"
        try:
            for batch, relations in _batches(importer_cls, path, ctx, fs):
                added, dups, _ids = store(batch, relations, fs.batch_id or 0)
                fs.imported += added
                fs.duplicates += dups
                done += len(batch)
                report(ProgressEvent("import", done, None, bytes_state[0], bytes_state[1], message=path.name))
                if cancel is not None:
                    cancel.raise_if_cancelled()
            status = "done"
        except Cancelled:
            fs.cancelled = True
            status = "cancelled"
        except ImportError_ as exc:
            fs.failed = str(exc)
            status = "failed"
        except (UnicodeDecodeError, OSError, EOFError) as exc:
            fs.failed = f"{path.name}: cannot be read ({type(exc).__name__}); the file may be corrupt or truncated."
            status = "failed"
        finally:
            finish_batch(fs, status)
        if fs.cancelled:
            break
    return summary


def _batches(
    importer_cls: type, path: Path, ctx: ImportContext, fs: FileSummary
) -> Iterator[tuple[list[Post], list[Relation]]]:
    """Group the importer's posts into batches of BATCH_SIZE (memory stays bounded whatever the
    file size); record errors and exclusions are counted into ``fs``. A whole-file error is
    raised after the batch read before it, so good records before a truncation are kept.

    (A read-ahead thread was tried: no measurable gain on 2 cores, since the GIL serialises
    row binding; see the commit that removed it.)
    """
    pending: list[Post] = []
    related: list[Relation] = []
    read = 0
    try:
        for item in importer_cls().read(path, ctx):
            read += 1
            if isinstance(item, Post):
                _clean(item)
                problem = _unstorable(item)
                if problem is not None:  # one bad record must not fail the whole batch
                    item = RecordError(path.name, f"record {read}", problem)
                else:
                    pending.append(item)
                    if len(pending) >= BATCH_SIZE:
                        yield pending, related
                        pending, related = [], []
                        continue
            elif isinstance(item, Relation):
                fs.relations[item.kind] += 1
                related.append(item)
                if len(related) >= BATCH_SIZE:
                    yield pending, related
                    pending, related = [], []
                continue
            elif isinstance(item, Notice):
                fs.notes.append(item.message)
                continue
            if isinstance(item, RecordError):
                fs.skipped += 1
                if len(fs.errors) < MAX_ERRORS_KEPT:
                    fs.errors.append(str(item))
            elif isinstance(item, Excluded):
                fs.excluded[item.reason] += 1
    except GeneratorExit:  # the consumer stopped (cancel, storage error): nothing to hand over
        raise
    except (SafeArchiveError, OSError, UnicodeDecodeError, EOFError):
        if pending or related:
            yield pending, related
        raise
    except Exception as exc:  # noqa: BLE001 - an importer bug or a hostile file (e.g. RecursionError
        # on deeply nested JSON): keep what was read, fail this file with a one-line reason
        # (never the message: it may quote the input) and go on with the next file.
        if pending or related:
            yield pending, related
        raise ImportError_(
            f"{path.name}: could not be read past record {read} ({type(exc).__name__}); "
            "the records before it were imported. The file may be malformed or hostile."
        ) from None
    if pending or related:
        yield pending, related


# The record checks live with the importers (core.importers.records), so code below the
# archive layer (e.g. the findings checker) can use them too.
MAX_POST_CHARS = records.MAX_POST_CHARS
_unstorable = records.unstorable


def _clean(post: Post) -> None:
    """No NUL or other C0 controls in what is stored (one helper for every importer); language
    tags in BCP 47 case (``zhCn``, ``zh_Hans`` -> ``zh-CN``, ``zh-Hans``)."""
    post.text = clean_controls(post.text)
    post.lang = normalize_lang(post.lang)
    for name in ("author_handle", "author_name"):
        value = getattr(post, name)
        if isinstance(value, str):
            setattr(post, name, clean_controls(value))

"""The audit log and the archive check in plain words (the log stores JSON details; the check
stores short technical names). Nothing here reads post text: entries hold counts and ids."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from safe_archive.gui.wording import plural

if TYPE_CHECKING:
    from safe_archive.core.archive import VerifyReport

ACTIONS: dict[str, str] = {
    "create": "Created the archive",
    "demo-created": "Created the demo archive",
    "import": "Imported posts",
    "import-interrupted": "An import was interrupted",
    "scrub": "Scrubbed posts for names and identifiers",
    "policy-change": "Changed the scrubbing policy",
    "review.accept": "Accepted a finding (redacted)",
    "review.reject": "Rejected a finding (kept)",
    "review.accept-term": "Accepted a term everywhere",
    "review.reject-term": "Rejected a term everywhere",
    "review.not-a-name-term": "Marked a term as not a name here",
    "review.undo": "Undid review decisions",
    "review.manual": "Added a redaction by hand",
    "review.mark-reviewed": "Marked posts reviewed",
    "review.mark-unreviewed": "Marked posts not reviewed",
    "review.label": "Set a consent / handling label",
    "review.unlabel": "Removed a label",
    "review.tag": "Tagged posts",
    "review.untag": "Removed a tag",
    "review.note": "Added a note",
    "review.delete-note": "Deleted a note",
    "review.edit-text": "Stored an edited text (paraphrase)",
    "review.always-list-add": "Added a term to the always-redact list",
    "review.always-list-remove": "Removed a term from the always-redact list",
    "review.never-list-add": "Added a term to the never-redact list",
    "review.never-list-remove": "Removed a term from the never-redact list",
    "collection.create": "Created a collection",
    "collection.add": "Added posts to a collection",
    "collection.remove": "Removed posts from a collection",
    "collection.delete": "Deleted a collection",
    "search.save": "Saved a search",
    "search.delete": "Deleted a saved search",
    "export": "Exported posts",
    "export.blocked": "Export stopped by the leak check (nothing written)",
    "audit.export": "Exported the audit log",
    "forget.author": "Forgot an author",
    "forget.term": "Forgot a term everywhere",
    "backup": "Made an encrypted backup",
    "passphrase-change": "Changed the passphrase",
    "key-rotation": "Re-encrypted the archive under a new key",
}

# detail key -> (singular, plural) noun for counts; other keys are shown as "key: value"
NOUNS: dict[str, tuple[str, str]] = {
    "posts": ("post", "posts"), "findings": ("finding", "findings"), "imported": ("new post", "new posts"),
    "duplicates": ("duplicate skipped", "duplicates skipped"), "propagated": ("more occurrence redacted", "more occurrences redacted"),
    "exported": ("post exported", "posts exported"), "hits": ("possible identifier", "possible identifiers"),
    "leak_hits": ("leak-check hit", "leak-check hits"), "removed": ("removed", "removed"), "deleted": ("deleted", "deleted"),
    "skipped": ("bad record skipped", "bad records skipped"),
}
HIDDEN = {"term_hash", "sha256", "export_id", "schema", "batch", "finding", "note", "post"}  # ids and hashes: in the raw log


def describe_action(action: str) -> str:
    if action in ACTIONS:
        return ACTIONS[action]
    return action.replace(".", ": ").replace("-", " ").capitalize()


def describe_details(details: dict[str, Any]) -> str:
    parts: list[str] = []
    for key, value in sorted(details.items()):
        if key in HIDDEN or value is None or value == {} or value == []:
            continue
        if key in NOUNS and isinstance(value, int) and not isinstance(value, bool):
            if value == 0 and key not in ("posts", "findings", "imported", "exported"):
                continue  # "0 duplicates skipped" says nothing
            one, many = NOUNS[key]
            parts.append(f"{value:,} {one if value == 1 else many}")
        elif isinstance(value, int) and not isinstance(value, bool) and value == 0:
            continue
        elif isinstance(value, bool):
            parts.append(key.replace("_", " ") + (": yes" if value else ": no"))
        elif isinstance(value, dict):
            inner = ", ".join(f"{v:,} {k}" if isinstance(v, int) else f"{k} {v}" for k, v in sorted(value.items()))
            parts.append(f"{key.replace('_', ' ')}: {inner}")
        else:
            parts.append(f"{key.replace('_', ' ')}: {value}")
    return "; ".join(parts)


def when(at: str) -> str:
    """'2026-12-05T00:01:14+00:00' -> '2026-12-05 00:01 UTC'."""
    return at[:16].replace("T", " ") + " UTC" if len(at) >= 16 else at


VERIFY_TEXT: dict[str, tuple[str, str]] = {
    # name -> (passed, failed) in plain words
    "page authentication": ("Every stored page is intact and was written with this archive's key.",
                            "Some stored pages are damaged or were changed outside SafeArchive."),
    "database integrity": ("The database's structure is sound.", "The database's structure is damaged."),
    "search index": ("Search finds every post.", "The search index does not match the posts."),
    "key file": ("The key file belongs to this archive and has not been tampered with.",
                 "The key file does not match this archive or was changed."),
    "temp store": ("Temporary data stays in memory, never on disk.", "Temporary data could be written to disk."),
    "posts": ("", "The posts could not be counted."),
}


def verify_summary(report: VerifyReport) -> tuple[str, str]:
    """(title, plain text) for a VerifyReport."""
    lines: list[str] = []
    for name, passed, detail in report.checks:
        good, bad = VERIFY_TEXT.get(name, ("", ""))
        if name == "posts" and passed:
            count = detail.split()[0]
            text = f"{plural(int(count), 'post')} stored." if count.isdigit() else str(detail)
        else:
            text = (good if passed else bad) or f"{name}: {detail}"
        lines.append(("✓ " if passed else "✗ ") + text + ("" if passed else f" ({detail})"))
    if report.ok:
        title = "Archive check: all passed"
        lines.append("")
        lines.append("Nothing needs doing.")
    else:
        title = "Archive check: PROBLEMS FOUND"
        lines.append("")
        lines.append("Do not add to this archive. Restore your most recent backup (Archive ▸ Back up makes "
                     "them) into a new folder and check it; keep this folder until the backup checks clean.")
    return title, "\n".join(lines)

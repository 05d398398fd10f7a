"""review, label, tag, note, terms, collection, saved-search."""

from __future__ import annotations

import json
from pathlib import Path

import click

from safe_archive.cli.common import identifier_arg, info, open_archive, passphrase_options, text_file_option
from safe_archive.cli.main import cli
from safe_archive.core.labels import LABELS
from safe_archive.core.terminal_text import for_terminal

ARCHIVE = click.argument("archive", type=click.Path(file_okay=False, path_type=Path))
POSTS = click.argument("post_ids", nargs=-1, required=True, type=int)


@cli.group()
def review() -> None:
    """Review findings: show, accept, reject, add, mark reviewed, edit text."""


@review.command("show")
@ARCHIVE
@click.argument("post_id", type=int)
@click.option("--original", is_flag=True, help="Also print the original text.")
@click.option("--json", "as_json", is_flag=True)
@passphrase_options
def review_show(archive: Path, post_id: int, original: bool, as_json: bool, passphrase_file: Path | None,
                recovery: bool) -> None:
    """Show POST_ID's redacted text, findings, labels and tags."""
    with open_archive(archive, passphrase_file, recovery) as arch:
        rv = arch.review
        post = arch.get_post(post_id)
        findings = rv.findings(post_id)
        data = {
            "id": post.id, "review_status": post.review_status, "redacted_text": post.redacted_text,
            "edited_text": rv.edited_text(post_id),
            "labels": [f"{lb.name}:{lb.value}" if lb.value else lb.name for lb in rv.labels(post_id)],
            "tags": rv.tags(post_id),
            "findings": [{"id": f.id, "start": f.start, "end": f.end, "type": f.entity_type, "status": f.status,
                          "score": round(f.score, 3), "source": f.source} for f in findings],
        }
        if original:
            data["text"] = post.text
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for key in ("id", "review_status", "labels", "tags"):
        click.echo(for_terminal(f"{key}: {data[key]}"))
    if original:
        click.echo(f"text: {for_terminal(data['text'])}")
    click.echo(f"redacted: {for_terminal(data['redacted_text'])}")
    if data["edited_text"]:
        click.echo(f"edited: {for_terminal(data['edited_text'])}")
    for f in findings:
        click.echo(f"  finding {f.id}: {f.entity_type} {f.start}–{f.end} {f.status} ({f.source})")


def _decide(archive: Path, finding_ids: tuple[int, ...], status: str, passphrase_file: Path | None, recovery: bool) -> None:
    with open_archive(archive, passphrase_file, recovery) as arch:
        rv = arch.review
        for fid in finding_ids:
            rv.decide(fid, status)
    info(f"{len(finding_ids)} findings {status}.")


@review.command("accept")
@ARCHIVE
@click.argument("finding_ids", nargs=-1, required=True, type=int)
@passphrase_options
def review_accept(archive: Path, finding_ids: tuple[int, ...], passphrase_file: Path | None, recovery: bool) -> None:
    """Accept findings (they are redacted)."""
    _decide(archive, finding_ids, "accepted", passphrase_file, recovery)


@review.command("reject")
@ARCHIVE
@click.argument("finding_ids", nargs=-1, required=True, type=int)
@passphrase_options
def review_reject(archive: Path, finding_ids: tuple[int, ...], passphrase_file: Path | None, recovery: bool) -> None:
    """Reject findings (they stay in the text)."""
    _decide(archive, finding_ids, "rejected", passphrase_file, recovery)


@review.command("accept-term")
@ARCHIVE
@click.argument("term", required=False)
@text_file_option("term", "term")
@click.option("--type", "entity_type", help="Only findings of this entity type (and the type for new ones).")
@passphrase_options
def review_accept_term(archive: Path, term: str | None, term_file: Path | None, entity_type: str | None,
                       passphrase_file: Path | None, recovery: bool) -> None:
    """Accept every occurrence of TERM (or --term-file), marking ones the scrubber missed too."""
    term = identifier_arg(term, term_file, what="term", option="--term-file", required=True)
    assert term is not None
    with open_archive(archive, passphrase_file, recovery) as arch:
        n = arch.review.decide_term(term, "accepted", entity_type=entity_type)
    info(f"{n} occurrences accepted.")


@review.command("reject-term")
@ARCHIVE
@click.argument("term", required=False)
@text_file_option("term", "term")
@click.option("--type", "entity_type")
@passphrase_options
def review_reject_term(archive: Path, term: str | None, term_file: Path | None, entity_type: str | None,
                       passphrase_file: Path | None, recovery: bool) -> None:
    """Reject every finding of TERM (or --term-file)."""
    term = identifier_arg(term, term_file, what="term", option="--term-file", required=True)
    assert term is not None
    with open_archive(archive, passphrase_file, recovery) as arch:
        n = arch.review.decide_term(term, "rejected", entity_type=entity_type)
    info(f"{n} findings rejected.")


@review.command("add")
@ARCHIVE
@click.argument("post_id", type=int)
@click.argument("start", type=int)
@click.argument("end", type=int)
@click.argument("entity_type")
@passphrase_options
def review_add(archive: Path, post_id: int, start: int, end: int, entity_type: str, passphrase_file: Path | None,
               recovery: bool) -> None:
    """Mark START–END (code points) of POST_ID as ENTITY_TYPE."""
    with open_archive(archive, passphrase_file, recovery) as arch:
        fid = arch.review.add_manual(post_id, start, end, entity_type)
    click.echo(fid)


@review.command("done")
@ARCHIVE
@POSTS
@click.option("--undo", is_flag=True, help="Mark as unreviewed again.")
@passphrase_options
def review_done(archive: Path, post_ids: tuple[int, ...], undo: bool, passphrase_file: Path | None, recovery: bool) -> None:
    """Mark posts reviewed."""
    with open_archive(archive, passphrase_file, recovery) as arch:
        arch.review.mark_reviewed(post_ids, not undo)
    info(f"{len(post_ids)} posts marked {'unreviewed' if undo else 'reviewed'}.")


@review.command("edit")
@ARCHIVE
@click.argument("post_id", type=int)
@click.option("--file", "text_file", type=click.File("r", encoding="utf-8"), help="Read the edited text from a file ('-' for stdin).")
@click.option("--clear", is_flag=True, help="Remove the edited text.")
@passphrase_options
def review_edit(archive: Path, post_id: int, text_file: click.File | None, clear: bool, passphrase_file: Path | None,
                recovery: bool) -> None:
    """Store an edited (paraphrased) text beside POST_ID's original."""
    if (text_file is None) == (not clear):
        raise click.UsageError("Give --file FILE or --clear.")
    text = None if clear else text_file.read()  # type: ignore[union-attr]
    with open_archive(archive, passphrase_file, recovery) as arch:
        arch.review.set_edited_text(post_id, text)
    info("Edited text removed." if clear else "Edited text stored.")


@cli.command()
@ARCHIVE
@click.argument("label", type=click.Choice(list(LABELS)))
@POSTS
@click.option("--date", "value", help="The date for embargo-until / expire-after (YYYY-MM-DD).")
@click.option("--remove", is_flag=True)
@passphrase_options
def label(archive: Path, label: str, post_ids: tuple[int, ...], value: str | None, remove: bool,
          passphrase_file: Path | None, recovery: bool) -> None:
    """Set (or --remove) a consent/handling LABEL on posts."""
    with open_archive(archive, passphrase_file, recovery) as arch:
        rv = arch.review
        if remove:
            rv.remove_label(post_ids, label)
        else:
            rv.set_label(post_ids, label, value)
    info(f"{'Removed' if remove else 'Set'} {label} on {len(post_ids)} posts.")


@cli.command()
@ARCHIVE
@click.argument("tag_name")
@POSTS
@click.option("--remove", is_flag=True)
@passphrase_options
def tag(archive: Path, tag_name: str, post_ids: tuple[int, ...], remove: bool, passphrase_file: Path | None,
        recovery: bool) -> None:
    """Add (or --remove) a free tag on posts."""
    with open_archive(archive, passphrase_file, recovery) as arch:
        rv = arch.review
        (rv.remove_tag if remove else rv.add_tag)(post_ids, tag_name)
    info(f"{'Removed' if remove else 'Added'} the tag on {len(post_ids)} posts.")


@cli.command()
@ARCHIVE
@click.argument("post_id", type=int)
@click.argument("body", required=False)
@text_file_option("note", "note")
@passphrase_options
def note(archive: Path, post_id: int, body: str | None, note_file: Path | None, passphrase_file: Path | None,
         recovery: bool) -> None:
    """Add a note (memo) to POST_ID (BODY or --note-file), or list its notes when both are left out."""
    body = identifier_arg(body, note_file, what="note", option="--note-file", one_line=False)
    with open_archive(archive, passphrase_file, recovery) as arch:
        rv = arch.review
        if body is None:
            for nid, at, text in rv.notes(post_id):
                click.echo(f"{nid}\t{at}\t{for_terminal(text)}")
            return
        click.echo(rv.add_note(post_id, body))


@cli.command()
@ARCHIVE
@click.argument("which", type=click.Choice(["always", "never", "allow"]))
@click.argument("action", type=click.Choice(["add", "remove", "list"]))
@click.argument("term", required=False)
@text_file_option("term", "term")
@click.option("--type", "entity_type", help="Entity type for always-redact terms (default CUSTOM).")
@passphrase_options
def terms(archive: Path, which: str, action: str, term: str | None, term_file: Path | None,
          entity_type: str | None, passphrase_file: Path | None, recovery: bool) -> None:
    """The archive's always-redact / never-redact term lists (TERM or --term-file), and the
    scrub policy's allow-list ("allow": never flagged, e.g. the #MeToo family of hashtags;
    "#MeToo*" allows every hashtag that starts so)."""
    term = identifier_arg(term, term_file, what="term", option="--term-file")
    if action != "list" and not term:
        raise click.UsageError("add/remove need a TERM.")
    if which == "allow":
        _allow_terms(archive, action, term, passphrase_file, recovery)
        return
    with open_archive(archive, passphrase_file, recovery) as arch:
        rv = arch.review
        if action == "list":
            for t, etype in rv.term_list(which):
                click.echo(f"{for_terminal(t)}\t{for_terminal(etype or '')}")
        elif action == "add":
            rv.add_term(str(term), which, entity_type)
            info(f"Added to the {which}-redact list.")
        else:
            rv.remove_term(str(term), which)
            info(f"Removed from the {which}-redact list.")


def _allow_terms(archive: Path, action: str, term: str | None, passphrase_file: Path | None,
                 recovery: bool) -> None:
    with open_archive(archive, passphrase_file, recovery) as arch:
        scrubber = arch.scrubber()
        _version, policy = scrubber.policy()
        if action == "list":
            for t in policy.allow_list:
                click.echo(for_terminal(t))
            return
        new = policy.allowing(str(term)) if action == "add" else policy.disallowing(str(term))
        if new == policy:
            info("The allow-list already says so; nothing changed.")
            return
        scrubber.set_policy(new)
    info(("Added to" if action == "add" else "Removed from") + " the allow-list; run "
         "'safe-archive scrub' to apply it to posts already scrubbed.")


@cli.group()
def collection() -> None:
    """Named collections: static lists of posts or dynamic queries."""


@collection.command("create")
@ARCHIVE
@click.argument("name")
@click.option("--query", help="A dynamic collection: every post this query matches, evaluated when used.")
@text_file_option("query", "query")
@click.option("--post", "post_ids", multiple=True, type=int, help="A post for a static collection (repeatable).")
@passphrase_options
def collection_create(archive: Path, name: str, query: str | None, query_file: Path | None,
                      post_ids: tuple[int, ...], passphrase_file: Path | None, recovery: bool) -> None:
    """Create collection NAME."""
    query = identifier_arg(query, query_file, what="query", option="--query-file")
    if query is not None and post_ids:
        raise click.UsageError("A collection is static (--post) or dynamic (--query), not both.")
    with open_archive(archive, passphrase_file, recovery) as arch:
        arch.collections.create(name, query=query, post_ids=post_ids)
    info("Collection created.")


@collection.command("add")
@ARCHIVE
@click.argument("name")
@POSTS
@passphrase_options
def collection_add(archive: Path, name: str, post_ids: tuple[int, ...], passphrase_file: Path | None,
                   recovery: bool) -> None:
    """Add posts to a static collection."""
    with open_archive(archive, passphrase_file, recovery) as arch:
        arch.collections.add(name, post_ids)


@collection.command("remove")
@ARCHIVE
@click.argument("name")
@POSTS
@passphrase_options
def collection_remove(archive: Path, name: str, post_ids: tuple[int, ...], passphrase_file: Path | None,
                      recovery: bool) -> None:
    """Remove posts from a static collection."""
    with open_archive(archive, passphrase_file, recovery) as arch:
        arch.collections.remove(name, post_ids)


@collection.command("delete")
@ARCHIVE
@click.argument("name")
@passphrase_options
def collection_delete(archive: Path, name: str, passphrase_file: Path | None, recovery: bool) -> None:
    """Delete a collection (its posts stay in the archive)."""
    with open_archive(archive, passphrase_file, recovery) as arch:
        arch.collections.delete(name)


@collection.command("list")
@ARCHIVE
@passphrase_options
def collection_list(archive: Path, passphrase_file: Path | None, recovery: bool) -> None:
    """List collections with their post counts."""
    with open_archive(archive, passphrase_file, recovery) as arch:
        for c in arch.collections.list():
            click.echo(f"{for_terminal(c.name)}\t{c.kind}\t{c.count}\t{for_terminal(c.query or '')}")


@collection.command("show")
@ARCHIVE
@click.argument("name")
@passphrase_options
def collection_show(archive: Path, name: str, passphrase_file: Path | None, recovery: bool) -> None:
    """Print the post ids in a collection."""
    with open_archive(archive, passphrase_file, recovery) as arch:
        for pid in arch.collections.post_ids(name):
            click.echo(pid)


@cli.group("saved-search")
def saved_search() -> None:
    """Saved searches (run one with `safe-archive search ARCHIVE --saved NAME`)."""


@saved_search.command("save")
@ARCHIVE
@click.argument("name")
@click.argument("query", required=False)
@text_file_option("query", "query")
@passphrase_options
def saved_save(archive: Path, name: str, query: str | None, query_file: Path | None, passphrase_file: Path | None,
               recovery: bool) -> None:
    """Save QUERY (or --query-file) as NAME (replacing one of the same name)."""
    query = identifier_arg(query, query_file, what="query", option="--query-file", required=True)
    assert query is not None
    with open_archive(archive, passphrase_file, recovery) as arch:
        arch.saved_searches.save(name, query)
    info("Search saved.")


@saved_search.command("list")
@ARCHIVE
@passphrase_options
def saved_list(archive: Path, passphrase_file: Path | None, recovery: bool) -> None:
    """List saved searches."""
    with open_archive(archive, passphrase_file, recovery) as arch:
        for name, query in arch.saved_searches.list():
            click.echo(f"{for_terminal(name)}\t{for_terminal(query)}")


@saved_search.command("delete")
@ARCHIVE
@click.argument("name")
@passphrase_options
def saved_delete(archive: Path, name: str, passphrase_file: Path | None, recovery: bool) -> None:
    """Delete a saved search."""
    with open_archive(archive, passphrase_file, recovery) as arch:
        arch.saved_searches.delete(name)

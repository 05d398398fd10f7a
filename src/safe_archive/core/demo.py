"""A demo archive of synthetic posts, so a newcomer sees every screen with content.

Everything here is invented: the names, handles, ages, schools and stories are generated from
small fixed lists and templates with a seeded random generator (the same archive every time).
No real person, account or post is used.

The demo archive lives in ``AppPaths.data / "demo-archive"`` and is opened with the fixed,
public passphrase :data:`DEMO_PASSPHRASE`; it must never hold real testimony. Because the
generator knows where it put every name, it also hands the scrub service findings (the demo's
"scrub") and records mixed review decisions, labels, tags, collections and saved searches, all
through the archive's services: the redacted text comes from the archive's one renderer, as for
imported posts, so the demo shows the app's real stand-ins (``[PERSON_3]``, ``[age 12–14]``).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from safe_archive.core.archive import Archive, KdfParams
from safe_archive.core.model import Finding, Post, Visibility
from safe_archive.core.paths import AppPaths
from safe_archive.core.scrub.known import ScrubInput

DEMO_PASSPHRASE = "demo archive - synthetic posts only"
DEMO_FOLDER_NAME = "demo-archive"
DEMO_KDF = KdfParams(64 * 1024, 3, 4)  # the minimum the archive accepts: the data is public
DEFAULT_POSTS = 240

FIRST = ["Maren", "Tobias", "Ilse", "Corwin", "Delphine", "Anouk", "Bram", "Selina", "Oskar", "Fenna",
         "Ravi", "Noor", "Jasper", "Liesl", "Tamsin", "Evander", "Marisol", "Quentin"]
LAST = ["Quist", "Wrenfield", "Halloran", "Vasquez-Ode", "Pemberly", "Okonkwo-Ray", "Lindqvist",
        "Marchetti", "Dunmore", "Aalders", "Strand", "Beaumont"]
SCHOOLS = ["Northbrook Middle School", "St. Aldric Academy", "Harrow Lane High", "Elmstead Prep",
           "Riverside Junior High", "Fairmont Grammar"]
PLACES = ["Dunmore Bay", "Kettleby", "Ashcombe", "Port Verrin", "Lowmoor"]
EMOJI = ["💔", "😔", "🙏", "✊", "🫂", "💜"]
ROLES = ["my coach", "a teacher", "my uncle", "a family friend", "my manager", "a youth leader",
         "my stepfather", "a neighbour"]

# {name}: a full name; {first}: a first name; {handle}: an @handle; {age}: "13"; {school}; {place}
TEMPLATES = [
    "I was {age}. He was {role}. His name is {name} and I have never said it out loud before. #MeToo",
    "{emoji} {name} told me nobody would believe a kid from {school}. I was {age}. #IBelieveYou",
    "Replying to {handle}: same thing happened to me at {school}. I was {age} and {first} was {role}.",
    "It took me 20 years to write this. {role_cap} at {school}. I was {age}. #MeToo",
    "{emoji}{emoji} to everyone sharing today. {first}, if you read this: I remember everything.",
    "When I was {age} years old {role} in {place} made me promise not to tell. I'm telling now. #MeToo",
    "{handle} thank you for going first. {name} was {role} at {school} too. #IBelieveYou",
    "I reported it. {school} said {first} was 'a valued member of staff'. I was {age}. #WhyIDidntReport",
    "Not ready to name him. {role_cap}. {place}. I was {age}. That's all for now. #MeToo",
    "{emoji} my sister {first} was {age}. She never got to tell her story, so I am. {name}, {place}.",
]
PLATFORMS = [("mastodon", "demo-mastodon-export.json"), ("twitter", "demo-twitter-archive.zip"),
             ("reddit", "demo-reddit-comments.csv")]


@dataclass(frozen=True, slots=True)
class DemoFinding:
    start: int  # code points
    end: int
    entity_type: str
    score: float
    source: str
    status: str


def _handle(first: str, last: str, rng: random.Random) -> str:
    return "@" + rng.choice([first.lower(), first.lower() + "_" + last[:1].lower(), last.lower().replace("-", "")]) + str(rng.randint(1, 99))


def generate_post(rng: random.Random, index: int) -> tuple[str, list[DemoFinding]]:
    """One synthetic post text and its findings (code-point offsets)."""
    template = rng.choice(TEMPLATES)
    first, last = rng.choice(FIRST), rng.choice(LAST)
    role = rng.choice(ROLES)
    values = {
        "name": (f"{first} {last}", "PERSON", 0.85, "spacy"),
        "first": (rng.choice(FIRST), "PERSON", 0.7, "name-list"),
        "handle": (_handle(first, last, rng), "USERNAME", 1.0, "handle-pattern"),
        "age": (str(rng.randint(9, 17)), "AGE", 0.6, "age-pattern"),
        "school": (rng.choice(SCHOOLS), "SCHOOL", 0.75, "school-pattern"),
        "place": (rng.choice(PLACES), "LOCATION", 0.8, "spacy"),
        "emoji": (rng.choice(EMOJI), None, 0.0, ""),
        "role": (role, None, 0.0, ""),
        "role_cap": (role[:1].upper() + role[1:], None, 0.0, ""),
    }
    text = ""
    findings: list[DemoFinding] = []
    pos = 0
    while pos < len(template):
        brace = template.find("{", pos)
        if brace < 0:
            text += template[pos:]
            break
        text += template[pos:brace]
        close = template.index("}", brace)
        key = template[brace + 1 : close]
        value, entity, score, source = values[key]
        start = len(text)  # len() of a str counts code points: emoji before a name count once
        text += value
        if entity:
            status = rng.choices(["pending", "accepted", "rejected"], weights=[5, 4, 1])[0]
            findings.append(DemoFinding(start, len(text), entity, score, source, status))
        pos = close + 1
    if index % 17 == 3 and findings:  # a few manual additions by a "reviewer"
        f = findings[-1]
        findings[-1] = DemoFinding(f.start, f.end, f.entity_type, 1.0, "manual", "manual")
    return text, findings


def _import_batch(archive: Archive, source_name: str, platform: str, posts: list[Post]) -> list[int]:
    """Store ``posts`` as one finished import batch, as ``import_files`` would for a file (the
    demo has no file to read); returns the new posts' ids."""
    store = archive._store  # noqa: SLF001 - the facade has no batch API without files
    batch_id = store.start_batch(source_name, platform)
    result = store.store_batch(posts, [], batch_id)
    store.finish_batch(batch_id, status="done", imported=result.added, duplicates=result.duplicates,
                       skipped=0, excluded=0, source_name=source_name, fmt=platform,
                       details={"batch": batch_id, "format": platform, "status": "done",
                                "imported": result.added})
    return list(result.added_ids)


def build(archive: Archive, *, count: int = DEFAULT_POSTS, seed: int = 2017) -> None:
    """Fill an empty, open archive with synthetic posts, findings and collections, through the
    archive's own services: the posts are stored in three import batches, the scrub service
    stores the generated findings (pseudonym labels, redacted text, confirmed names propagated)
    as after a real scrub, and the review service records the mixed decisions."""
    rng = random.Random(seed)
    base = datetime(2017, 10, 15, 9, 0, tzinfo=timezone.utc)
    per_batch = max(1, count // len(PLATFORMS))
    post_index = 0
    generated: dict[int, tuple[str, list[DemoFinding]]] = {}  # post id -> text, findings
    for b, (platform, source_name) in enumerate(PLATFORMS):
        n = per_batch if b < len(PLATFORMS) - 1 else count - per_batch * (len(PLATFORMS) - 1)
        batch: list[tuple[Post, list[DemoFinding]]] = []
        for _ in range(n):
            text, findings = generate_post(rng, post_index)
            first, last = rng.choice(FIRST), rng.choice(LAST)
            post = Post(
                platform=platform,
                source_id=f"demo-{post_index}",
                text=text,
                author_handle=_handle(first, last, rng),
                author_name=f"{first} {last}",
                created_at=base + timedelta(hours=post_index * 7 + rng.randint(0, 6), minutes=rng.randint(0, 59)),
                lang="en",
                visibility=Visibility.PUBLIC,
                kind="reply" if "Replying to" in text else "post",
                hashtags=[w[1:] for w in text.split() if w.startswith("#")],
                source_file=None,
            )
            batch.append((post, findings))
            post_index += 1
        added = _import_batch(archive, source_name, platform, [p for p, _ in batch])
        generated.update(zip(added, ((p.text, f) for p, f in batch), strict=True))

    ids = sorted(generated)
    by_text = {text: findings for text, findings in generated.values()}

    def demo_findings(inputs: Sequence[ScrubInput], _known: object, _policy: object) -> list[list[Finding]]:
        # the generator knows where it put every name: these are the scrub's "findings"
        return [[Finding(f.start, f.end, f.entity_type, f.score, f.source, i.text[f.start:f.end])
                 for f in by_text.get(i.text, []) if f.status != "manual"] for i in inputs]

    archive.scrubber(scrub_fn=demo_findings).scrub(ids)
    review = archive.review
    reviewed = []
    for pid in ids:
        text, findings = generated[pid]
        decided = {(f.start, f.end, f.entity_type): f.status for f in findings}
        for row in review.findings(pid):
            status = decided.get((row.start, row.end, row.entity_type))
            if status in ("accepted", "rejected") and row.status == "pending":
                review.decide(row.id, status)
        for f in findings:
            if f.status == "manual":  # added by a "reviewer"
                review.add_manual(pid, f.start, f.end, f.entity_type)
        if all(row.status != "pending" for row in review.findings(pid)):
            reviewed.append(pid)
    review.mark_reviewed(reviewed)

    archive.collections.create("Ethics board sample", post_ids=ids[::9])
    archive.collections.create("Reported to a school",
                               post_ids=[pid for pid in ids if "reported it" in generated[pid][0]])
    archive.saved_searches.save("Reported", "reported OR telling OR promise")
    archive.saved_searches.save("Family", "uncle OR stepfather OR sister")
    # the consent/handling vocabulary of core/labels.py
    review.set_label(ids[::4], "paraphrase-before-quoting")
    review.set_label(ids[5::11], "embargo-until", "2027-01-01")
    review.set_label(ids[7::23], "do-not-export")
    review.add_tag(ids[::6], "first-disclosure")
    archive.audit("demo-created", posts=count)


def demo_folder(paths: AppPaths) -> Path:
    return paths.data / DEMO_FOLDER_NAME


def ensure_demo_archive(paths: AppPaths, *, count: int = DEFAULT_POSTS) -> Path:
    """Create the demo archive if it is not there yet; returns its folder (closed)."""
    folder = demo_folder(paths)
    if not Archive.exists(folder):
        paths.ensure(paths.data)
        archive = Archive.create(folder, DEMO_PASSPHRASE, kdf=DEMO_KDF)
        try:
            build(archive, count=count)
        finally:
            archive.close()
    return folder

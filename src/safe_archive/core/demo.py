"""A demo archive of synthetic posts, so a newcomer sees every screen with content.

Everything here is invented: the names, handles, ages, schools and stories are generated from
small fixed lists and templates with a seeded random generator (the same archive every time).
No real person, account or post is used.

The demo archive lives in ``AppPaths.data / "demo-archive"`` and is opened with the fixed,
public passphrase :data:`DEMO_PASSPHRASE`; it must never hold real testimony. Because the
generator knows where it put every name, it also stores findings (with mixed review statuses),
redacted text, labels, tags, collections and a saved search — until the real scrubber and
review services fill those in for imported posts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from safe_archive.core.archive import Archive, KdfParams
from safe_archive.core.model import Post, Visibility
from safe_archive.core.paths import AppPaths

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
        "school": (rng.choice(SCHOOLS), "ORGANIZATION", 0.75, "spacy"),
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


def redact(text: str, findings: list[DemoFinding], labels: dict[tuple[str, str], int]) -> str:
    """Placeholder redaction with archive-wide pseudonym numbers (``[PERSON_3]``)."""
    out, last = [], 0
    for f in sorted(findings, key=lambda f: f.start):
        if f.status == "rejected":
            continue
        key = (f.entity_type, text[f.start : f.end].lower())
        number = labels.setdefault(key, 1 + sum(1 for k in labels if k[0] == f.entity_type))
        out.append(text[last : f.start])
        out.append(f"[{f.entity_type}_{number}]")
        last = f.end
    out.append(text[last:])
    return "".join(out)


def build(archive: Archive, *, count: int = DEFAULT_POSTS, seed: int = 2017) -> None:
    """Fill an empty, open archive with synthetic posts, findings and collections."""
    rng = random.Random(seed)
    base = datetime(2017, 10, 15, 9, 0, tzinfo=timezone.utc)
    labels: dict[tuple[str, str], int] = {}
    per_batch = max(1, count // len(PLATFORMS))
    post_index = 0
    with archive.transaction("Creating the demo archive") as conn:
        batch_ids = []
        for platform, source_name in PLATFORMS:
            cur = conn.execute(
                "INSERT INTO import_batches(started_at, finished_at, source_name, format, status) "
                "VALUES (?, ?, ?, ?, 'done')",
                (base.isoformat(timespec="seconds"), base.isoformat(timespec="seconds"), source_name, platform),
            )
            batch_ids.append((platform, int(cur.lastrowid or 0)))
    for b, (platform, batch_id) in enumerate(batch_ids):
        n = per_batch if b < len(batch_ids) - 1 else count - per_batch * (len(batch_ids) - 1)
        generated = []
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
            generated.append((post, findings))
            post_index += 1
        result = archive.add_posts([p for p, _ in generated], batch_id)
        with archive.transaction("Creating the demo archive") as conn:
            for post_id, (post, findings) in zip(result.added_ids, generated, strict=True):
                for f in findings:
                    conn.execute(
                        "INSERT INTO findings(post_id, start, end, entity_type, score, source, term, status, label) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (post_id, f.start, f.end, f.entity_type, f.score, f.source,
                         post.text[f.start : f.end].lower(), f.status, None),
                    )
                reviewed = all(f.status != "pending" for f in findings)
                conn.execute(
                    "UPDATE posts SET redacted_text=?, scrubbed_policy=1, review_status=? WHERE id=?",
                    (redact(post.text, findings, labels), "reviewed" if reviewed else "unreviewed", post_id),
                )
            conn.execute(
                "UPDATE import_batches SET imported=? WHERE id=?", (len(result.added_ids), batch_id)
            )
    with archive.transaction("Creating the demo archive") as conn:
        now = base.isoformat(timespec="seconds")
        ids = [int(r[0]) for r in conn.execute("SELECT id FROM posts ORDER BY id").fetchall()]
        cur = conn.execute("INSERT INTO collections(name, kind, created_at) VALUES ('Ethics board sample', 'static', ?)", (now,))
        sample = int(cur.lastrowid or 0)
        conn.executemany("INSERT INTO collection_posts VALUES (?, ?)", [(sample, i) for i in ids[::9]])
        cur = conn.execute("INSERT INTO collections(name, kind, created_at) VALUES ('Reported to a school', 'static', ?)", (now,))
        school = int(cur.lastrowid or 0)
        reported = [int(r[0]) for r in conn.execute("SELECT id FROM posts WHERE text LIKE '%reported it%'").fetchall()]
        conn.executemany("INSERT INTO collection_posts VALUES (?, ?)", [(school, i) for i in reported])
        conn.execute("INSERT INTO saved_searches VALUES ('Reported', 'reported OR telling OR promise', ?)", (now,))
        conn.execute("INSERT INTO saved_searches VALUES ('Family', 'uncle OR stepfather OR sister', ?)", (now,))
        # the consent/handling vocabulary of core/labels.py
        conn.executemany("INSERT INTO post_labels VALUES (?, 'paraphrase-before-quoting', NULL)", [(i,) for i in ids[::4]])
        conn.executemany("INSERT INTO post_labels VALUES (?, 'embargo-until', '2027-01-01')", [(i,) for i in ids[5::11]])
        conn.executemany("INSERT INTO post_labels VALUES (?, 'do-not-export', NULL)", [(i,) for i in ids[7::23]])
        conn.executemany("INSERT INTO post_tags VALUES (?, 'first-disclosure')", [(i,) for i in ids[::6]])
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

"""Hostile input (issue 7): property-based and mutation fuzzing of the generic CSV/JSONL import
(core and CLI), the search query parser, and the key-file parser. The rule: only SafeArchive's
own errors (SafeArchiveError subclasses) may escape; the CLI never reports an internal error.
Each test counts the inputs it tried and prints the count (-s) for docs/security.md.
"""

from __future__ import annotations

import base64
import json
import random
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safe_archive.cli.main import main as cli_main
from safe_archive.core.archive import Archive
from safe_archive.core.store import keys as keys_mod
from safe_archive.core.store.search import fts_expression
from safe_archive.core.errors import QueryError, SafeArchiveError

from .conftest import FAST_KDF, PW, rows, trials, write_jsonl

SLOW = 20  # multiplier for the long runs
FTS_SPECIALS = ['"', "*", "^", ":", "(", ")", "{", "}", "-", "+", "NEAR", "AND", "OR", "NOT", "NEAR/2",
                "text:", "redacted_text:", "posts_fts", "'", "\\", "\x00", "%", "_", ";", "--", "/*", "é", "𝔘", "\u200b"]


@pytest.fixture(scope="module")
def fuzz_archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    base = tmp_path_factory.mktemp("fuzz")
    archive = Archive.create(base / "a", PW, kdf=FAST_KDF)
    archive.import_files([write_jsonl(base / "seed.jsonl", rows(200))])
    yield archive
    archive.close()


# ---------------------------------------------------------------- query parser

query_text = st.one_of(
    st.text(max_size=80),
    st.lists(st.one_of(st.sampled_from(FTS_SPECIALS), st.text(min_size=1, max_size=6)), max_size=12).map(" ".join),
    st.lists(st.sampled_from(FTS_SPECIALS + ["post", "happened", "word", "1", "user3"]), max_size=12).map("".join),
)


def _query_fuzz(archive: Archive, n: int) -> int:
    tried = 0

    @settings(max_examples=n, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(query=query_text, original=st.booleans())
    def run(query: str, original: bool) -> None:
        nonlocal tried
        tried += 1
        try:
            fts_expression(query)
        except QueryError:
            pass
        try:
            page = archive.search(query, original=original, limit=5)
            assert page.total >= len(page.hits)
        except QueryError:
            pass

    run()
    return tried


def test_query_parser_fuzz_bounded(fuzz_archive: Archive) -> None:
    tried = _query_fuzz(fuzz_archive, trials(300))
    print(f"\nquery fuzz: {tried} queries, 0 crashes")
    assert tried >= 100


@pytest.mark.slow
@pytest.mark.timeout(3 * 3600)
def test_query_parser_fuzz_long(fuzz_archive: Archive) -> None:
    tried = _query_fuzz(fuzz_archive, trials(300) * SLOW)
    print(f"\nquery fuzz (long): {tried} queries, 0 crashes")


# ---------------------------------------------------------------- key-file parser

def _valid_keyfile() -> bytes:
    keyfile, _ = keys_mod.new_keyfile(keys_mod.new_data_key(), "pw", FAST_KDF)
    return keyfile.to_bytes()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats(allow_nan=True) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)


def _mutate_json(rng: random.Random, data: object, value: object) -> object:
    """Replace one randomly chosen node of ``data`` with ``value``."""
    nodes: list[tuple[object, object]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for k in list(node):
                nodes.append((node, k))
                walk(node[k])
        elif isinstance(node, list):
            for i in range(len(node)):
                nodes.append((node, i))
                walk(node[i])

    walk(data)
    parent, key = rng.choice(nodes)
    parent[key] = value  # type: ignore[index]
    return data


def _keyfile_fuzz(n: int) -> tuple[int, dict[str, int]]:
    valid = _valid_keyfile()
    recovery = keys_mod.encode_recovery_key(bytes(32))
    outcomes: dict[str, int] = {}
    tried = 0

    @settings(max_examples=n, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(kind=st.integers(0, 3), blob=st.binary(max_size=300), value=json_values, seed=st.integers(0, 2**32))
    def run(kind: int, blob: bytes, value: object, seed: int) -> None:
        nonlocal tried
        tried += 1
        rng = random.Random(seed)
        if kind == 0:
            raw = blob
        elif kind == 1:  # byte-level mutation of a valid key file
            buf = bytearray(valid)
            for _ in range(rng.randint(1, 8)):
                op = rng.randrange(3)
                pos = rng.randrange(len(buf))
                if op == 0:
                    buf[pos] = rng.randrange(256)
                elif op == 1:
                    del buf[pos : pos + rng.randint(1, 40)]
                else:
                    buf[pos:pos] = blob[:20]
            raw = bytes(buf)
        elif kind == 2:  # structure-aware: replace a node with an arbitrary JSON value
            raw = json.dumps(_mutate_json(rng, json.loads(valid), value)).encode()
        else:  # the same with the (unkeyed) checksum recomputed, to reach the parser behind it
            raw = json.dumps(keys_mod.add_checksum(_mutate_json(rng, json.loads(valid), value))).encode()  # type: ignore[arg-type]
        try:
            parsed = keys_mod.Keyfile.from_bytes(raw)
        except keys_mod.KeyfileError:
            outcomes["refused"] = outcomes.get("refused", 0) + 1
            return
        try:  # the cheap slot (HKDF); Argon2id slots are not derived here to keep it fast
            parsed.unlock_with_recovery_key(recovery)
            raise AssertionError("a wrong recovery key opened a fuzzed key file")
        except SafeArchiveError:
            outcomes["parsed, unlock refused"] = outcomes.get("parsed, unlock refused", 0) + 1
        for slot in parsed.slots:
            if slot.type == "passphrase":
                try:
                    keys_mod._argon_params(slot)[0].check()
                except SafeArchiveError:
                    pass

    run()
    return tried, outcomes


def test_keyfile_parser_fuzz_bounded() -> None:
    tried, outcomes = _keyfile_fuzz(trials(400))
    print(f"\nkey-file fuzz: {tried} inputs, {outcomes}, 0 crashes")
    assert tried >= 100 and outcomes.get("refused", 0) > 0


@pytest.mark.slow
@pytest.mark.timeout(3 * 3600)
def test_keyfile_parser_fuzz_long() -> None:
    tried, outcomes = _keyfile_fuzz(trials(400) * SLOW)
    print(f"\nkey-file fuzz (long): {tried} inputs, {outcomes}, 0 crashes")


# ---------------------------------------------------------------- import (core)

def _seed_files(folder: Path) -> dict[str, bytes]:
    jsonl = "".join(json.dumps(r) + "\n" for r in rows(20))
    csv = "id,author,created_at,text\n" + "".join(f'{i},u{i},2020-01-0{i % 9 + 1},"text {i}, ""quoted"" é"\n' for i in range(20))
    return {"seed.jsonl": jsonl.encode(), "seed.csv": csv.encode()}


HOSTILE: dict[str, bytes] = {
    "deep.jsonl": b'{"id": "d", "text": "x", "nest": ' + b"[" * 200_000 + b"]" * 200_000 + b"}\n" + b'{"id": "ok", "text": "fine"}\n',
    "deep-obj.jsonl": b'{"id": "d", "text": "x", "n": ' + b'{"a":' * 100_000 + b"1" + b"}" * 100_000 + b"}\n",
    "huge-line.jsonl": b'{"id": "h", "text": "' + b"A" * (8 * 1024 * 1024) + b'"}\n',
    "huge-field.csv": b"id,text\n1," + b"B" * (20 * 1024 * 1024) + b"\n2,ok\n",
    "invalid-utf8.jsonl": b'{"id": "u", "text": "\xff\xfe bad \xc3\x28"}\n{"id": "v", "text": "good"}\n',
    "invalid-utf8.csv": b"id,text\n1,ok\n2,\xff\xfe\xc3\x28\n3,ok\n",
    "nul.csv": b"id,text\n1,a\x00b\n2,ok\n",
    "bom.jsonl": b'\xef\xbb\xbf{"id": "b", "text": "bom"}\n',
    "utf16.jsonl": '{"id": "w", "text": "wide"}\n'.encode("utf-16"),
    "empty.csv": b"",
    "header-only.csv": b"id,text\n",
    "no-text.csv": b"id,author\n1,a\n",
    "crlf-mixed.csv": b"id,text\r\n1,\"multi\rline\"\n2,x\r\n",
    "huge-number.jsonl": b'{"id": 1' + b"0" * 5000 + b', "text": "n"}\n',
    "nan.jsonl": b'{"id": NaN, "text": "nan"}\n{"id": "x", "text": Infinity}\n',
    "dup-keys.jsonl": b'{"id": "a", "id": "b", "text": "d", "text": 5}\n',
    "array.jsonl": b'[1,2,3]\n"str"\n{"text": ["a"]}\n{"text": {"a": 1}}\n',
    "traversal.jsonl": b'{"id": "../../etc/passwd", "text": "t", "author": "../../../x", "platform": "/etc"}\n',
    "many-columns.csv": ",".join(f"c{i}" for i in range(20000)).encode() + b",text\n" + b"," * 20000 + b"x\n",
}


def _mutate_bytes(rng: random.Random, data: bytes, pool: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        op = rng.randrange(6)
        pos = rng.randrange(len(buf) + 1)
        if op == 0 and buf:
            buf[min(pos, len(buf) - 1)] = rng.randrange(256)
        elif op == 1:
            del buf[pos : pos + rng.randint(1, 64)]
        elif op == 2:
            start = rng.randrange(len(pool))
            buf[pos:pos] = pool[start : start + rng.randint(1, 64)]
        elif op == 3:
            buf[pos:pos] = rng.choice([b'"', b",", b"\n", b"\r", b"{", b"}", b"[", b"\\", b"\x00", b"\xff", b'\\u0000', b"\xed\xa0\x80"])
        elif op == 4:
            chunk = bytes(buf[pos : pos + rng.randint(1, 200)])
            buf[pos:pos] = chunk * rng.randint(1, 20)
        else:
            del buf[pos:]
    return bytes(buf)


def _import_fuzz(archive: Archive, folder: Path, n: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    seeds = _seed_files(folder)
    pool = b"".join(seeds.values())
    stats = {"files": 0, "records imported": 0, "records rejected": 0, "files refused": 0}
    for i in range(n):
        name = rng.choice(list(seeds))
        path = folder / f"m{i}{Path(name).suffix}"
        path.write_bytes(_mutate_bytes(rng, seeds[name], pool))
        fmt = rng.choice([None, "csv", "jsonl"])
        try:
            summary = archive.import_files([path], format=fmt)
        except SafeArchiveError:
            stats["files refused"] += 1
        else:
            stats["records imported"] += summary.imported
            stats["records rejected"] += summary.skipped
            stats["files refused"] += len(summary.failed)
            for line in summary.lines():
                assert "Traceback" not in line
        stats["files"] += 1
        path.unlink()
    assert archive.verify().ok
    return stats


def test_import_mutation_fuzz_bounded(fuzz_archive: Archive, tmp_path: Path) -> None:
    stats = _import_fuzz(fuzz_archive, tmp_path, trials(150), seed=5)
    print(f"\nimport mutation fuzz: {stats}, 0 crashes")


@pytest.mark.slow
@pytest.mark.timeout(3 * 3600)
def test_import_mutation_fuzz_long(fuzz_archive: Archive, tmp_path: Path) -> None:
    stats = _import_fuzz(fuzz_archive, tmp_path, trials(150) * SLOW, seed=int(time.time()))
    print(f"\nimport mutation fuzz (long): {stats}, 0 crashes")


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_core(fuzz_archive: Archive, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(HOSTILE[name])
    try:
        summary = fuzz_archive.import_files([path])
    except SafeArchiveError:
        return
    for line in summary.lines():
        assert len(line) < 2000, "an error line echoes the input"


# ---------------------------------------------------------------- import (CLI)

@pytest.fixture(scope="module")
def cli_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli") / "a"
    Archive.create(folder, PW, kdf=FAST_KDF).close()
    return folder


@pytest.mark.parametrize("name", ["deep.jsonl", "deep-obj.jsonl", "huge-line.jsonl",
                                  "invalid-utf8.jsonl", "invalid-utf8.csv", "nan.jsonl", "array.jsonl",
                                  "many-columns.csv", "utf16.jsonl"])
def test_hostile_file_cli(cli_archive: Path, tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str],
                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFE_ARCHIVE_PASSPHRASE", PW)
    path = tmp_path / name
    path.write_bytes(HOSTILE[name])
    code = cli_main(["import", str(cli_archive), str(path)])
    out, err = capsys.readouterr()
    assert code in (0, 1)
    assert "internal error" not in err and "Traceback" not in err, err[-500:]
    assert max((len(line) for line in (out + err).splitlines()), default=0) < 2000


def test_lone_surrogate_is_one_bad_record_not_a_failed_import(fuzz_archive: Archive, tmp_path: Path) -> None:
    """Found by the mutation fuzzer: one "\\ud800" escape raised UnicodeEncodeError mid-batch."""
    path = tmp_path / "surrogate.jsonl"
    path.write_bytes(b'{"id": "s1", "text": "broken emoji \\ud83d here"}\n{"id": "s2", "text": "fine"}\n'
                     b'{"id": "s3", "text": "pair \\ud83d\\ude00 ok"}\n')
    summary = fuzz_archive.import_files([path])
    assert (summary.imported, summary.skipped, summary.failed) == (2, 1, [])
    assert "invalid Unicode" in summary.files[0].errors[0]


def test_hostile_file_does_not_stop_the_next_file(fuzz_archive: Archive, tmp_path: Path) -> None:
    """Found by the hostile-file set: deeply nested JSON raised RecursionError out of the import,
    so the CLI said "internal error" and the files after it were never imported. Then it failed
    the rest of that file; now it is one bad record (line 2) and the line after it is read."""
    deep = tmp_path / "deep.jsonl"
    deep.write_bytes(b'{"id": "k1", "text": "before"}\n' + HOSTILE["deep.jsonl"])
    after = write_jsonl(tmp_path / "after.jsonl", [{"id": "after1", "text": "after the hostile file"}])
    summary = fuzz_archive.import_files([deep, after])
    assert summary.files[0].failed is None and summary.files[0].skipped == 1
    assert summary.files[0].errors == ["deep.jsonl, record line 2: not readable: the JSON is nested too deeply"]
    assert fuzz_archive.search('"fine"', original=True).total >= 1  # the record after the deep line
    assert summary.files[1].imported == 1
    assert fuzz_archive.search('"after the hostile"', original=True).total == 1
    assert fuzz_archive.search("before", original=True).total >= 1  # records before it were kept


@pytest.mark.parametrize("field,value", [("nonce", ""), ("nonce", "AAAA"), ("wrapped", ""), ("wrapped", "AAAA" * 20)])
def test_keyfile_slot_of_the_wrong_size_is_refused(field: str, value: str) -> None:
    """Found by the long key-file fuzz run: an empty nonce made AESGCM raise ValueError out of
    unlock (the CLI said 'internal error') instead of a key-file error."""
    data = json.loads(_valid_keyfile())
    for slot in data["slots"]:
        slot[field] = value
    with pytest.raises(keys_mod.KeyfileError, match=f"changed: slots\\[0\\]\\.{field}"):  # the checksum, first
        keys_mod.Keyfile.from_bytes(json.dumps(data).encode())
    with pytest.raises(keys_mod.KeyfileError, match="wrong size"):  # behind it, if recomputed
        keys_mod.Keyfile.from_bytes(json.dumps(keys_mod.add_checksum(data)).encode())

"""Issue 18 row 6: a tampered key file (checksum recomputed, which needs write access) with 3
extra passphrase slots at 1 GiB / 64 passes made one unlock take 193 s before it was refused;
the number of slots was not limited. Now the slot count and the total Argon2id work are capped,
and refused before anything is derived."""

from __future__ import annotations

import base64
import json
import os
import time
from pathlib import Path

import pytest

from safe_archive.core.archive import Archive
from safe_archive.core.store import keys
from safe_archive.core.errors import KeyfileError, WrongPassphrase

from .conftest import PW, make_archive

GIB_KIB = 1024 * 1024


def _tamper(folder: Path, edit) -> None:  # type: ignore[no-untyped-def]
    path = folder / "keys.json"
    data = json.loads(path.read_text())
    edit(data)
    data.pop(keys.CHECKSUM_FIELD, None)
    path.write_text(json.dumps(keys.add_checksum(data), indent=2, sort_keys=True))


def _extra_slot(i: int, memory_kib: int, iterations: int) -> dict[str, object]:
    return {"id": f"extra{i}", "type": "passphrase",
            "kdf": {"name": "argon2id", "salt": base64.b64encode(os.urandom(16)).decode(),
                    "memory_kib": memory_kib, "iterations": iterations, "lanes": 4},
            "nonce": base64.b64encode(os.urandom(12)).decode(),
            "wrapped": base64.b64encode(os.urandom(48)).decode()}


@pytest.fixture
def no_derivation(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = keys.argon2id

    def counting(secret: bytes, salt: bytes, params: keys.KdfParams, *, length: int = 32) -> bytes:
        calls.append(params.memory_kib * params.iterations)
        return real(secret, salt, params, length=length)

    monkeypatch.setattr(keys, "argon2id", counting)
    return calls


def test_the_reviews_key_file_is_refused_before_deriving(tmp_path: Path, no_derivation: list[int]) -> None:
    folder = make_archive(tmp_path / "a")
    # the review's file: 3 added passphrase slots at 1 GiB / 64 passes, placed first
    _tamper(folder, lambda d: d["slots"].__setitem__(slice(0, 0), [_extra_slot(i, GIB_KIB, 64) for i in range(3)]))
    no_derivation.clear()  # (creating the archive derived once)
    started = time.monotonic()
    with pytest.raises(KeyfileError) as info:
        Archive.open(folder, PW)
    assert time.monotonic() - started < 5  # it took 193 s; nothing is derived now
    assert no_derivation == []
    assert "5 key slots" in str(info.value)


def test_many_cheap_slots_are_refused(tmp_path: Path, no_derivation: list[int]) -> None:
    folder = make_archive(tmp_path / "a")
    _tamper(folder, lambda d: d["slots"].extend(_extra_slot(i, 64 * 1024, 3) for i in range(10)))
    no_derivation.clear()
    with pytest.raises(KeyfileError, match="12 key slots"):
        Archive.open(folder, PW)
    assert no_derivation == []


def test_total_cost_over_the_slots_is_capped(tmp_path: Path, no_derivation: list[int]) -> None:
    folder = make_archive(tmp_path / "a")
    # within the slot count, each slot within the per-slot limits, the sum too much
    _tamper(folder, lambda d: d["slots"].__setitem__(slice(0, 0), [_extra_slot(i, GIB_KIB, 8) for i in range(2)]))
    no_derivation.clear()
    with pytest.raises(KeyfileError, match="too much key-derivation work"):
        Archive.open(folder, PW)
    assert no_derivation == []


def test_one_slot_at_the_old_maximum_is_refused(tmp_path: Path, no_derivation: list[int]) -> None:
    folder = make_archive(tmp_path / "a")
    _tamper(folder, lambda d: d["slots"].__setitem__(slice(0, 0), [_extra_slot(0, GIB_KIB, 64)]))
    no_derivation.clear()
    with pytest.raises(KeyfileError, match="too much key-derivation work"):
        Archive.open(folder, PW)
    assert no_derivation == []


def test_the_recovery_key_still_opens_past_a_costly_passphrase_slot(tmp_path: Path) -> None:
    created = Archive.create(tmp_path / "a", PW, kdf=keys.KdfParams(64 * 1024, 3, 4))
    recovery = created.recovery_key
    created.close()
    _tamper(tmp_path / "a", lambda d: d["slots"].__setitem__(slice(0, 0), [_extra_slot(0, GIB_KIB, 64)]))
    with pytest.raises(KeyfileError):  # the MAC still catches the edit once a slot opened
        Archive.open(tmp_path / "a", recovery_key=recovery)


def test_legitimate_files_still_open(tmp_path: Path, no_derivation: list[int]) -> None:
    folder = make_archive(tmp_path / "a")
    no_derivation.clear()
    Archive.open(folder, PW).close()
    assert len(no_derivation) == 1
    with pytest.raises(WrongPassphrase):
        Archive.open(folder, "not the passphrase at all")
    keys.KdfParams(memory_kib=GIB_KIB, iterations=3, lanes=4).check()  # 1 GiB x 3 still allowed
    with pytest.raises(KeyfileError):
        keys.KdfParams(memory_kib=GIB_KIB, iterations=64, lanes=4).check()

from __future__ import annotations

import json
import os

import pytest

from safe_archive.core.store import keys
from safe_archive.core.errors import KeyfileError, RecoveryKeyTypo, WrongPassphrase

from .conftest import FAST_KDF


def test_argon2id_matches_rfc9106_vector() -> None:
    keys.self_test()  # raises on mismatch


def test_self_test_can_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keys, "_RFC9106_TAG", "00" * 32)
    with pytest.raises(KeyfileError, match="self-test"):
        keys.self_test()


def test_recovery_key_round_trip_and_forgiving_input() -> None:
    secret = os.urandom(32)
    text = keys.encode_recovery_key(secret)
    assert text.startswith("SA1-")
    assert keys.decode_recovery_key(text) == secret
    sloppy = text.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert keys.decode_recovery_key(sloppy) == secret


@pytest.mark.parametrize("position", [4, 9, 20, 33, 50, len("SA1-") + 60])
def test_recovery_key_single_typo_is_caught(position: int) -> None:
    text = keys.encode_recovery_key(bytes(range(32)))
    chars = list(text)
    while chars[position] == "-":
        position += 1
    chars[position] = "Z" if chars[position] != "Z" else "Y"
    with pytest.raises(RecoveryKeyTypo):
        keys.decode_recovery_key("".join(chars))


def test_recovery_key_transposition_and_truncation_are_caught() -> None:
    text = keys.encode_recovery_key(bytes(range(32)))
    swapped = text[:10] + text[11] + text[10] + text[12:]
    assert swapped != text
    with pytest.raises(RecoveryKeyTypo):
        keys.decode_recovery_key(swapped)
    with pytest.raises(RecoveryKeyTypo):
        keys.decode_recovery_key(text[:-5])


def test_weak_parameters_are_refused() -> None:
    with pytest.raises(KeyfileError, match="unsafe"):
        keys.KdfParams(memory_kib=32 * 1024, iterations=3, lanes=4).check()
    with pytest.raises(KeyfileError, match="unsafe"):
        keys.KdfParams(memory_kib=64 * 1024, iterations=2, lanes=4).check()


def _fresh() -> tuple[keys.Keyfile, bytes, str]:
    data_key = keys.new_data_key()
    keyfile, recovery = keys.new_keyfile(data_key, "pw", FAST_KDF)
    return keyfile, data_key, recovery


def test_unlock_with_passphrase_and_recovery_key() -> None:
    keyfile, data_key, recovery = _fresh()
    reparsed = keys.Keyfile.from_bytes(keyfile.to_bytes())
    assert reparsed.unlock_with_passphrase("pw") == data_key
    assert reparsed.unlock_with_recovery_key(recovery) == data_key
    with pytest.raises(WrongPassphrase):
        reparsed.unlock_with_passphrase("pW")


def _edit(keyfile: keys.Keyfile, edit: object) -> keys.Keyfile:
    """An edit by someone who also recomputes the (unkeyed) checksum: the defences behind it
    (parameter limits, associated data, the MAC) must still refuse it."""
    data = json.loads(keyfile.to_bytes())
    edit(data)  # type: ignore[operator]
    return keys.Keyfile.from_bytes(json.dumps(keys.add_checksum(data)).encode())


def _naive_edit(keyfile: keys.Keyfile, edit: object) -> bytes:
    """An edit (or damage) that leaves the checksum as it was."""
    data = json.loads(keyfile.to_bytes())
    edit(data)  # type: ignore[operator]
    return json.dumps(data).encode()


def _set_salt(data: dict) -> None:  # type: ignore[type-arg]
    data["slots"][0]["kdf"]["salt"] = "AAAAAAAAAAAAAAAAAAAAAA=="


def test_a_naively_edited_slot_is_reported_as_damage_naming_the_field() -> None:
    keyfile, _, _ = _fresh()
    raw = _naive_edit(keyfile, _set_salt)
    with pytest.raises(KeyfileError, match=r"damaged or was edited \(changed: slots\[0\]\.kdf\.salt \(passphrase slot\)\)"):
        keys.Keyfile.from_bytes(raw)


def test_an_edit_with_a_recomputed_checksum_still_reads_as_a_wrong_passphrase() -> None:
    """The documented limit: the checksum is unkeyed, so whoever recomputes it gets past it;
    the slot then fails like a wrong passphrase (still refused, never opened)."""
    keyfile, _, _ = _fresh()
    tampered = _edit(keyfile, _set_salt)
    assert tampered.has_checksum
    with pytest.raises(WrongPassphrase):
        tampered.unlock_with_passphrase("pw")


def test_key_file_without_checksum_still_opens() -> None:
    keyfile, data_key, recovery = _fresh()
    data = json.loads(keyfile.to_bytes())
    del data["checksum"]
    legacy = keys.Keyfile.from_bytes(json.dumps(data).encode())
    assert not legacy.has_checksum
    assert legacy.unlock_with_passphrase("pw") == data_key
    assert legacy.unlock_with_recovery_key(recovery) == data_key
    # Without it an edited salt is what it always was: a wrong passphrase.
    data["slots"][0]["kdf"]["salt"] = "AAAAAAAAAAAAAAAAAAAAAA=="
    with pytest.raises(WrongPassphrase):
        keys.Keyfile.from_bytes(json.dumps(data).encode()).unlock_with_passphrase("pw")


@pytest.mark.parametrize(
    "edit,named",
    [
        (lambda d: d.update(archive_id="f" * 32), "changed: archive_id"),
        (lambda d: d.update(mac="AAAA"), "changed: mac"),
        (lambda d: d["slots"][1].update(wrapped=d["slots"][1]["wrapped"][::-1]), "changed: slots[1].wrapped (recovery slot)"),
        (lambda d: d["slots"][0]["kdf"].update(iterations=4), "changed: slots[0].kdf.iterations (passphrase slot)"),
        (lambda d: d["slots"][0]["kdf"].pop("lanes"), "missing: slots[0].kdf.lanes"),
        (lambda d: d["slots"][0].update(extra=1), "added: slots[0].extra (passphrase slot)"),
        (lambda d: d["slots"].pop(), "missing: slots[1].id"),
        (lambda d: d["checksum"].update(file="0" * 64), "the checksum itself is damaged"),
        (lambda d: d.update(checksum="garbage"), "checksum record is unreadable"),
    ],
)
def test_checksum_names_what_changed(edit: object, named: str) -> None:
    keyfile, _, _ = _fresh()
    with pytest.raises(KeyfileError) as info:
        keys.Keyfile.from_bytes(_naive_edit(keyfile, edit))
    assert named in str(info.value)
    assert "\n" not in str(info.value) and len(str(info.value)) < 400


def test_checksum_message_never_carries_values() -> None:
    keyfile, _, _ = _fresh()
    secret_looking = "SECRETVALUE" * 3

    def edit(data: dict) -> None:  # type: ignore[type-arg]
        data["slots"][0]["kdf"]["name"] = secret_looking
        data["slots"][1]["kdf"]["salt"] = secret_looking

    with pytest.raises(KeyfileError) as info:
        keys.Keyfile.from_bytes(_naive_edit(keyfile, edit))
    assert secret_looking not in str(info.value)
    assert "slots[0].kdf.name" in str(info.value) and "slots[1].kdf.salt" in str(info.value)


def test_deeply_nested_key_file_is_a_clear_error() -> None:
    with pytest.raises(KeyfileError):
        keys.Keyfile.from_bytes(b'{"format": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")


def test_tampered_kdf_parameters_are_rejected() -> None:
    keyfile, _, _ = _fresh()

    def weaken(data: dict) -> None:
        for slot in data["slots"]:
            if slot["type"] == "passphrase":
                slot["kdf"]["memory_kib"] = 1024

    with pytest.raises(KeyfileError, match="unsafe"):
        _edit(keyfile, weaken).unlock_with_passphrase("pw")

    def raise_cost(data: dict) -> None:  # stronger but not what the slot was made with
        for slot in data["slots"]:
            if slot["type"] == "passphrase":
                slot["kdf"]["iterations"] = 4

    with pytest.raises(WrongPassphrase):
        _edit(keyfile, raise_cost).unlock_with_passphrase("pw")


def test_tampered_archive_id_is_rejected() -> None:
    keyfile, _, recovery = _fresh()

    def other_id(data: dict) -> None:
        data["archive_id"] = "f" * 32

    tampered = _edit(keyfile, other_id)
    with pytest.raises(WrongPassphrase):
        tampered.unlock_with_passphrase("pw")
    with pytest.raises(WrongPassphrase):
        tampered.unlock_with_recovery_key(recovery)


def test_added_slot_breaks_the_keyfile_mac() -> None:
    keyfile, data_key, _ = _fresh()
    # An attacker who knows nothing cannot add a slot that verifies; here even a valid slot
    # added without re-sealing is caught by the whole-file MAC.
    extra = keyfile.passphrase_slot("attacker", data_key, FAST_KDF, slot_id="extra")
    unsealed = keys.Keyfile(keyfile.archive_id, keyfile.slots + (extra,), keyfile.mac)
    with pytest.raises(KeyfileError, match="altered"):
        unsealed.unlock_with_passphrase("pw")


@pytest.mark.parametrize(
    "raw",
    [b"", b"{}", b"not json", b'{"format": "safe-archive-keys", "version": 99}', b"\xff\xfe", b"[]"],
)
def test_garbage_keyfiles_give_a_clear_error(raw: bytes) -> None:
    with pytest.raises(KeyfileError):
        keys.Keyfile.from_bytes(raw)


def test_absurd_memory_demand_is_refused_before_derivation() -> None:
    """A tampered key file must not make unlocking allocate gigabytes."""
    with pytest.raises(KeyfileError, match="unsafe"):
        keys.KdfParams(memory_kib=4 * 1024 * 1024, iterations=3, lanes=4).check()
    keys.KdfParams(memory_kib=1024 * 1024, iterations=3, lanes=4).check()  # 1 GiB still allowed

"""Policy: defaults, JSON round-trip, validation that names the bad field."""

from __future__ import annotations

import json
from typing import Any

import pytest

from safe_archive.core.errors import PolicyError
from safe_archive.core.scrub.policy import DEFAULT_POLICY, Action, Policy, Rule


def test_round_trip_default() -> None:
    assert Policy.from_json(DEFAULT_POLICY.to_json()) == DEFAULT_POLICY


def test_round_trip_custom() -> None:
    p = DEFAULT_POLICY.with_rule("AGE", "flag", 0.8)
    p = Policy(rules=p.rules, allow_list=("#MeToo",), deny_list=("Camp Wanakee",), version=3)
    q = Policy.from_json(p.to_json())
    assert q == p
    assert q.rule("AGE") == Rule(Action.FLAG, 0.8)
    assert q.deny_list == ("Camp Wanakee",)


def test_defaults() -> None:
    assert DEFAULT_POLICY.action("PERSON") is Action.PSEUDONYM
    assert DEFAULT_POLICY.action("AGE") is Action.GENERALIZE
    assert "#MeToo" in DEFAULT_POLICY.allow_list
    # an entity type the policy does not know is flagged for review, never silently kept
    assert DEFAULT_POLICY.action("SOMETHING_NEW") is Action.FLAG


def test_partial_rules_keep_defaults() -> None:
    p = Policy.from_dict({"rules": {"PERSON": "redact"}})
    assert p.action("PERSON") is Action.REDACT
    assert p.action("EMAIL_ADDRESS") is DEFAULT_POLICY.action("EMAIL_ADDRESS")


BAD: list[tuple[Any, str]] = [
    ({"rules": {"PERSON": {"action": "blur"}}}, "policy.rules.PERSON.action"),
    ({"rules": {"PERSON": {"action": "mask", "threshold": 1.5}}}, "policy.rules.PERSON.threshold"),
    ({"rules": {"PERSON": {"action": "mask", "threshold": "high"}}},
     "policy.rules.PERSON.threshold"),
    ({"rules": {"PERSON": {"action": "mask", "colour": "red"}}}, "policy.rules.PERSON.colour"),
    ({"rules": {"person name": "mask"}}, "policy.rules.person name"),
    ({"rules": ["PERSON"]}, "policy.rules"),
    ({"allow_list": "#MeToo"}, "policy.allow_list"),
    ({"deny_list": ["ok", ""]}, "policy.deny_list[1]"),
    ({"deny_list": ["#MeToo"]}, "policy.deny_list"),  # also on the allow-list
    ({"version": 0}, "policy.version"),
    ({"schema": 99}, "policy.schema"),
    ({"colour": "red"}, "policy.colour"),
    ([], "policy"),
]


@pytest.mark.parametrize(("data", "field"), BAD)
def test_bad_policy_names_the_field(data: Any, field: str) -> None:
    with pytest.raises(PolicyError) as err:
        Policy.from_dict(data)
    assert str(err.value).startswith(field + ":")


def test_bad_json() -> None:
    with pytest.raises(PolicyError, match="not valid JSON"):
        Policy.from_json("{nope")


def test_json_is_stable_text() -> None:
    text = DEFAULT_POLICY.to_json()
    assert json.loads(text)["rules"]["PERSON"] == {"action": "pseudonym", "threshold": 0.3}
    assert text == Policy.from_json(text).to_json()


def test_policy_change_tells_what_to_redo() -> None:
    from safe_archive.core.scrub.policy import policy_change

    base = DEFAULT_POLICY
    assert policy_change(base, base).nothing
    raised = base.with_rule("AGE", "generalize", 0.9)
    assert policy_change(base, raised) == policy_change(base, raised)
    assert not policy_change(base, raised).rescan  # filter stored findings, no NLP
    assert policy_change(raised, base).rescan  # threshold lowered: scan again
    restyled = base.with_rule("PERSON", "redact")
    change = policy_change(base, restyled)
    assert not change.rescan and change.redact_types == {"PERSON"}
    listed = Policy(rules=base.rules, deny_list=("Camp Wanakee",))
    assert policy_change(base, listed).rescan

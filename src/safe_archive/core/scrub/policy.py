"""The scrub policy: per entity type an action and a score threshold, plus allow/deny lists.

A policy is plain data: it round-trips through JSON (the archive stores it, versioned) and
is validated on the way in: a bad policy raises :class:`PolicyError` naming the field.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

from safe_archive.core.errors import PolicyError
from safe_archive.core.scrub import entities as E

SCHEMA_VERSION = 1


class Action(StrEnum):
    PLACEHOLDER = "placeholder"  # [PERSON]
    PSEUDONYM = "pseudonym"  # [PERSON_3], the same label for the same person
    REDACT = "redact"  # █████ (same length)
    SURROGATE = "surrogate"  # a realistic fake value ("Alex Morgan", "user@example.org")
    MASK = "mask"  # J*** (first character kept)
    GENERALIZE = "generalize"  # a coarser truth ("[age 12–14]", "[a high school]")
    FLAG = "flag"  # found and shown for review, text left as is
    KEEP = "keep"  # not reported at all


# Actions that change the text (what "masked" means for the quality benchmark).
CHANGES_TEXT: frozenset[Action] = frozenset(
    {Action.PLACEHOLDER, Action.PSEUDONYM, Action.REDACT, Action.SURROGATE, Action.MASK,
     Action.GENERALIZE}
)


@dataclass(frozen=True, slots=True)
class Rule:
    action: Action
    threshold: float = 0.35


ALLOW_HASHTAGS_FILE = "allow_hashtags.txt"  # in resources/scrub: the shipped defaults


@cache
def default_allow_list() -> tuple[str, ...]:
    """The movement's hashtags in many languages (#MeToo, #YoTambién, #BalanceTonPorc,
    #JaTeż, ...), never masked: the allow-list of a new policy. Read from the package's
    ``resources/scrub/allow_hashtags.txt`` on first use; an archive stores its own copy in
    its policy, which the user edits."""
    path = resources.files("safe_archive.resources") / "scrub" / ALLOW_HASHTAGS_FILE
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return tuple(dict.fromkeys(t for t in lines if t and not t.startswith("# ") and t != "#"))


def _default_rules() -> dict[str, Rule]:
    a = Action
    return {
        E.PERSON: Rule(a.PSEUDONYM, 0.3),
        E.USERNAME: Rule(a.PSEUDONYM, 0.3),
        E.EMAIL_ADDRESS: Rule(a.PLACEHOLDER, 0.3),
        E.PHONE_NUMBER: Rule(a.PLACEHOLDER, 0.3),
        E.URL: Rule(a.PLACEHOLDER, 0.3),
        E.IP_ADDRESS: Rule(a.PLACEHOLDER, 0.3),
        E.STREET_ADDRESS: Rule(a.PLACEHOLDER, 0.3),
        E.LOCATION: Rule(a.GENERALIZE, 0.3),
        E.ORGANIZATION: Rule(a.GENERALIZE, 0.5),
        E.AGE: Rule(a.GENERALIZE, 0.3),
        E.SCHOOL: Rule(a.GENERALIZE, 0.3),
        E.WORKPLACE: Rule(a.GENERALIZE, 0.3),
        E.DATE: Rule(a.GENERALIZE, 0.3),
        E.DENY_LISTED: Rule(a.PLACEHOLDER, 0.0),
    }


@dataclass(frozen=True, slots=True)
class Policy:
    rules: Mapping[str, Rule] = field(default_factory=_default_rules)
    allow_list: tuple[str, ...] = field(default_factory=default_allow_list)
    deny_list: tuple[str, ...] = ()
    version: int = 1  # bumped by the archive when a user edits the policy

    def rule(self, entity_type: str) -> Rule:
        """The rule for a type; unknown types are flagged for review, never dropped."""
        return self.rules.get(entity_type, Rule(Action.FLAG, 0.5))

    def action(self, entity_type: str) -> Action:
        return self.rule(entity_type).action

    def reported_types(self) -> list[str]:
        return sorted(t for t, r in self.rules.items() if r.action is not Action.KEEP)

    def with_rule(self, entity_type: str, action: Action | str, threshold: float | None = None
                  ) -> Policy:
        old = self.rule(entity_type)
        rules = dict(self.rules)
        rules[entity_type] = Rule(Action(action), old.threshold if threshold is None else threshold)
        return replace(self, rules=rules).validated()

    def allowing(self, term: str) -> Policy:
        """This policy with ``term`` on the allow-list (never flagged; "#MeToo*" is a prefix)."""
        term = term.strip()
        if not term:
            raise PolicyError("policy.allow_list: the term is empty")
        if normalize(term) in {normalize(t) for t in self.allow_list}:
            return self
        deny = tuple(t for t in self.deny_list if normalize(t) != normalize(term))
        return replace(self, allow_list=self.allow_list + (term,), deny_list=deny).validated()

    def disallowing(self, term: str) -> Policy:
        key = normalize(term)
        return replace(self, allow_list=tuple(t for t in self.allow_list if normalize(t) != key))

    # -- JSON -------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_VERSION,
            "version": self.version,
            "rules": {
                t: {"action": r.action.value, "threshold": r.threshold}
                for t, r in sorted(self.rules.items())
            },
            "allow_list": list(self.allow_list),
            "deny_list": list(self.deny_list),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Policy:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise PolicyError(f"policy: not valid JSON (line {exc.lineno}): fix the file") from None
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Any) -> Policy:
        if not isinstance(data, dict):
            raise PolicyError("policy: expected a JSON object")
        known = {"schema", "version", "rules", "allow_list", "deny_list"}
        extra = sorted(set(data) - known)
        if extra:
            raise PolicyError(f"policy.{extra[0]}: unknown field (allowed: {', '.join(sorted(known))})")
        schema = data.get("schema", SCHEMA_VERSION)
        if schema != SCHEMA_VERSION:
            raise PolicyError(f"policy.schema: {schema!r} is not supported (expected {SCHEMA_VERSION})")
        version = data.get("version", 1)
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise PolicyError("policy.version: must be a positive integer")
        raw_rules = data.get("rules", None)
        rules = _default_rules()
        if raw_rules is not None:
            if not isinstance(raw_rules, dict):
                raise PolicyError("policy.rules: expected an object of entity type -> rule")
            for etype, raw in raw_rules.items():
                rules[etype] = _parse_rule(etype, raw)
        return cls(
            rules=rules,
            allow_list=_parse_terms("allow_list", data.get("allow_list", list(default_allow_list()))),
            deny_list=_parse_terms("deny_list", data.get("deny_list", [])),
            version=version,
        ).validated()

    def validated(self) -> Policy:
        for etype, rule in self.rules.items():
            where = f"policy.rules.{etype}"
            if not isinstance(etype, str) or not etype.isupper() or not etype.replace("_", "").isalnum():
                raise PolicyError(f"{where}: entity type must be UPPER_CASE letters, digits and _")
            if not isinstance(rule.action, Action):
                raise PolicyError(f"{where}.action: {rule.action!r} is not an action")
            _check_threshold(f"{where}.threshold", rule.threshold)
        clash = {normalize(t) for t in self.allow_list} & {normalize(t) for t in self.deny_list}
        if clash:
            raise PolicyError(
                f"policy.deny_list: {len(clash)} term(s) are also on the allow_list; remove them "
                "from one of the lists"
            )
        return self


def normalize(term: str) -> str:
    """The allow/deny lists' key: the same rule the scrub applies the allow-list by
    (:func:`safe_archive.core.scrub.known.allow_key`), so ``terms allow add "#YoTambien"``
    next to "#YoTambién" changes nothing, as the scrub already treats them as one."""
    from safe_archive.core.scrub.known import allow_key

    return allow_key(term)


def _check_threshold(where: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PolicyError(f"{where}: must be a number between 0 and 1")
    if math.isnan(value) or not 0.0 <= value <= 1.0:
        raise PolicyError(f"{where}: must be between 0 and 1, got {value}")
    return float(value)


def _parse_rule(etype: Any, raw: Any) -> Rule:
    where = f"policy.rules.{etype}"
    if isinstance(raw, str):
        raw = {"action": raw}
    if not isinstance(raw, dict):
        raise PolicyError(f"{where}: expected {{\"action\": ..., \"threshold\": ...}}")
    extra = sorted(set(raw) - {"action", "threshold"})
    if extra:
        raise PolicyError(f"{where}.{extra[0]}: unknown field (allowed: action, threshold)")
    action = raw.get("action")
    try:
        act = Action(str(action)) if isinstance(action, str) else Action("\0")
    except ValueError:
        allowed = ", ".join(a.value for a in Action)
        raise PolicyError(f"{where}.action: {action!r} is not one of {allowed}") from None
    threshold = _check_threshold(f"{where}.threshold", raw.get("threshold", 0.35))
    return Rule(act, threshold)


def _parse_terms(name: str, raw: Any) -> tuple[str, ...]:
    if not isinstance(raw, list):
        raise PolicyError(f"policy.{name}: expected a list of strings")
    out = []
    for i, term in enumerate(raw):
        if not isinstance(term, str) or not term.strip():
            raise PolicyError(f"policy.{name}[{i}]: must be a non-empty string")
        out.append(term.strip())
    return tuple(out)


def __getattr__(name: str) -> Any:
    """``DEFAULT_POLICY`` and ``DEFAULT_ALLOW_LIST`` are built on first use (they read the
    shipped hashtag list), not at import."""
    if name == "DEFAULT_POLICY":
        return _default_policy()
    if name == "DEFAULT_ALLOW_LIST":
        return default_allow_list()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def _default_policy() -> Policy:
    return Policy()


@dataclass(frozen=True, slots=True)
class PolicyChange:
    """What a policy edit means for stored findings (so the archive redoes only that)."""

    rescan: bool  # findings must be recomputed (a threshold lowered, a type turned on, lists)
    redact_types: frozenset[str]  # only the redacted text of posts with these types changes

    @property
    def nothing(self) -> bool:
        return not self.rescan and not self.redact_types


def policy_change(old: Policy, new: Policy) -> PolicyChange:
    """Stored findings were filtered with ``old``; what must be redone under ``new``?

    Raising a threshold or switching a type to ``keep`` only drops stored findings (filter
    them); lowering a threshold, enabling a type, or editing the allow/deny lists needs the
    posts scanned again. A different action needs only new redacted text.
    """
    rescan = old.allow_list != new.allow_list or old.deny_list != new.deny_list
    redact: set[str] = set()
    for etype in set(old.rules) | set(new.rules):
        a, b = old.rule(etype), new.rule(etype)
        if a == b:
            continue
        if b.threshold < a.threshold or (a.action is Action.KEEP and b.action is not Action.KEEP):
            rescan = True
        redact.add(etype)
    return PolicyChange(rescan=rescan, redact_types=frozenset(redact))

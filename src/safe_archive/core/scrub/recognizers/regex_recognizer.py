"""A Presidio recognizer over compiled regexes, reporting one capture group per rule.

Presidio's ``PatternRecognizer`` reports the whole match and applies the analyzer's regex
flags (case-insensitive by default); ours need a named group as the span and their own flags.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

try:  # Python 3.11+
    from re import _constants as _sre_c, _parser as _sre_p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as _sre_c
    import sre_parse as _sre_p

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts


@dataclass(frozen=True, slots=True)
class RegexRule:
    name: str
    regex: re.Pattern[str]
    score: float
    entity: str
    group: str | int = 0


# -- gates --------------------------------------------------------------------------------------
# Most rules cannot match most posts: a rule needs a digit, "old", "Caddesi" or a host name
# somewhere in the text. A rule's *gates* are small patterns read off its own regex, each of
# which every match of the rule contains (the text is searched for them first, cheaply, and the
# rule runs only when all of them are found), so the findings are the same with and without
# them. What is read off (anything else gives no gate): a run of literal characters, a
# character class of literals, ranges and \d \w \s; one of these required by every branch of
# an alternation; the body of a repeat of at least one; groups; with the rule's own case
# flags (the gate is matched by the same engine, so case folding is the same too).

_MAX_GATES = 3
_MAX_ALTERNATIVES = 4
# A gate that this ordinary text holds is no use (nearly every post holds it too): a space, a
# capital, "it", "was". Only speed depends on this choice, never a finding.
_ORDINARY = ("The quick brown fox jumps over the lazy dog. I was at home with my mom and dad, "
             "you are so cool, it is what it is! Then they were here to see her - OK?")


def _alt_source(alternatives: tuple[tuple[str, bool], ...]) -> tuple[str, bool]:
    """One pattern source for alternatives (source, ignore case): the case flag set once for
    the whole pattern when they agree (the search can then skip ahead by first letters),
    else on each alternative."""
    cases = {icase for _source, icase in alternatives}
    if len(cases) == 1:
        return "|".join(source for source, _icase in alternatives), cases.pop()
    return "|".join(f"(?i:{source})" if icase else f"(?-i:{source})"
                    for source, icase in alternatives), False


def _class_source(items: list[tuple[Any, Any]]) -> str | None:
    parts = []
    for op, av in items:
        if op is _sre_c.LITERAL:
            parts.append(re.escape(chr(av)))
        elif op is _sre_c.RANGE:
            parts.append(re.escape(chr(av[0])) + "-" + re.escape(chr(av[1])))
        elif op is _sre_c.CATEGORY and av in _CATEGORIES:
            parts.append(_CATEGORIES[av])
        else:  # NEGATE, other categories: no gate
            return None
    return "[" + "".join(parts) + "]" if parts else None


_CATEGORIES = {
    _sre_c.CATEGORY_DIGIT: r"\d",
    _sre_c.CATEGORY_WORD: r"\w",
    _sre_c.CATEGORY_SPACE: r"\s",
}

# a requirement: (alternatives, weakest) - every match contains a match of one alternative
# (each a pattern source and whether it ignores case); weakest = the length of the shortest
Requirement = tuple[tuple[tuple[str, bool], ...], int]


def _better(a: Requirement | None, b: Requirement | None) -> Requirement | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if (a[1], -len(a[0])) >= (b[1], -len(b[0])) else b


def _requirements(items: Any, icase: bool) -> list[Requirement]:
    """Every requirement read off a sequence of parsed items (each holds for every match)."""
    found: list[Requirement] = []
    run: list[str] = []

    def end_run() -> None:
        if run:
            found.append((((re.escape("".join(run)), icase),), len(run)))
            run.clear()

    for op, av in items:
        if op is _sre_c.LITERAL:
            run.append(chr(av))
            continue
        end_run()
        req = _item(op, av, icase)
        if req is not None:
            found.append(req)
    end_run()
    return found


def _best(items: Any, icase: bool) -> Requirement | None:
    best: Requirement | None = None
    for req in _requirements(items, icase):
        best = _better(best, req)
    return best


def _item(op: Any, av: Any, icase: bool) -> Requirement | None:
    if op is _sre_c.IN:
        source = _class_source(av)
        return (((source, icase),), 1) if source else None
    if op is _sre_c.SUBPATTERN:
        _group, add, delete, body = av
        if add & re.IGNORECASE:
            icase = True
        if delete & re.IGNORECASE:
            icase = False
        return _best(body, icase)
    if op in (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT, getattr(_sre_c, "POSSESSIVE_REPEAT", None)):
        low, _high, body = av
        return _best(body, icase) if low >= 1 else None
    if op is getattr(_sre_c, "ATOMIC_GROUP", None):
        return _best(av, icase)
    if op is _sre_c.BRANCH:
        alternatives: list[tuple[str, bool]] = []
        weakest = 1 << 30
        for branch in av[1]:
            req = _best(branch, icase)
            if req is None:
                return None
            alternatives.extend(req[0])
            weakest = min(weakest, req[1])
        return tuple(dict.fromkeys(alternatives)), weakest
    return None  # anchors, look-arounds, back-references, any character, ...


@lru_cache(maxsize=4096)
def _gate_pattern(source: str, flags: int) -> re.Pattern[str]:
    return re.compile(source, flags)


@lru_cache(maxsize=4096)
def rule_gates(regex: re.Pattern[str]) -> tuple[re.Pattern[str], ...]:
    """Patterns every match of ``regex`` contains (see above; at most ``_MAX_GATES``, the most
    selective first); empty when none can be read off."""
    try:
        parsed = _sre_p.parse(regex.pattern, regex.flags)
    except Exception:  # pragma: no cover - a pattern the parser of this Python reads otherwise
        return ()
    icase = bool(parsed.state.flags & re.IGNORECASE)
    reqs = [r for r in _requirements(list(parsed), icase) if r[1] >= 1]
    reqs.sort(key=lambda r: (-r[1], len(r[0])))
    flags = parsed.state.flags & ~(re.IGNORECASE | re.VERBOSE | re.MULTILINE | re.DOTALL)
    flags &= ~getattr(re, "TEMPLATE", 0)
    gates: list[re.Pattern[str]] = []
    for alternatives, _weakest in reqs:
        if len(alternatives) > _MAX_ALTERNATIVES:  # the search tries each one at every
            continue  # position: as slow as most rules themselves
        source, icase = _alt_source(alternatives)
        gate = _gate_pattern(source, flags | (re.IGNORECASE if icase else 0))
        if gate.search(_ORDINARY):
            continue
        if gate not in gates:
            gates.append(gate)
        if len(gates) >= _MAX_GATES:
            break
    return tuple(gates)


class RegexRecognizer(EntityRecognizer):
    """Reports ``rule.group`` of every match of every rule (a subclass may validate)."""

    RULES: Sequence[RegexRule] = ()

    name: str

    def __init__(self, rules: Sequence[RegexRule] | None = None, name: str | None = None) -> None:
        self.rules = list(rules if rules is not None else self.RULES)
        super().__init__(
            supported_entities=sorted({r.entity for r in self.rules}),
            name=name or type(self).__name__,
            supported_language="en",
        )

    def load(self) -> None:
        return None

    def validate(self, rule: RegexRule, match: re.Match[str], text: str) -> float | None:
        """Return the score to report, or None to drop the match."""
        return rule.score

    def prefilter(self, text: str) -> bool:
        """Cheap test: False skips all regexes for this text."""
        return True

    def rules_for(self, text: str) -> Sequence[RegexRule]:
        """The rules worth running on ``text`` (a subclass may leave out rules whose script or
        words the text lacks); every rule by default."""
        return self.rules

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if not self.prefilter(text):
            return []
        out: list[RecognizerResult] = []
        passed: dict[re.Pattern[str], bool] = {}  # each gate searched once per text
        for rule in self.rules_for(text):
            if entities and rule.entity not in entities:
                continue
            open_ = True
            for gate in rule_gates(rule.regex):
                ok = passed.get(gate)
                if ok is None:
                    ok = passed[gate] = gate.search(text) is not None
                if not ok:
                    open_ = False
                    break
            if not open_:
                continue
            for m in rule.regex.finditer(text):
                start, end = m.span(rule.group)
                if start < 0 or end <= start:
                    continue
                score = self.validate(rule, m, text)
                if score is None:
                    continue
                out.append(self.result(rule.entity, start, end, score, rule.name))
        return out

    def result(self, entity: str, start: int, end: int, score: float, rule: str
               ) -> RecognizerResult:
        return RecognizerResult(
            entity_type=entity,
            start=start,
            end=end,
            score=score,
            analysis_explanation=AnalysisExplanation(
                recognizer=self.name, original_score=score, pattern_name=rule
            ),
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )

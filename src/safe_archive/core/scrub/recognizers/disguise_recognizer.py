"""Names nobody confirmed yet, written in disguise: detected on the canonical view of the text
(:mod:`safe_archive.core.redaction.canonical`) with offsets mapped back to the original.

* joined names: ``Jessica_Miller``, ``jessica_miller``, ``Jessica.Miller``, ``JessicaMiller``,
  ``J.Miller`` — a first name (or an initial) joined by ``_``, ``.``, ``-``, camelCase or
  nothing to a surname (or another first name) -> PERSON;
* handle-shaped names: ``the_real_oksana``, ``priya_acht56``, ``oksana92`` — words joined by
  ``_`` or with digits, one of them a given name that is no common English word -> USERNAME;
* a disguised name: compatibility letters (``Ⓙⓔⓢⓢⓘⓒⓐ``, ``𝓙𝓮𝓼𝓼𝓲𝓬𝓪``, ``Ｊｅｓｓｉｃａ``),
  look-alike letters (``Јеѕѕіса``), zero-width characters or markup inside it, or spaced-out
  letters (``J e s s i c a``) -> PERSON, consecutive ones as one span.

Known (confirmed) terms in disguise are found by the known-identifier recognizers, which match
through the same canonical form. Words are judged by the name lists (``names.tsv``): the
disguise itself is the cue, so a name that is also a fairly common word counts, but not a very
common one ("will", "real").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from safe_archive.core.redaction.canonical import Token, tokens
from safe_archive.core.scrub.entities import PERSON, USERNAME
from safe_archive.core.scrub.recognizers.regex_recognizer import RegexRecognizer

SOURCE = "DisguiseRecognizer"
NAME_MAX_ZIPF = 5.0  # a name in disguise may be a fairly common word ("Jessica" 4.2, "Miller" 4.5)
HANDLE_NAME_MAX_ZIPF = 4.0  # inside a handle only rarer names count ("max_value" is code)
JOINED_SCORE = 0.8
SINGLE_SCORE = 0.7
HANDLE_SCORE = 0.8


class DisguiseRecognizer(RegexRecognizer):
    def __init__(self, names: Mapping[str, Any]) -> None:
        self.names = names
        super().__init__(rules=[], name=SOURCE)
        self.supported_entities = [PERSON, USERNAME]

    # -- vocabulary ----------------------------------------------------------------------------
    def _entry(self, word: str) -> Any:
        return self.names.get(word) if len(word) >= 2 and word.isalpha() else None

    def first(self, word: str, max_zipf: float = NAME_MAX_ZIPF) -> bool:
        e = self._entry(word)
        return e is not None and e.kind in ("first", "both", "given") and (
            e.zipf < max_zipf or e.person_ratio >= 0.5)

    def last(self, word: str) -> bool:
        e = self._entry(word)
        return e is not None and e.kind in ("last", "both") and (
            e.zipf < NAME_MAX_ZIPF or e.person_ratio >= 0.5)

    # -- detection -----------------------------------------------------------------------------
    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if not self.names:
            return []
        toks = tokens(text)
        groups: list[list[Token]] = []
        for t in toks:
            if t.joined and groups:
                groups[-1].append(t)
            else:
                groups.append([t])
        out: list[RecognizerResult] = []
        run: list[Token] = []  # consecutive disguised single names

        def flush() -> None:
            if run:
                out.append(self.result(PERSON, run[0].start, run[-1].end, SINGLE_SCORE, "disguised name"))
                run.clear()

        for group in groups:
            found = self._group(text, group) if len(group) > 1 else None
            if found is not None:
                flush()
                etype, score, rule = found
                out.append(self.result(etype, group[0].start, group[-1].end, score, rule))
                continue
            single = group[0] if len(group) == 1 else None
            if single is not None and single.disguised and self._single_name(text, single):
                if run and text[run[-1].end:single.start].strip():
                    flush()
                run.append(single)
                continue
            if single is not None and single.key.isalnum() and not single.key.isalpha():
                handle = self._handle([single])
                if handle:
                    flush()
                    out.append(self.result(USERNAME, single.start, single.end, HANDLE_SCORE, "handle-shaped name"))
                    continue
            flush()
        flush()
        return [r for r in out if not entities or r.entity_type in entities]

    def _group(self, text: str, group: list[Token]) -> tuple[str, float, str] | None:
        words = [t.key for t in group]
        underscored = any("_" in text[a.end:b.start] for a, b in zip(group, group[1:]))
        digits = any(not w.isalpha() for w in words)
        if not underscored and not digits and len(words) <= 3:
            head, tail = words[0], words[-1]
            middle_ok = all(self.first(w) or len(w) == 1 for w in words[1:-1])
            if middle_ok and ((self.first(head) and (self.last(tail) or self.first(tail)))
                              or (len(head) == 1 and head.isalpha() and self.last(tail))):
                return PERSON, JOINED_SCORE, "joined name"
        if (underscored or digits) and self._handle(group):
            if len(words) == 2 and not digits and self.first(words[0]) and self.last(words[1]):
                return PERSON, JOINED_SCORE, "joined name"  # jessica_miller
            return USERNAME, HANDLE_SCORE, "handle-shaped name"
        return None

    def _single_name(self, text: str, t: Token) -> bool:
        # spaced letters need four or more ("U.S.A." and "A M" are no names)
        spaced = any(c.isspace() or c == "." for c in text[t.start:t.end])
        return len(t.key) >= (4 if spaced else 3) and (self.first(t.key) or self.last(t.key))

    def _handle(self, group: list[Token]) -> bool:
        for t in group:
            word = t.key.rstrip("0123456789")
            if len(word) >= 4 and word.isalpha() and self.first(word, HANDLE_NAME_MAX_ZIPF):
                return True
        return False

    def result(self, entity: str, start: int, end: int, score: float, rule: str) -> RecognizerResult:
        res = super().result(entity, start, end, score, rule)
        res.recognition_metadata[RecognizerResult.RECOGNIZER_NAME_KEY] = SOURCE
        return res

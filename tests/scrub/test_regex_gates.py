"""Rule gates (recognizers/regex_recognizer.py): a rule is skipped when a text lacks something
every match of its regex contains. Only speed may depend on them: these tests check that a
gate is never missing where its rule matches, and that recognizers report the same with and
without gates."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from safe_archive.core.scrub.engine import EngineConfig, build_recognizers
from safe_archive.core.scrub.recognizers import regex_recognizer as rr
from safe_archive.core.scrub.recognizers.regex_recognizer import RegexRecognizer, rule_gates

FIXTURES = Path(__file__).parent / "fixtures"

HAND_WRITTEN = [
    "I was 13 years old when it happened", "she was thirteen yrs-old", "a 15 y/o girl",
    "he turned twenty-one", "aged 9", "at the age of 12", "when I was 14",
    "tenía 12 años", "j'avais 13 ans", "14 Jahre alt", "mit 14 Jahren", "ik was 15 jaar",
    "avevo 12 anni", "كان عمري 11 سنة", "9 yaşındaydım", "miałam 13 lat", "13-letnia",
    "calle Mayor 12", "12 rue des Lilas", "Lindenstraße 14", "Beatrixstraat 5b",
    "Rua das Flores, 120", "via Garibaldi 23", "شارع التحرير رقم 5", "Atatürk Caddesi No: 15",
    "ul. Mickiewicza 8", "Instituto Miguel de Cervantes", "lycée Victor-Hugo", "Goethe-Gymnasium",
    "Escola Estadual Dom Pedro II", "Kadıköy Anadolu Lisesi", "Szkoła Podstawowa nr 12",
    "call me at +1 (555) 123-4567 or 020 7946 0958", "mail jane.doe@example.com",
    "jane dot doe at gmail dot com", "jane(at)gmail(dot)com", "see https://t.co/abc and www.x.org",
    "bit.ly/xyz", "@jane_doe and @sam@mastodon.social and @anna.bsky.social and u/someone",
    "https://twitter.com/jane_doe/status/1", "1234 E Main St, Apt 4", "PO Box 12", "SW1A 1AA",
    "Austin, TX 78701", "Desert Vista High", "University of Arizona", "St. Mary's Hospital",
    "works at Walmart", "Acme Widgets Inc.", "March 3, 2019", "3/14/2019", "the 14th of March",
    "2019-03-14", "192.168.0.1", "LHS",
    # case folding beyond ASCII: the Kelvin sign folds to k, the long s to s, dotless i
    "\u212Aadıköy Lisesi", "I was 13 year\u017F old", "ı was 13 years old", "İ WAS 13",
    "ＭＩＴ 14", "I WAS ١٣ YEARS OLD", "١٣ سنة", "13\u00a0ans",
]


def _texts() -> list[str]:
    texts = list(HAND_WRITTEN)
    for name in ("planted_identifiers.jsonl", "multilingual_testimony.jsonl"):
        for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    # upper- and lower-cased copies: every case the rules' own flags treat alike
    return texts + [t.upper() for t in texts] + [t.lower() for t in texts]


def _regex_recognizers() -> list[RegexRecognizer]:
    return [r for r in build_recognizers(EngineConfig(context_model=False))
            if isinstance(r, RegexRecognizer) and r.rules]


def test_every_rule_matching_a_text_passes_its_gates() -> None:
    texts = _texts()
    checked = 0
    for rec in _regex_recognizers():
        for rule in rec.rules:
            gates = rule_gates(rule.regex)
            for text in texts:
                for m in rule.regex.finditer(text):
                    checked += 1
                    for gate in gates:
                        # every match holds each gate itself, not only the text around it
                        assert gate.search(m.group(0)), (rec.name, rule.name, gate.pattern, text)
    assert checked > 200  # the texts exercise the rules


def test_the_rules_that_cost_most_have_gates() -> None:
    by_name = {(rec.name, rule.name): rule_gates(rule.regex)
               for rec in _regex_recognizers() for rule in rec.rules}
    assert any(g.search("old") for g in by_name[("AgeRecognizer", "years old")])
    assert by_name[("MultilingualQuasiRecognizer", "calle")]
    assert all(not g.search("no digit here") for g in by_name[("MultilingualQuasiRecognizer", "ans")][1:])


def test_recognizers_report_the_same_without_gates(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _texts()
    recs = _regex_recognizers()

    def run() -> list[list[tuple[str, int, int, float]]]:
        return [[(r.entity_type, r.start, r.end, r.score) for r in rec.analyze(t, [], None)]
                for rec in recs for t in texts]

    gated = run()
    monkeypatch.setattr(rr, "rule_gates", lambda regex: ())
    assert run() == gated
    assert sum(map(len, gated)) > 100


@pytest.mark.parametrize(("pattern", "text"), [
    (r"(?i)\bkilo\w+", "\u212Ailogram"),  # the Kelvin sign folds to k
    (r"(?i)years?\s+old", "YEAR\u017F OLD"),  # the long s folds to s
    (r"(?i:ab)c", "ABc"),
    (r"a(?i:b)C", "aBC"),
    (r"x(?:foo|bar)+y", "xbarfooy"),
    (r"\d{2}-[A-F]{2}", "١٢-AB"),  # \d is any decimal digit
    (r"(?:calle|avenida)\s+\w+\s+\d+", "avenida Mayor 12"),
])
def test_gates_hold_where_the_rule_matches(pattern: str, text: str) -> None:
    regex = re.compile(pattern)
    assert regex.search(text)
    for gate in rule_gates(regex):
        assert gate.search(text), gate.pattern


def test_what_gives_no_gate() -> None:
    assert rule_gates(re.compile(r"\w+")) == ()  # nothing selective
    assert rule_gates(re.compile(r"(?:abc)?\d?")) == ()  # nothing required
    assert rule_gates(re.compile(r"[^x]qjz+")) != ()
    assert rule_gates(re.compile(r"(?<=zq)a")) == ()  # look-behind: not part of the match


def test_allow_list_spans_are_the_same_without_the_ascii_shortcut() -> None:
    """batch._allow_spans skips a term's pattern in an ASCII text that lacks the term's
    letters: the spans are those of every pattern run on every text."""
    from safe_archive.core.scrub.batch import _allow_patterns, _allow_spans
    from safe_archive.core.scrub.policy import DEFAULT_POLICY

    allow = tuple(DEFAULT_POLICY.allow_list) + ("Jane Doe", "#Kx", "#İstanbul*", "ſam")
    _gate, patterns, _literals = _allow_patterns(allow)
    texts = _texts() + ["#METOO and #MeTooMovement, #metooK12", "#kx #ISTANBULlife SAM ſam",
                        "#istanbul", "me too #YoTambien #YoTambién", "jane doe said #JaTeż"]
    found = 0
    for text in texts:
        every = sorted({m.span() for p in patterns for m in p.finditer(text)})
        got = _allow_spans(text, allow)
        assert set(every) <= set(got), text  # the hashtag-key spans come on top
        found += len(every)
    assert found > 20


def test_what_an_allowed_term_holds_in_ascii_text() -> None:
    from safe_archive.core.scrub.batch import _ascii_literal

    assert _ascii_literal("#MeToo") == "#metoo"
    assert _ascii_literal("#YoTambién") is False  # é matches no ASCII letter
    assert _ascii_literal("#İstanbul") is None  # İ matches i ignoring case
    assert _ascii_literal("\u212Aelvin") is None  # the Kelvin sign matches k


def test_no_prefilter_skips_a_text_with_findings() -> None:
    """A recognizer's ``prefilter`` (a digit, a capital, an @) only skips texts it would find
    nothing in."""
    texts = _texts() + ["²³ Main St", "ÉCOLE", "Ⅻ rue", "le 3 mars", "١٢/٣/٢٠١٩"]
    found = 0
    for rec in _regex_recognizers():
        if rec.name == "OfflineEmailRecognizer":
            continue  # its " at " test is case-sensitive, its rules are not: see NOTES
        for text in texts:
            skipped = not rec.prefilter(text)
            rec.prefilter = lambda _text: True  # type: ignore[method-assign]
            try:
                unfiltered = rec.analyze(text, [], None)
            finally:
                del rec.prefilter
            found += len(unfiltered)
            if skipped:
                assert unfiltered == [], (rec.name, text)
    assert found > 100


def test_gated_ip_recognizer_finds_what_presidios_finds() -> None:
    from presidio_analyzer.predefined_recognizers import IpRecognizer

    from safe_archive.core.scrub.engine import GatedIpRecognizer

    gated, stock = GatedIpRecognizer(), IpRecognizer(supported_language="en")
    addresses = ["2001:db8::1", "fe80::1%eth0", "::1", "::", "1:2:3:4:5:6:7:8", "::ffff:192.0.2.1",
                 "64:ff9b::192.0.2.33", "1:2:3:4:5:6:1.2.3.4", "a:b:c:d:e:f::", "::/0",
                 "10.0.0.1/8", "192.168.1.254", "2001:0db8:85a3:0000:0000:8a2e:0370:7334"]
    texts = _texts() + [f"my ip is {a}, ok" for a in addresses] + addresses + [
        "me: 2:30 pm, be: de:ad:be:ef", "a:b:c:d:e:f:g"]
    flags = re.DOTALL | re.MULTILINE | re.IGNORECASE  # the analyzer's default
    found = 0
    for text in texts:
        want = [(r.start, r.end, r.score) for r in stock.analyze(text, ["IP_ADDRESS"], None, flags)]
        got = [(r.start, r.end, r.score) for r in gated.analyze(text, ["IP_ADDRESS"], None, flags)]
        assert got == want, text
        found += len(want)
    assert found >= len(addresses)

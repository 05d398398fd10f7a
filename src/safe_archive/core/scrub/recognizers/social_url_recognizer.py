"""URL: links with a scheme, www., shorteners (t.co, bit.ly ...) and bare domains.

Presidio's stock URL recognizer also matches "word...word"-shaped text in informal posts;
this one needs a scheme, ``www.`` or a domain label followed by a real top-level domain.
"""

from __future__ import annotations

import re

from safe_archive.core.scrub.entities import URL
from safe_archive.core.scrub.recognizers.regex_recognizer import RegexRecognizer, RegexRule

_TLDS = (
    "com|org|net|edu|gov|mil|int|info|biz|io|co|me|ly|gl|be|it|tv|fm|am|gg|to|us|uk|ca|au|"
    "de|fr|es|nl|se|no|fi|dk|ie|nz|in|jp|cn|ru|br|mx|ar|za|ch|at|pl|pt|gr|tr|il|kr|sg|hk|"
    "app|dev|blog|news|social|online|site|xyz|link|live|club|shop|store|page|art|one"
)
_TRAIL = r"(?<![.,;:!?)\]'\"…])"

RULES = [
    RegexRule(
        "scheme url",
        re.compile(r"(?i)\b(?:https?|ftp)://[^\s<>\"'“”]+" + _TRAIL),
        0.95,
        URL,
    ),
    RegexRule(
        "www url",
        re.compile(r"(?i)(?<![\w./@])www\d{0,3}\.[^\s<>\"'“”]+" + _TRAIL),
        0.9,
        URL,
    ),
    RegexRule(
        "bare domain",
        re.compile(
            r"(?i)(?<![\w./@\-])(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+(?:" + _TLDS
            + r")\b(?!\.\w)(?:/[^\s<>\"'“”]*" + _TRAIL + r")?"
        ),
        0.6,
        URL,
    ),
]

_SHORTENERS = {"t.co", "bit.ly", "goo.gl", "ow.ly", "youtu.be", "fb.me", "buff.ly", "dlvr.it",
               "ift.tt", "tinyurl.com", "is.gd", "lnkd.in", "trib.al", "wp.me", "amzn.to"}


# two-letter TLDs that are also English words: "gonna.be", "here.it", "up.to" need a path
_WORDLIKE_TLDS = {"it", "me", "be", "to", "in", "am", "us", "no", "so", "at", "is", "my", "do",
                  "go", "an", "as", "by", "he", "hi", "id", "if", "of", "ok", "on", "or", "we"}


class SocialUrlRecognizer(RegexRecognizer):
    RULES = RULES

    def prefilter(self, text: str) -> bool:
        return "." in text

    def validate(self, rule: RegexRule, match: re.Match[str], text: str) -> float | None:
        if rule.name != "bare domain":
            return rule.score
        value = match.group(0)
        host = value.split("/", 1)[0].lower()
        if host in _SHORTENERS or "/" in value:
            return 0.9
        labels = host.split(".")
        tld = value.split("/", 1)[0].rsplit(".", 1)[1]
        if not tld.islower():  # "glove.It", "Lol.Com": sentence glue, not a link
            return None
        if tld in _WORDLIKE_TLDS and "/" not in value and not host.startswith("www."):
            return None
        # "ok.so", "lol.com"-like words glued by a period: need a real-looking label
        if len(labels[-2]) < 2 or host[0].isdigit() and not any(c.isalpha() for c in labels[-2]):
            return None
        return rule.score

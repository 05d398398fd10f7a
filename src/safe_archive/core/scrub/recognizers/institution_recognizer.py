"""SCHOOL, WORKPLACE and facilities (LOCATION): named institutions by their head word.

"Desert Vista High", "Lincoln Middle School", "University of Arizona", "St. Mary's Hospital",
"works at Walmart". Schools and workplaces are quasi-identifiers; facilities are places.
"""

from __future__ import annotations

import re

from safe_archive.core.scrub.entities import LOCATION, SCHOOL, WORKPLACE
from safe_archive.core.scrub.recognizers.regex_recognizer import RegexRecognizer, RegexRule

# A capitalised name word ("Desert", "St.", "Mary's", "O'Neil") - not sentence glue.
_CAP = r"(?:St\.|Mt\.|[A-Z][\w'’\-]*\.?)"
_NAME = rf"(?:{_CAP}\s+(?:(?:of|de|la|the|and|&)\s+)?){{1,4}}"
_GLUE = r"(?:The|A|An|My|Our|His|Her|Their|At|In|To|From|This|That|I|We|He|She|And|But|So)"

SCHOOL_HEADS = (
    r"High\s+School|High|Middle\s+School|Junior\s+High|Elementary(?:\s+School)?|Primary\s+School|"
    r"Secondary\s+School|Grammar\s+School|Prep(?:aratory)?(?:\s+School)?|Academy|Community\s+College|"
    r"College|University|Institute|Seminary|Conservatory|School|Sixth\s+Form|Kindergarten|Preschool"
)
FACILITY_HEADS = (
    r"Hospital|Medical\s+Center|Clinic|Church|Cathedral|Chapel|Mosque|Synagogue|Temple|Mall|"
    r"Park|Stadium|Arena|Airport|Station|Hotel|Motel|Inn|Library|Museum|Gym|Camp|Prison|Jail|"
    r"Base|Barracks|Beach|Lake|Center|Centre|Plaza|Square|Bar|Pub|Club|Restaurant|Cafe|Café|"
    r"Diner|Theater|Theatre|Cinema|Zoo|Ranch|Farm|Resort|Marina|Pier|Harbor|Harbour|Bridge"
)

RULES = [
    RegexRule(
        "school by head word",
        re.compile(rf"(?<![\w])(?!{_GLUE}\s)(?P<s>{_NAME}(?:{SCHOOL_HEADS}))\b"),
        0.7,
        SCHOOL,
        "s",
    ),
    RegexRule(
        "university of",
        re.compile(r"\b(?P<s>(?:University|College|Academy|Institute)\s+of\s+(?:the\s+)?"
                   r"(?:[A-Z][\w'’\-]*\s?){1,4})"),
        0.8,
        SCHOOL,
        "s",
    ),
    RegexRule(
        "school abbreviation",
        re.compile(r"(?<![\w])(?P<s>[A-Z]{2,5}(?:HS|MS|ES))\b"),
        0.5,
        SCHOOL,
        "s",
    ),
    RegexRule(
        "facility by head word",
        re.compile(rf"(?<![\w])(?!{_GLUE}\s)(?P<s>{_NAME}(?:{FACILITY_HEADS}))\b"),
        0.6,
        LOCATION,
        "s",
    ),
    RegexRule(
        "works at",
        re.compile(
            r"(?i:\b(?:work(?:s|ed|ing)?|job|employed|interned?|volunteer(?:s|ed)?|manager|boss|"
            r"supervisor|coworkers?|co-workers?|colleagues?|shift)\s+(?:at|for)\s+)"
            r"(?P<s>(?:the\s+)?[A-Z][\w'’&\-]*(?:\s+[A-Z][\w'’&\-]*){0,3})"
        ),
        0.6,
        WORKPLACE,
        "s",
    ),
    RegexRule(
        "company suffix",
        re.compile(r"(?<![\w])(?P<s>(?:[A-Z][\w'’&\-]*\s+){1,3}(?:Inc|LLC|Ltd|Corp|Co|GmbH|PLC)\.?)"
                   r"(?!\w)"),
        0.6,
        WORKPLACE,
        "s",
    ),
]


_CAPITAL = re.compile(r"[A-Z]")


class InstitutionRecognizer(RegexRecognizer):
    RULES = RULES

    def prefilter(self, text: str) -> bool:
        # every rule needs a capital A-Z (one regex search, not a Python test per character)
        return _CAPITAL.search(text) is not None

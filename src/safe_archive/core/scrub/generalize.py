"""Coarser truths for quasi-identifiers: "13" -> "[age 12–14]", a date -> its month and year,
"Desert Vista High" -> "[a high school]", "Tempe" -> "[Arizona]" (else "[a place]")."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from safe_archive.core.scrub import entities as E
from safe_archive.core.scrub.known import normalize_term
from safe_archive.core.scrub.numbers import MONTHS, parse_age


def age_bracket(age: int) -> str:
    """Three-year bands up to 20 ("12–14", "15–17", "18–20"), then decades ("20s")."""
    if age <= 20:
        lo = (age // 3) * 3
        return f"age {lo}–{lo + 2}"
    return f"age {(age // 10) * 10}s"


def generalize_date(text: str) -> str:
    low = text.casefold()
    year = re.search(r"(?:19|20)\d\d", text)
    month = next((m for m in MONTHS if re.search(rf"\b{m[:3]}", low)), None)
    if month is None:
        nums = [int(n) for n in re.findall(r"\d+", text)]
        if re.fullmatch(r"\s*(?:19|20)\d\d-\d\d-\d\d\s*", text):
            month = MONTHS[nums[1] - 1]
        elif len(nums) >= 2 and 1 <= nums[0] <= 12:
            month = MONTHS[nums[0] - 1]  # US order m/d/y
        elif len(nums) >= 2 and 1 <= nums[1] <= 12:
            month = MONTHS[nums[1] - 1]
    parts = [p for p in ((month or "").capitalize(), year.group() if year else "") if p]
    return " ".join(parts) if parts else "a date"


_SCHOOL_KINDS = [
    (r"middle\s+school|junior\s+high", "a middle school"),
    (r"high(?:\s+school)?\b|secondary|sixth\s+form|\bHS\b", "a high school"),
    (r"elementary|primary|\bES\b|kindergarten|preschool", "an elementary school"),
    (r"community\s+college", "a community college"),
    (r"universit", "a university"),
    (r"college", "a college"),
    (r"academy|prep|grammar|seminary|conservatory|institute", "a school"),
]
_FACILITY_KINDS = {
    "hospital": "a hospital", "medical center": "a hospital", "clinic": "a clinic",
    "church": "a church", "cathedral": "a church", "chapel": "a church", "mosque": "a mosque",
    "synagogue": "a synagogue", "temple": "a temple", "mall": "a mall", "park": "a park",
    "stadium": "a stadium", "arena": "an arena", "airport": "an airport",
    "station": "a station", "hotel": "a hotel", "motel": "a hotel", "inn": "a hotel",
    "library": "a library", "museum": "a museum", "gym": "a gym", "camp": "a camp",
    "prison": "a prison", "jail": "a jail", "base": "a military base",
    "barracks": "a military base", "beach": "a beach", "lake": "a lake", "bar": "a bar",
    "pub": "a bar", "club": "a club", "restaurant": "a restaurant", "cafe": "a café",
    "café": "a café", "diner": "a restaurant", "theater": "a theater", "theatre": "a theater",
    "cinema": "a cinema", "church camp": "a camp",
}


def generalize_school(text: str) -> str:
    for pattern, label in _SCHOOL_KINDS:
        if re.search(pattern, text, re.IGNORECASE):
            return label
    return "a school"


def _facility(text: str) -> str | None:
    low = text.casefold()
    for head in sorted(_FACILITY_KINDS, key=len, reverse=True):
        if re.search(rf"\b{re.escape(head)}$", low):
            return _FACILITY_KINDS[head]
    return None


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, str]:
    text = (resources.files("safe_archive.resources") / "scrub" / "gazetteer.tsv").read_text(
        encoding="utf-8"
    )
    out = {}
    for line in text.splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        place, region = line.split("\t", 1)
        out[normalize_term(place)] = region.strip()
    return out


def generalize_location(text: str) -> str:
    facility = _facility(text)
    if facility:
        return facility
    gaz = gazetteer()
    key = normalize_term(text)
    if key in gaz:
        return gaz[key]
    # "Tempe, Arizona" / "Tempe AZ": the most general part we know
    for part in re.split(r"[,/]", text):
        key = normalize_term(part)
        if key in gaz:
            return gaz[key]
    return "a place"


def generalize_workplace(text: str) -> str:
    facility = _facility(text)
    return facility or "a workplace"


_GENERAL = {
    E.PERSON: "a person",
    E.USERNAME: "an account",
    E.EMAIL_ADDRESS: "an e-mail address",
    E.PHONE_NUMBER: "a phone number",
    E.URL: "a link",
    E.IP_ADDRESS: "an IP address",
    E.STREET_ADDRESS: "an address",
    E.ORGANIZATION: "an organization",
}


def generalize(entity_type: str, text: str) -> str:
    """The bracketed coarser truth for a finding's text ("[age 12–14]")."""
    if entity_type == E.AGE:
        n = parse_age(text)
        inner = age_bracket(n) if n is not None else "an age"
    elif entity_type == E.DATE:
        inner = generalize_date(text)
    elif entity_type == E.SCHOOL:
        inner = generalize_school(text)
    elif entity_type == E.LOCATION:
        inner = generalize_location(text)
    elif entity_type == E.WORKPLACE:
        inner = generalize_workplace(text)
    else:
        inner = _GENERAL.get(entity_type, entity_type.lower().replace("_", " "))
    return f"[{inner}]"

"""The entity types the scrubber reports (``Finding.entity_type``)."""

from __future__ import annotations

PERSON = "PERSON"
USERNAME = "USERNAME"
EMAIL_ADDRESS = "EMAIL_ADDRESS"
PHONE_NUMBER = "PHONE_NUMBER"
URL = "URL"
IP_ADDRESS = "IP_ADDRESS"
LOCATION = "LOCATION"
STREET_ADDRESS = "STREET_ADDRESS"
ORGANIZATION = "ORGANIZATION"
AGE = "AGE"
SCHOOL = "SCHOOL"
WORKPLACE = "WORKPLACE"
DATE = "DATE"
DENY_LISTED = "DENY_LISTED"

ALL_ENTITIES: tuple[str, ...] = (
    PERSON,
    USERNAME,
    EMAIL_ADDRESS,
    PHONE_NUMBER,
    URL,
    IP_ADDRESS,
    LOCATION,
    STREET_ADDRESS,
    ORGANIZATION,
    AGE,
    SCHOOL,
    WORKPLACE,
    DATE,
    DENY_LISTED,
)

# Quasi-identifiers: alone they rarely name someone, together they can; flagged for review.
QUASI_IDENTIFIERS: frozenset[str] = frozenset({AGE, SCHOOL, WORKPLACE, DATE})

# When two findings overlap, the higher-priority type wins (lower number), then the score.
PRIORITY: dict[str, int] = {
    DENY_LISTED: 0,
    EMAIL_ADDRESS: 1,
    URL: 2,
    USERNAME: 3,
    PHONE_NUMBER: 4,
    IP_ADDRESS: 5,
    STREET_ADDRESS: 6,
    SCHOOL: 7,  # a named institution ("Desert Vista High") beats an NER guess of PERSON
    WORKPLACE: 8,
    PERSON: 9,
    LOCATION: 10,
    ORGANIZATION: 11,
    AGE: 12,
    DATE: 13,
}

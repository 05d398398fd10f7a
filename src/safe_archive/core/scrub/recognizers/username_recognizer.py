"""USERNAME: @handles per platform, u/name, and profile URLs."""

from __future__ import annotations

import re

from safe_archive.core.scrub.entities import USERNAME
from safe_archive.core.scrub.recognizers.regex_recognizer import RegexRecognizer, RegexRule

_PROFILE_HOSTS = (
    r"(?:www\.|mobile\.|m\.)?(?:twitter\.com|x\.com|instagram\.com|facebook\.com|fb\.com|"
    r"threads\.net|tiktok\.com|youtube\.com|linkedin\.com/in|reddit\.com/(?:u|user)|"
    r"bsky\.app/profile|tumblr\.com|github\.com|medium\.com|snapchat\.com/add|t\.me|"
    r"twitch\.tv|pinterest\.com|vk\.com|onlyfans\.com|patreon\.com)"
)

RULES = [
    # a profile URL: the whole URL is the identifier
    RegexRule(
        "profile url",
        re.compile(
            r"(?i)(?<![\w.])(?:https?://)?" + _PROFILE_HOSTS
            + r"/@?(?!(?:status|hashtag|search|explore|home|i|intent|share|watch|p|reel|"
            r"groups|events|pages|r)\b)[\w.\-]{2,}(?:/[^\s<>\"'()]*)?"
        ),
        0.95,
        USERNAME,
    ),
    # mastodon-style profile URL: https://host/@user
    RegexRule(
        "fediverse profile url",
        re.compile(r"(?i)\bhttps?://[\w.\-]+\.[a-z]{2,}/@[\w.\-]+(?:@[\w.\-]+)?(?:/\S*)?"),
        0.95,
        USERNAME,
    ),
    # @user@host (Mastodon, Pixelfed, ...)
    RegexRule(
        "fediverse handle",
        re.compile(r"(?<![\w@/])@[\w.\-]*\w@[\w\-]+(?:\.[\w\-]+)+"),
        0.95,
        USERNAME,
    ),
    # @name.bsky.social or a custom-domain Bluesky handle (@name.example.com)
    RegexRule(
        "bluesky handle",
        re.compile(r"(?<![\w@/])@\w[\w\-]*(?:\.[\w\-]+)+\.[a-zA-Z]{2,}\b"),
        0.95,
        USERNAME,
    ),
    # @name (Twitter/X, Instagram, TikTok, Threads): letters, digits, _ and inner dots
    RegexRule(
        "at handle",
        re.compile(r"(?<![\w/])[@＠]\w(?:[\w.]*\w)?"),  # "@@name" typos too
        0.9,
        USERNAME,
    ),
    # Reddit: u/name, /u/name
    RegexRule(
        "reddit user",
        re.compile(r"(?<![\w/])/?u/[\w\-]{3,20}\b"),
        0.9,
        USERNAME,
    ),
]


class UsernameRecognizer(RegexRecognizer):
    RULES = RULES

    def prefilter(self, text: str) -> bool:
        return "@" in text or "/" in text or "＠" in text

"""Issue 13's disguise fixture: identities, the one form a reviewer confirms, and the disguised
forms the scrub must catch (every form issue 13 and 14 list, in running text)."""

from __future__ import annotations

# (confirmed form, entity type, [disguised forms])
IDENTITIES: list[tuple[str, str, list[str]]] = [
    ("Jessica Miller", "PERSON", [
        "Jessica_Miller", "jessica_miller", "J.Miller", "JessicaMiller", "#JessicaMiller", "jessica.miller",
        "Jessica-Miller", "𝓙𝓮𝓼𝓼𝓲𝓬𝓪 𝓜𝓲𝓵𝓵𝓮𝓻", "Ⓙⓔⓢⓢⓘⓒⓐ Ⓜⓘⓛⓛⓔⓡ", "Ｊｅｓｓｉｃａ Ｍｉｌｌｅｒ", "Јеѕѕіса Miller",
        "Jes\u200bsica Miller", "Jessica <b>Miller</b>", "J e s s i c a  M i l l e r",
    ]),
    ("Jessica", "PERSON", ["Ⓙⓔⓢⓢⓘⓒⓐ", "J e s s i c a", "𝓙𝓮𝓼𝓼𝓲𝓬𝓪", "Ｊｅｓｓｉｃａ", "Јеѕѕіса", "Jes\u200bsica"]),
    ("Oksana", "PERSON", ["Ⓞⓚⓢⓐⓝⓐ", "O k s a n a", "𝓞𝓴𝓼𝓪𝓷𝓪", "Оksаna", "Ok\u2060sana"]),
    ("@the_real_oksana", "USERNAME", ["the_real_oksana", "TheRealOksana", "the.real.oksana"]),
    ("@priya_acht56", "USERNAME", ["priya_acht56", "PriyaAcht56", "priya.acht56"]),
    ("Daniel Okafor", "PERSON", [
        "Daniel.Okafor", "daniel_okafor", "D.Okafor", "DanielOkafor", "Ⓓⓐⓝⓘⓔⓛ Ⓞⓚⓐⓕⓞⓡ",
        "D a n i e l  O k a f o r",
    ]),
]

# Running text around each form: the name in a name position.
FRAMES = ["so proud of {}", "it was {} who did it", "{} hurt me when I was 14", "ask {} what happened"]


def cases() -> list[tuple[str, int, int, str, str]]:
    """(text, gold start, gold end, entity type, confirmed form) for every form in one frame."""
    out = []
    n = 0
    for confirmed, etype, forms in IDENTITIES:
        for form in forms:
            frame = FRAMES[n % len(FRAMES)]
            n += 1
            text = frame.format(form)
            start = text.index(form)
            out.append((text, start, start + len(form), etype, confirmed))
    return out


def covered(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether every letter of the gold span is inside a text-changing finding."""
    return all(any(a <= k < b for a, b in spans) for k in range(start, end)
               if text[k].isalnum())

"""Language tags as BCP 47 spells them, whatever the export wrote.

Exports write ``zh-CN``, ``zh_CN``, ``zhCn``, ``ZH-hans`` or ``zh_Hans``; stored as ``zh-CN`` /
``zh-Hans`` (language lower case, script title case, region upper case), the ``lang:zh``
search filter finds them all. Something that is not a language tag is dropped (``None``).
"""

from __future__ import annotations

import re

_CAMEL = re.compile(r"^([A-Za-z]{2,3})([A-Z][a-z]{1,3})$")  # zhCn, ptBr, zhHans
_TAG = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{1,8})*$")


def normalize_lang(value: object) -> str | None:
    """``value`` as a BCP 47 tag in canonical case, or ``None`` when it is not one."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 35:
        return None
    camel = _CAMEL.match(text)
    if camel:
        text = f"{camel.group(1)}-{camel.group(2)}"
    text = text.replace("_", "-").lower()
    if not _TAG.match(text):
        return None
    parts = text.split("-")
    out = [parts[0]]
    extension = False
    for part in parts[1:]:
        extension = extension or len(part) == 1  # after a singleton (u-, x-) all stays lower case
        if extension:
            out.append(part)
        elif len(part) == 4 and part.isalpha():
            out.append(part.title())  # script: Hans, Latn
        elif len(part) == 2 and part.isalpha():
            out.append(part.upper())  # region: CN, BR
        else:
            out.append(part)  # numeric region (419), variants, extensions
    return "-".join(out)

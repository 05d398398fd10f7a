"""The GUI's own settings file: ``<config>/gui.toml``.

It holds recent archive *folder paths* (never content, never file names from inside an
archive), the auto-lock delay and whether to remember recent archives at all. Versioned so a
later release can upgrade it (Picard's config_upgrade idea). Written atomically, owner-only.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import tomli_w

VERSION = 1
MAX_RECENT = 8
DEFAULT_AUTOLOCK_MINUTES = 10


@dataclass
class GuiSettings:
    path: Path | None = None  # None: in memory only (tests, --demo never needs it)
    recent: list[str] = field(default_factory=list)
    remember_recent: bool = True
    autolock_minutes: int = DEFAULT_AUTOLOCK_MINUTES  # 0 = never
    nlp_model: str = ""  # an installed spaCy pipeline package; "" = the pinned default

    @classmethod
    def load(cls, path: Path) -> GuiSettings:
        settings = cls(path=path)
        try:
            with open(path, "rb") as handle:
                data = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError):
            return settings  # a missing or damaged file means defaults; it holds no content
        recent = data.get("recent", [])
        if isinstance(recent, list):
            settings.recent = [str(p) for p in recent if isinstance(p, str)][:MAX_RECENT]
        settings.remember_recent = bool(data.get("remember_recent", True))
        minutes = data.get("autolock_minutes", DEFAULT_AUTOLOCK_MINUTES)
        settings.autolock_minutes = minutes if isinstance(minutes, int) and 0 <= minutes <= 1440 else DEFAULT_AUTOLOCK_MINUTES
        model = data.get("nlp_model", "")
        settings.nlp_model = model if isinstance(model, str) and re.fullmatch(r"[A-Za-z0-9_.\-]{0,100}", model) else ""
        return settings

    def add_recent(self, folder: Path) -> None:
        if not self.remember_recent:
            return
        text = str(Path(folder).resolve())
        self.recent = [text] + [p for p in self.recent if p != text]
        self.recent = self.recent[:MAX_RECENT]
        self.save()

    def forget_recent(self) -> None:
        self.recent = []
        self.save()

    def save(self) -> None:
        if self.path is None:
            return
        data = {
            "version": VERSION,
            "remember_recent": self.remember_recent,
            "autolock_minutes": self.autolock_minutes,
            "nlp_model": self.nlp_model,
            "recent": self.recent if self.remember_recent else [],
        }
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".gui-", suffix=".toml")
        try:
            with os.fdopen(fd, "wb") as handle:
                tomli_w.dump(data, handle)
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

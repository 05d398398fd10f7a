"""Every directory the app uses, decided in one place (platformdirs; SAFE_ARCHIVE_HOME overrides).

Nothing here creates directories at import time; callers ask for a folder when they need it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "SafeArchive"


@dataclass(frozen=True, slots=True)
class AppPaths:
    config: Path  # settings.toml (no content: recent archive paths only, if enabled)
    data: Path  # demo archive and other app-owned archives
    cache: Path  # nothing with content is ever written here

    @classmethod
    def default(cls) -> AppPaths:
        home = os.environ.get("SAFE_ARCHIVE_HOME")
        if home:
            root = Path(home)
            return cls(config=root / "config", data=root / "data", cache=root / "cache")
        return cls(
            config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            cache=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        )

    def ensure(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        return folder

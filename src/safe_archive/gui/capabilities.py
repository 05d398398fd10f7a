"""Which backend services exist in this build.

Screens whose service has not landed yet are shown disabled, with a tooltip saying so, instead
of pretending to work. Each check looks for the module *and* the entry point the GUI calls.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass


def _has(module: str, *attrs: str) -> bool:
    try:
        if importlib.util.find_spec(module) is None:
            return False
        loaded = importlib.import_module(module)
    except Exception:  # noqa: BLE001 - a half-finished module counts as absent
        return False
    return all(hasattr(loaded, a) for a in attrs)


@dataclass(frozen=True, slots=True)
class Capabilities:
    review: bool  # accept / reject / apply-to-all / manual / mark reviewed
    collections: bool  # add posts to collections, labels
    export: bool  # export dialog with leak check
    policy: bool  # scrub policy editing

    @classmethod
    def detect(cls) -> Capabilities:
        # The GUI is wired to these entry points only; until they exist the screens stay off.
        return cls(
            review=_has("safe_archive.core.review.review", "Review"),
            collections=_has("safe_archive.core.review.collections", "Collections", "SavedSearches")
            and _has("safe_archive.core.labels", "LABELS"),
            export=_has("safe_archive.core.export.exporter", "Exporter")
            and _has("safe_archive.core.export.records", "ExportOptions"),
            policy=True,  # Tools ▸ Scrubbing policy…
        )


NOT_YET = {
    "review": "Review actions arrive with the review service (core/review), which is not in this build yet.",
    "collections": "Editing collections and labels arrives with core/review, which is not in this build yet.",
    "export": "Export arrives with the export service (core/export), which is not in this build yet.",
    "policy": "The policy editor (entity types and actions, thresholds, allow/deny lists, NLP model) "
    "is not built in the GUI yet.",
}

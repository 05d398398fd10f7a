"""Review: decisions on findings, consent/handling labels, tags, notes, edited text, term
lists, collections, saved searches, and forgetting."""

from safe_archive.core.labels import LABELS, Label, validate_label

__all__ = ["LABELS", "Label", "validate_label"]

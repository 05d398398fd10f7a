"""Presidio recognizers SafeArchive adds: one class per module, named after it."""

"""The search service: runs parsed queries (:mod:`safe_archive.core.query`) against the store."""

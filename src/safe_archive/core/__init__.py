"""The Qt-free core: model, archive, importers, scrubbing, export, audit.

Nothing in this package may import PySide6, ``safe_archive.gui`` or ``safe_archive.cli``
(an import-linter contract in the test suite enforces it).
"""

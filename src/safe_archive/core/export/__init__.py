"""Exports: one module per format (registered), the leak check, the manifest, encryption.

Import :mod:`safe_archive.core.export.exporter` for the :class:`Exporter` service; this package
itself stays light so other packages can use :mod:`.redaction` without import cycles.
"""

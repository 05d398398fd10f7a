"""The PySide6 desktop application. Nothing outside this package imports Qt.

Entry point: :func:`safe_archive.gui.app.run` (``safe-archive gui [ARCHIVE] [--demo]``).
"""

"""The PySide6 desktop application, over the core's Archive facade (never the other way round)."""

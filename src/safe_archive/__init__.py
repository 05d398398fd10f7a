"""SafeArchive: an offline, encrypted archive for sensitive social-media testimony."""

__version__ = "0.1.0"

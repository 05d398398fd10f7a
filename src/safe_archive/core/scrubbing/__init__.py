"""The scrub service: runs detection (:mod:`safe_archive.core.scrub`) over the archive's
posts and stores findings (:class:`~safe_archive.core.scrubbing.service.ArchiveScrubber`,
:class:`~safe_archive.core.scrubbing.service.ScrubPlan` for ``Archive.import_files``)."""

"""The command line: a thin layer over ``safe_archive.core`` (see DESIGN.md's CLI contract)."""

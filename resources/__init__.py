"""Assets people edit, installed as the package data ``safe_archive.resources``.

The folder lives at the top of the checkout (``resources/``) so that ``src/`` holds code only;
``setup.py`` maps it into the package. Read files through
``importlib.resources.files("safe_archive.resources")``, never through a path on disk.
"""

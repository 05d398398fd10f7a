"""Package layout (everything else is in pyproject.toml).

Code lives in ``src/``; the assets people edit (scrub word lists and models, icons, the desktop
entry, fonts) live in the top-level ``resources/`` folder and install as the package
``safe_archive.resources``.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages("src"), "safe_archive.resources"],
    package_dir={"": "src", "safe_archive.resources": "resources"},
)

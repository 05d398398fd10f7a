# Build targets. The Python scripts do the work (they also run on Windows CI, which has no make).

PYTHON ?= .venv/bin/python

.PHONY: package smoke-bundle

# the one-folder desktop bundle + this OS's archive (dist/); see packaging/README.md
package:
	$(PYTHON) scripts/package.py

# build the bundle, then run its --self-test offline and headless; measure size and start-up
smoke-bundle:
	$(PYTHON) scripts/smoke_bundle.py

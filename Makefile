# The two commands: `make run` and `make test`. Everything else is what they need.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
KERN := node_modules/@kern-ux/native/dist
VENDOR := static/vendor
BUILD := build/static

.PHONY: run test setup lint typecheck pytest migrate seed vendor messages catalogs clean lock

# uvicorn and the app get the same HOST and PORT: without BASE_URL, links in mails point there.
run: setup
	$(BIN)/participation migrate
	$(BIN)/participation seed-demo --if-empty
	@HOST=$(HOST) PORT=$(PORT) $(BIN)/participation welcome
	HOST=$(HOST) PORT=$(PORT) $(BIN)/uvicorn app:app --host $(HOST) --port $(PORT) --proxy-headers

test: setup lint typecheck pytest

setup: $(VENV)/.installed $(BUILD)/staticfiles.json catalogs

# Python packages from the lock file, so that every machine installs the same versions.
$(VENV)/.installed: requirements-dev.lock pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# Front-end packages from package-lock.json, copied to where the app serves them.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(VENDOR)/.copied: node_modules/.installed
	rm -rf $(VENDOR)
	mkdir -p $(VENDOR)/kern/fonts $(VENDOR)/htmx $(VENDOR)/axe
	cp $(KERN)/kern.min.css $(KERN)/kern-grid.min.css $(VENDOR)/kern/
	cp -r $(KERN)/fonts/fira-sans $(KERN)/fonts/fira-sans.css $(VENDOR)/kern/fonts/
	cp node_modules/@kern-ux/native/LICENSE.md $(VENDOR)/kern/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/axe-core/axe.min.js $(VENDOR)/axe/
	touch $@

# What the app serves (participation/site/assets.py): the Latin subset of Fira Sans and its
# @font-face rules (static/vendor/fira-sans.css); one
# stylesheet, static/vendor/site.css, of what the templates and Python modules use
# (PurgeCSS, purgecss.config.cjs); then every file of static/ under a content-hashed name
# (cached a year, immutable) with brotli and gzip copies, in build/static/.
$(BUILD)/staticfiles.json: $(VENDOR)/.copied $(VENV)/.installed purgecss.config.cjs \
		$(shell find static -type f -not -path 'static/vendor/*') \
		$(shell find templates participation -name '*.html' -o -name '*.py')
	$(BIN)/python -m participation.site.assets

vendor: $(BUILD)/staticfiles.json

# German counts its translations; English needs none where the msgid is the English text.
catalogs: $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -d participation/locale -D messages -l de 2>&1 | grep -v "^compiling" || true
	$(BIN)/pybabel compile -d participation/locale -D messages -l en 2>&1 | grep -v "^compiling" || true
	@test -f participation/locale/de/LC_MESSAGES/messages.mo

# Re-extract UI strings and merge them into both catalogs (run after changing strings).
messages: $(VENV)/.installed
	$(BIN)/pybabel extract -k N_ --no-location --sort-output -F babel.cfg -o participation/locale/messages.pot --project participation participation templates
	$(BIN)/pybabel update --no-fuzzy-matching -i participation/locale/messages.pot -d participation/locale -D messages

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check participation tests bench app.py

typecheck: setup
	$(BIN)/mypy

pytest: setup
	$(BIN)/pytest

migrate: setup
	$(BIN)/participation migrate

seed: migrate
	$(BIN)/participation seed-demo

# Refresh requirements-dev.lock from pyproject.toml (needs network; commit the result).
lock: $(VENV)/.installed
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile --quiet --python-version 3.11 --extra dev --generate-hashes pyproject.toml -o requirements-dev.lock

clean:
	rm -rf $(VENV) node_modules $(VENDOR) build var .mypy_cache .ruff_cache .pytest_cache

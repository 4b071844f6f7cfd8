# De Vitrine: everything a developer runs, in one place. `make help` lists the targets.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
MANAGE := $(PY) manage.py
DEMO_FILES := demo/cases-a.json demo/cases-b.json

.DEFAULT_GOAL := help
.PHONY: help install run setup test lint format migrate makemigrations demo images bench vendor messages localize-js \
	backup restore

help: ## Show this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 of nieuwer is nodig")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP) ## Create the virtual environment and install the requirements

setup: install ## Database, site structure in nl/en/fr, demo content and an admin login
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) setup_site
	$(MANAGE) import_cases $(DEMO_FILES)
	$(MANAGE) ensure_admin

run: setup ## Set everything up and run the site on http://127.0.0.1:8000
	$(MANAGE) runserver 127.0.0.1:8000

test: install ## Run the whole test suite (SQLite, or PostgreSQL when DATABASE_URL is set)
	$(VENV)/bin/pytest

lint: install ## Check code style (ruff, djhtml) and migrations
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check templates
	DJANGO_SETTINGS_MODULE=vitrine_cms.settings.test $(MANAGE) makemigrations --check --dry-run

format: install ## Format code (ruff, djhtml)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml templates

migrate: install ## Apply database migrations
	$(MANAGE) migrate

makemigrations: install ## Create migrations for model changes
	$(MANAGE) makemigrations

backup: install ## Database and media in one archive in var/backups (or BACKUP_DIR; OUTPUT=dir for another folder)
	$(MANAGE) backup $(if $(OUTPUT),--output "$(OUTPUT)")

restore: install ## Restore ARCHIVE=path into an empty database and media folder (FORCE=1 replaces what is there)
	@test -n "$(ARCHIVE)" || { echo "Geef het archief op: make restore ARCHIVE=var/backups/vitrine-backup-….tar"; exit 2; }
	$(MANAGE) restore $(if $(FORCE),--force) "$(ARCHIVE)"

messages: install ## List new texts in the Dutch catalogue (devtools/source_catalog.py), compile locale/*/LC_MESSAGES/*.po (polib)
	$(MANAGE) shell -c 'from devtools.source_catalog import write; print(write(), "nieuwe teksten in locale/nl")'
	$(PY) -c 'import pathlib, polib; [polib.pofile(p).save_as_mofile(p.with_suffix(".mo")) for p in pathlib.Path("locale").glob("*/LC_MESSAGES/*.po")]'

localize-js: install ## After upgrading wagtail-localize: refresh our copy of its translation editor script (translatable labels)
	$(MANAGE) shell -c 'from home.localize_bundle import write_patched_bundle; print(write_patched_bundle())'

images: install ## Redraw the demo illustrations
	$(PY) demo/make_images.py --force

AXE_DIR := tests/browser/vendor
LEAFLET_DIR := vitrine_cms/static/vendor/leaflet
CLUSTER_DIR := vitrine_cms/static/vendor/leaflet.markercluster

vendor: ## Refresh the vendored front-end files (axe-core, Leaflet, Leaflet.markercluster) from package-lock.json; needs npm
	npm ci --no-audit --no-fund
	mkdir -p $(AXE_DIR) $(LEAFLET_DIR)/images $(CLUSTER_DIR)
	cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE node_modules/axe-core/LICENSE-3RD-PARTY.txt $(AXE_DIR)/
	cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map node_modules/leaflet/dist/leaflet.css \
		node_modules/leaflet/LICENSE $(LEAFLET_DIR)/
	cp node_modules/leaflet/dist/images/*.png $(LEAFLET_DIR)/images/
	cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js \
		node_modules/leaflet.markercluster/dist/leaflet.markercluster.js.map \
		node_modules/leaflet.markercluster/dist/MarkerCluster.css node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css \
		node_modules/leaflet.markercluster/MIT-LICENCE.txt $(CLUSTER_DIR)/
	chmod 644 $(CLUSTER_DIR)/*
	@echo "axe-core $$(node -p "require('./node_modules/axe-core/package.json').version")," \
		"Leaflet $$(node -p "require('./node_modules/leaflet/package.json').version")," \
		"Leaflet.markercluster $$(node -p "require('./node_modules/leaflet.markercluster/package.json').version") copied;" \
		"commit the changes."

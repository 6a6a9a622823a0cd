# Finish First: every command a newcomer needs. `make help` lists them.
# Each target sets up .venv from the pinned requirements by itself.

PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PELICAN := $(BIN)/pelican
INPUTDIR := content
OUTPUTDIR := output
CONFFILE := pelicanconf.py
PUBLISHCONF := publishconf.py
HOST ?= 127.0.0.1
PORT ?= 8000

PELICANOPTS ?=
ifeq ($(DEBUG), 1)
	PELICANOPTS += -D
endif
ifeq ($(RELATIVE), 1)
	PELICANOPTS += --relative-urls
endif

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets
	@echo "Finish First: make TARGET"
	@grep -E '^[a-z_]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'
	@echo "Variables: PORT=$(PORT) DEBUG=1 (verbose) RELATIVE=1 (relative URLs) SITEURL=... (publish)"

# The stamps make a changed requirements file update the venv on the next call.
$(VENV)/.site-installed: requirements.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.test-installed: $(VENV)/.site-installed requirements-test.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

.PHONY: venv
venv: $(VENV)/.test-installed ## Create or update .venv (done by every target)

.PHONY: html
html: $(VENV)/.site-installed ## Build the development site into output/
	$(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS)

.PHONY: serve
serve: html ## Build, then serve output/ on http://127.0.0.1:8000/ (Ctrl-C stops)
	$(PELICAN) --listen --bind $(HOST) --port $(PORT) -o $(OUTPUTDIR) -s $(CONFFILE)

.PHONY: devserver
devserver: $(VENV)/.site-installed ## Serve and rebuild on every change to content, theme or plugins
	$(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS) \
		--autoreload --listen --bind $(HOST) --port $(PORT)

.PHONY: publish
publish: $(VENV)/.site-installed ## Build the production site (publishconf.py) into output/
	$(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(PUBLISHCONF) $(PELICANOPTS)

.PHONY: test
test: $(VENV)/.test-installed ## Run every test (builds the site itself)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

.PHONY: clean
clean: ## Remove output/ and caches (keeps .venv)
	rm -rf $(OUTPUTDIR) cache .pytest_cache .ruff_cache .hypothesis
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +

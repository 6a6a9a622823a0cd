# Finish First: every command a newcomer needs. `make help` lists them.
# Each target sets up .venv from the pinned requirements by itself.

PY ?= python3
# VENV=/path/to/.venv uses another checkout's venv (the workflow tests do).
VENV ?= .venv
BIN := $(VENV)/bin
PELICAN := $(BIN)/pelican
INPUTDIR := content
OUTPUTDIR := output
CONFFILE := pelicanconf.py
PUBLISHCONF := publishconf.py
HOST ?= 127.0.0.1
PORT ?= 8000
# pelicanconf.py reads it: the development feeds link to the server on this port.
export PORT
# Our plugins and the project's packages (scripts, bench, tests) are importable by name;
# pytest's `pythonpath` (pyproject.toml) says the same for the tests.
export PYTHONPATH := $(CURDIR)/plugins:$(CURDIR)

PELICANOPTS ?=
ifeq ($(DEBUG), 1)
	PELICANOPTS += -D
endif
ifeq ($(RELATIVE), 1)
	PELICANOPTS += -e RELATIVE_URLS=true
endif

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets
	@echo "Finish First: make TARGET"
	@grep -E '^[a-z0-9_]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'
	@echo "Variables: PORT=$(PORT) DEBUG=1 (verbose) RELATIVE=1 (relative URLs) SITEURL=... (publish)"
	@echo "Deploying: SSH_HOST SSH_TARGET_DIR SSH_PORT, S3_BUCKET, GITHUB_PAGES_BRANCH; DRY_RUN=1"

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
# The check first: Pelican alone skips a post it cannot read and builds the rest.
html: $(VENV)/.site-installed ## Check the posts, then build the development site into output/
	@$(BIN)/python -m scripts.check
	@$(BIN)/python -m scripts.build $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS)

.PHONY: serve
serve: html ## Build, then serve output/ on http://127.0.0.1:8000/ (PORT=8001 to change; Ctrl-C stops)
	@$(BIN)/python -m scripts.serve --port $(PORT) --directory $(OUTPUTDIR)

.PHONY: devserver
devserver: $(VENV)/.site-installed ## Preview in preview/ on 127.0.0.1, rebuilt and reloaded on every save
	@$(BIN)/python -m scripts.devserver --port $(PORT)

.PHONY: newpost
newpost: $(VENV)/.site-installed ## Start a draft post: make newpost TITLE="What to say"
	@$(BIN)/python -m scripts.newpost

.PHONY: check
check: $(VENV)/.site-installed ## Check every post's metadata, images and links
	@$(BIN)/python -m scripts.check

.PHONY: publish
publish: $(VENV)/.site-installed ## Check, build the production site, swap it into output/ on success
	@$(BIN)/python -m scripts.publish --output $(OUTPUTDIR) $(PELICANOPTS)

# Deploying: each target publishes first. DRY_RUN=1 prints what would change, sends nothing.
SSH_HOST ?=
SSH_PORT ?= 22
SSH_TARGET_DIR ?=
S3_BUCKET ?=
GITHUB_PAGES_BRANCH ?= gh-pages
DRY_RUN ?=

.PHONY: rsync_upload need-rsync
need-rsync:
	@test -n "$(SSH_HOST)" -a -n "$(SSH_TARGET_DIR)" || { echo "rsync_upload: set SSH_HOST and SSH_TARGET_DIR, e.g. make rsync_upload SSH_HOST=me@host SSH_TARGET_DIR=/var/www/site"; exit 2; }
	@command -v rsync >/dev/null || { echo "rsync_upload: rsync is not installed (apt-get install rsync)"; exit 2; }

rsync_upload: need-rsync publish ## Copy output/ to SSH_HOST:SSH_TARGET_DIR over ssh (DRY_RUN=1)
	rsync -e "ssh -p $(SSH_PORT)" -rlcz --delete --itemize-changes $(if $(DRY_RUN),--dry-run) \
		$(OUTPUTDIR)/ $(SSH_HOST):$(SSH_TARGET_DIR)

.PHONY: github need-git
need-git:
	@git rev-parse --git-dir >/dev/null 2>&1 || { echo "github: this folder is not a git clone"; exit 2; }

# The dry run commits output/ to a scratch branch, compares it with the real one, deletes it.
github: need-git publish ## Publish output/ to GitHub Pages with ghp-import (DRY_RUN=1)
ifeq ($(DRY_RUN),)
	$(BIN)/ghp-import --no-jekyll --push --branch $(GITHUB_PAGES_BRANCH) -m "Publish the site" $(OUTPUTDIR)
else
	@git branch -D $(GITHUB_PAGES_BRANCH)-dry-run >/dev/null 2>&1 || true
	@$(BIN)/ghp-import --no-jekyll --branch $(GITHUB_PAGES_BRANCH)-dry-run -m "Dry run" $(OUTPUTDIR)
	@if git rev-parse --verify --quiet $(GITHUB_PAGES_BRANCH) >/dev/null; then \
		git --no-pager diff --stat $(GITHUB_PAGES_BRANCH) $(GITHUB_PAGES_BRANCH)-dry-run; \
	else echo "github: no $(GITHUB_PAGES_BRANCH) branch yet; every file would be new"; fi
	@git branch -D $(GITHUB_PAGES_BRANCH)-dry-run >/dev/null
endif

.PHONY: s3_upload need-aws
need-aws:
	@test -n "$(S3_BUCKET)" || { echo "s3_upload: set S3_BUCKET, e.g. make s3_upload S3_BUCKET=my-bucket"; exit 2; }
	@command -v aws >/dev/null || { echo "s3_upload: the AWS CLI (aws) is not installed; install it, run aws configure, then try again"; exit 2; }

# S3 serves files as they are, so the .gz/.br copies stay at home.
s3_upload: need-aws publish ## Sync output/ to the S3 bucket S3_BUCKET with the AWS CLI (DRY_RUN=1)
	aws s3 sync $(OUTPUTDIR)/ s3://$(S3_BUCKET) --delete --exclude "*.gz" --exclude "*.br" \
		$(if $(DRY_RUN),--dryrun)

.PHONY: test test-slow
test: $(VENV)/.test-installed ## Lint and run the tests (builds the site itself; leaves out the slow ones)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

test-slow: $(VENV)/.test-installed ## Run only the slow tests (large sites, exhaustive sweeps); CI runs them too
	$(BIN)/python -m pytest -m slow

# Lighthouse, pinned in bench/package-lock.json, installed into bench/ (never globally).
# Without it the build benchmarks still run and the report says Lighthouse is missing.
bench/node_modules/.installed: bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund && touch $@ \
		|| echo "make bench: npm ci failed (above); Lighthouse scores will be reported missing"

.PHONY: bench
bench: $(VENV)/.test-installed bench/node_modules/.installed ## Build times vs plain Pelican, devserver save-to-browser time, page weights, Lighthouse (QUICK=1: 100 posts)
	QUICK=$(QUICK) $(BIN)/python -m bench.run

.PHONY: clean
clean: ## Remove output/, preview/ and caches (keeps .venv)
	rm -rf $(OUTPUTDIR) preview .preview-build-* .build-* cache .pytest_cache .ruff_cache .hypothesis
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +

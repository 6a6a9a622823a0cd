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
# make publish: releases/ID/ folders, and `public`, the link to the live one (what the
# deploy targets upload). docs/publishing.md.
PUBLICDIR := public
# .br copies are for hosts that serve them (deploy/nginx.conf); BROTLI=0: gzip only.
BROTLI ?= 1
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
	@echo "Variables: PORT=$(PORT) DEBUG=1 (verbose) RELATIVE=1 (relative URLs)"
	@echo "Publishing: SITEURL=https://your.domain (required), BROTLI=0 (no .br copies)"
	@echo "Deploying: SSH_HOST SSH_TARGET_DIR SSH_PORT, S3_BUCKET, GITHUB_PAGES_BRANCH; DRY_RUN=1, PUBLISH=0"

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
# Every build runs make check's rules first (plugins/content_check): Pelican alone skips a
# post it cannot read and builds the rest. Posts unchanged since the last build come from
# the content cache (scripts/content_cache.py).
html: $(VENV)/.site-installed ## Check the posts and build the development site into output/
	@$(BIN)/python -m scripts.build $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) \
		--content-cache cache/content/html $(PELICANOPTS)

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
check: $(VENV)/.site-installed ## Check every post and page as every build does, without building (docs/checking.md)
	@$(BIN)/python -m scripts.check

.PHONY: publish rollback
publish: $(VENV)/.site-installed ## Check, build a release for SITEURL=https://..., make it live as public/
	@$(BIN)/python -m scripts.publish $(if $(filter 0,$(BROTLI)),--no-brotli) $(PELICANOPTS)

rollback: $(VENV)/.site-installed ## Make the release before the live one live again (public/)
	@$(BIN)/python -m scripts.rollback

# Deploying: each target publishes first (so each needs SITEURL) and uploads public/.
# DRY_RUN=1 prints what would change, sends nothing. PUBLISH=0 uploads public/ as it is
# (after make rollback, say).
SSH_HOST ?=
SSH_PORT ?= 22
SSH_TARGET_DIR ?=
S3_BUCKET ?=
GITHUB_PAGES_BRANCH ?= gh-pages
DRY_RUN ?=
PUBLISH ?= 1
DEPLOY_FROM := $(if $(filter 0,$(PUBLISH)),need-public,publish)

.PHONY: need-public
need-public:
	@test -d $(PUBLICDIR)/ || { echo "nothing is published yet: make publish SITEURL=https://your.domain"; exit 2; }

.PHONY: rsync_upload need-rsync
need-rsync:
	@test -n "$(SSH_HOST)" -a -n "$(SSH_TARGET_DIR)" || { echo "rsync_upload: set SSH_HOST and SSH_TARGET_DIR, e.g. make rsync_upload SSH_HOST=me@host SSH_TARGET_DIR=/var/www/site"; exit 2; }
	@command -v rsync >/dev/null || { echo "rsync_upload: rsync is not installed (apt-get install rsync)"; exit 2; }

# Files 0644 and folders 0755 on the server, whatever its umask: a web server reads them.
rsync_upload: need-rsync $(DEPLOY_FROM) ## Copy public/ to SSH_HOST:SSH_TARGET_DIR over ssh (DRY_RUN=1)
	rsync -e "ssh -p $(SSH_PORT)" -rlcz --perms --chmod=D0755,F0644 --delete --itemize-changes \
		$(if $(DRY_RUN),--dry-run) $(PUBLICDIR)/ $(SSH_HOST):$(SSH_TARGET_DIR)

.PHONY: github need-git
need-git:
	@git rev-parse --git-dir >/dev/null 2>&1 || { echo "github: this folder is not a git clone"; exit 2; }

# GitHub Pages and S3 serve files as they are, never a .br copy: none is built for them.
github s3_upload: BROTLI = 0

# The dry run commits public/ to a scratch branch, compares it with the real one, deletes it.
github: need-git $(DEPLOY_FROM) ## Publish public/ to GitHub Pages with ghp-import (DRY_RUN=1)
ifeq ($(DRY_RUN),)
	$(BIN)/ghp-import --no-jekyll --push --branch $(GITHUB_PAGES_BRANCH) -m "Publish the site" $(PUBLICDIR)
else
	@git branch -D $(GITHUB_PAGES_BRANCH)-dry-run >/dev/null 2>&1 || true
	@$(BIN)/ghp-import --no-jekyll --branch $(GITHUB_PAGES_BRANCH)-dry-run -m "Dry run" $(PUBLICDIR)
	@if git rev-parse --verify --quiet $(GITHUB_PAGES_BRANCH) >/dev/null; then \
		git --no-pager diff --stat $(GITHUB_PAGES_BRANCH) $(GITHUB_PAGES_BRANCH)-dry-run; \
	else echo "github: no $(GITHUB_PAGES_BRANCH) branch yet; every file would be new"; fi
	@git branch -D $(GITHUB_PAGES_BRANCH)-dry-run >/dev/null
endif

.PHONY: s3_upload need-aws
need-aws:
	@test -n "$(S3_BUCKET)" || { echo "s3_upload: set S3_BUCKET, e.g. make s3_upload S3_BUCKET=my-bucket"; exit 2; }
	@command -v aws >/dev/null || { echo "s3_upload: the AWS CLI (aws) is not installed; install it, run aws configure, then try again"; exit 2; }

# S3 serves files as they are, so the .gz copies stay at home.
s3_upload: need-aws $(DEPLOY_FROM) ## Sync public/ to the S3 bucket S3_BUCKET with the AWS CLI (DRY_RUN=1)
	aws s3 sync $(PUBLICDIR)/ s3://$(S3_BUCKET) --delete --exclude "*.gz" --exclude "*.br" \
		$(if $(DRY_RUN),--dryrun)

# The Nu HTML checker (npm vnu-jar), pinned in tests/nu/package-lock.json, for the tests.
tests/nu/node_modules/.installed: tests/nu/package-lock.json
	npm ci --prefix tests/nu --no-audit --no-fund --ignore-scripts && touch $@

.PHONY: test test-slow
test: $(VENV)/.test-installed tests/nu/node_modules/.installed ## Lint and run the tests (builds the site itself; leaves out the slow ones)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

test-slow: $(VENV)/.test-installed tests/nu/node_modules/.installed ## Run only the slow tests (large sites, exhaustive sweeps); CI runs them too
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
clean: ## Remove output/, preview/ and caches (keeps .venv, and releases/ with the live site)
	rm -rf $(OUTPUTDIR) preview .preview-build-* .build-* cache .pytest_cache .ruff_cache .hypothesis
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +

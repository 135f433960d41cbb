# cspr – run `make help` for the targets.
SHELL := /bin/bash
PY := .venv/bin/python

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-8s %s\n", $$1, $$2}'

.PHONY: setup
setup: ## Install what `make run` needs (apt, .venv, npm, LibreOffice venv)
	@bash scripts/setup.sh run

.PHONY: run
run: setup ## Set up and start the whole stack without Docker (Ctrl-C stops it)
	@$(PY) -m devstack.run

.PHONY: test
test: ## Install what the tests need, start PostgreSQL/Redis if absent, run every test tier
	@bash scripts/setup.sh test
	@$(PY) -m devstack.infra --env-file var/test.env
	@set -a && source var/test.env && set +a && $(PY) -m pytest $(PYTEST_ARGS)

.PHONY: lint
lint: setup ## ruff (lint + format check) and mypy
	@$(PY) -m ruff check .
	@$(PY) -m ruff format --check .
	@$(PY) -m mypy

.PHONY: bench
bench: setup ## Time the referral document, the meeting pack against raw LibreOffice, API submissions and 10,000 open cases
	@$(PY) -m bench.referral_document
	@$(PY) -m bench.meeting_pack
	@$(PY) -m bench.referral_submission
	@$(PY) -m bench.cases

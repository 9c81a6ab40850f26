# Agente Vendedor — the two commands are `make dev` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

# The first interpreter that really runs (pyenv shims exist for versions that are not active).
PYTHON ?= $(shell for p in python3.12 python3.11 python3; do $$p -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null && command -v $$p && break; done)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: help install dev test test-unit test-local-stack test-integration test-e2e lint format typecheck eval bench clean demo-data \
	crear-admin

help:
	@echo "make dev    - run the whole stack locally (HTTP + WebSocket on 127.0.0.1:$${PORT:-8001})"
	@echo "make test   - install what is missing and run every check and test"
	@echo "make eval   - the dev set and every held-out set (eval/heldout/), each on a fresh local stack (offline LLM)"
	@echo "make bench  - performance benchmarks"
	@echo "make lint   - ruff, the import contracts (lint-imports) and mypy"
	@echo "make crear-admin USUARIO=ana - create a staff admin account (password asked at the prompt)"

$(STAMP): pyproject.toml layers/common/requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

dev: install
	$(PY) -m local_stack.dev

# Every function's entry module is named app.py, so mypy checks each function on its own.
MYPY_FUNCTIONS = for f in functions/*/app.py; do $(VENV)/bin/mypy "$$f" || exit 1; done

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy layers/common/agente_vendedor local_stack
	@$(MYPY_FUNCTIONS)

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

typecheck: install
	$(VENV)/bin/mypy layers/common/agente_vendedor local_stack
	@$(MYPY_FUNCTIONS)

# The whole suite: the deploy checks (cfn-lint, Checkov, sam build, the fresh-account template tests), then unit, local stack, integration and end-to-end tests.
test: install deploy-check test-unit test-local-stack test-integration test-e2e

demo-data: install
	$(PY) -m agente_vendedor.ops.demo_data

# The first admin account: `make crear-admin USUARIO=ana [NOMBRE="Ana Gómez"]` (DATABASE_URL as `make dev` prints it;
# the password is asked at the prompt, or taken from AGENTE_ADMIN_CLAVE).
crear-admin: install
	@test -n "$(USUARIO)" || { echo 'uso: make crear-admin USUARIO=ana [NOMBRE="Ana Gómez"]' >&2; exit 2; }
	$(PY) -m agente_vendedor.ops.crear_admin --usuario "$(USUARIO)" --nombre "$(NOMBRE)"

test-unit: install
	$(PY) -m pytest tests/unit -q -p no:cacheprovider

test-local-stack: install
	$(PY) -m pytest tests/local_stack -q -p no:cacheprovider

test-integration: install
	$(PY) -m pytest tests/integration -q -p no:cacheprovider

test-e2e: install
	$(PY) -m pytest tests/e2e -q -p no:cacheprovider

clean:
	rm -rf $(VENV) .aws-sam .pytest_cache .mypy_cache .ruff_cache

include $(wildcard mk/*.mk)

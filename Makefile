# Courtside: the README's commands. `make run` and `make test` set everything up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION := 1
export PYTHONPATH := $(CURDIR)/layers/shared/python:$(CURDIR)
ifndef COURTSIDE_DATA
ifneq ($(wildcard ../shared/data/nba/teams.csv),)
export COURTSIDE_DATA := $(abspath ../shared/data/nba)
endif
endif

.PHONY: venv node run load test test-fast lint format synth deploy bench openapi clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

venv: $(VENV)/.installed

node: node_modules/.installed

run: venv
	PORT=$(PORT) $(BIN)/python -m local.run

load: venv
	$(BIN)/python -m courtside.load --data $(or $(DATA),$(COURTSIDE_DATA))

test: venv
	$(BIN)/python -m pytest

test-fast: venv
	$(BIN)/python -m pytest -m "not e2e and not infra"

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

openapi: venv
	$(BIN)/python -m local.openapi

synth: venv node
	npx cdk synth --quiet $(if $(STAGE),-c stage=$(STAGE),)

deploy: venv node
	npx cdk deploy $(if $(STAGE),-c stage=$(STAGE),)

bench: venv
	$(BIN)/python -m bench

clean:
	rm -rf cdk.out build .pytest_cache .mypy_cache .ruff_cache

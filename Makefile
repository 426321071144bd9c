# Two commands: `make demo` and `make test`. Each creates .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint install bench clean contracts

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/carbon demo

lint: $(STAMP)
	$(BIN)/ruff check carbon tests benchmarks data
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

contracts: $(STAMP)
	$(BIN)/python ../shared/contract/check_contracts.py

bench: $(STAMP)
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) results reports/ningxiang

# quality counts of the factor library and the Ningxiang inventory (data/emission_factors/README.md)
.PHONY: factor-quality
factor-quality: $(STAMP)
	$(BIN)/python -c 'from carbon.inventory.quality import main; main()'

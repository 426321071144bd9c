# Two commands: `make demo` and `make test`. Each creates .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint mutate install bench clean contracts

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

# mutation testing (slow, not part of CI); the score and the survivors go into TESTING.md
mutate: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,mutate]'
	rm -rf mutants
	$(BIN)/mutmut run; $(BIN)/mutmut results | sort | uniq -c | sort -rn | head -5

contracts: $(STAMP)
	$(BIN)/python ../shared/contract/check_contracts.py

bench: $(STAMP)
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) results reports/ningxiang mutants

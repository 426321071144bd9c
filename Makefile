# Two commands: `make demo` and `make test`. Each creates .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint mutate install sysdeps bench clean contracts

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Debian packages the report needs: a CJK font for Chinese figures and Chromium for the browser
# test. Installed where apt-get can (as root); elsewhere Chinese figures fall back to English.
sysdeps:
	@if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && \
	   { ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -q "Noto Sans CJK"; }; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

demo: $(STAMP) sysdeps
	$(BIN)/carbon demo

lint: $(STAMP)
	$(BIN)/ruff check carbon tests benchmarks data
	$(BIN)/mypy

test: lint sysdeps
	$(BIN)/python -m pytest

# mutation testing (slow, not part of CI); the score and the survivors go into TESTING.md.
# Default: every module in [tool.mutmut] source_paths against every test. A subset:
#   make mutate MUTATE_PATHS="carbon/units.py carbon/inventory/gwp.py" MUTATE_TESTS="tests/inventory"
MUTATE_PATHS ?=
MUTATE_TESTS ?=
# e.g. MUTATE_ARGS="--sample 0.025 --seed 2 --exclude tests/test_demo.py" (TESTING.md)
MUTATE_ARGS ?=
mutate: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,mutate]'
	$(BIN)/python benchmarks/mutate.py $(if $(MUTATE_PATHS),--paths $(MUTATE_PATHS)) $(if $(MUTATE_TESTS),--tests $(MUTATE_TESTS)) $(MUTATE_ARGS)

contracts: $(STAMP)
	$(BIN)/python ../shared/contract/check_contracts.py

bench: $(STAMP)
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) results reports/ningxiang mutants

# quality counts of the factor library and the Ningxiang inventory (data/emission_factors/README.md)
.PHONY: factor-quality
factor-quality: $(STAMP)
	$(BIN)/python -c 'from carbon.inventory.quality import main; main()'

# Two entry points for people: `make demo` and `make test`. Everything they need is installed here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# The FOCUS validator (FinOps Foundation) has its own pins, so it lives in its own environment.
VALIDATOR_VENV := .venv-focus-validator
VALIDATOR := $(VALIDATOR_VENV)/bin/focus-validator
# The FinOps Foundation's converter, the peer the ingest benchmark is measured against.
CONVERTER_VENV := .venv-focus-converter
CONVERTER := $(CONVERTER_VENV)/bin/focus-converter
DEMO_DIR ?= demo-data
DEMO_ARGS ?=

.PHONY: demo test lint typecheck unit chromium java bench-ingest bench-optimize bench-dashboard bench-scale clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(INSTALLED)

$(VALIDATOR):
	$(PYTHON) -m venv $(VALIDATOR_VENV)
	$(VALIDATOR_VENV)/bin/python -m pip install -q 'focus-validator==1.0.0' 'multimethod<1.11'

$(CONVERTER):
	$(PYTHON) -m venv $(CONVERTER_VENV)
	$(CONVERTER_VENV)/bin/python -m pip install -q 'focus-converter==1.0.0' 'click<8.2' 'multimethod<1.11'

demo: $(INSTALLED)
	$(BIN)/govcost --ledger $(DEMO_DIR)/ledger demo --out $(DEMO_DIR) $(DEMO_ARGS)

lint: $(INSTALLED)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(INSTALLED)
	$(BIN)/mypy

# The browser tests drive Debian's Chromium (never a browser Playwright downloads): installed once, skipped when present.
# Debian's Chromium for the browser tests, and a Japanese font so that its screenshots show the text.
chromium:
	command -v chromium >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)
	dpkg -s fonts-ipafont-gothic >/dev/null 2>&1 || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y fonts-ipafont-gothic)

# Java for the Spark engine's tests (PySpark 4.0 needs Java 17 or newer): Debian's, installed when missing.
java:
	command -v java >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y default-jre-headless)

unit: $(INSTALLED) $(VALIDATOR) chromium java
	GOVCOST_FOCUS_VALIDATOR=$(abspath $(VALIDATOR)) $(BIN)/pytest -q

test: lint typecheck unit

bench-ingest: $(INSTALLED) $(CONVERTER)
	GOVCOST_FOCUS_CONVERTER=$(abspath $(CONVERTER)) $(BIN)/python bench/ingest.py $(BENCH_ARGS)

bench-optimize: $(INSTALLED)
	$(BIN)/python bench/optimize.py $(BENCH_ARGS)

bench-dashboard: $(INSTALLED)
	$(BIN)/python bench/dashboard.py $(BENCH_ARGS)

# DuckDB and local Spark at 10 M and 100 M cost rows (Spark needs Java: the java target installs it).
bench-scale: $(INSTALLED) java
	$(BIN)/python bench/scale.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(VALIDATOR_VENV) $(CONVERTER_VENV) .govcost $(DEMO_DIR)

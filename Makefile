# Two commands on a fresh machine (Python 3.11, pip, make, git):
#   make run    set up .venv, load the bundled feeds into the warehouse, print the attainment table
#   make test   set up .venv with the test extras and run the whole suite
# and `make ui` for the Dagster UI on http://127.0.0.1:3000.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

export QW_PROFILE ?= profiles/hengyang.yaml
export QW_WAREHOUSE ?= data/warehouse.duckdb
export DAGSTER_HOME ?= $(CURDIR)/.dagster
export GX_ANALYTICS_ENABLED ?= false

.PHONY: run test ui lint bench clean

$(BIN)/activate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/activate

run: $(BIN)/activate
	$(BIN)/python -m pipelines.run

test: $(BIN)/activate
	$(BIN)/python -m pytest

ui: $(BIN)/activate
	$(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

lint: $(BIN)/activate
	$(BIN)/ruff check .

clean:
	rm -rf data .dagster/history .dagster/storage .dagster/schedules .dagster/logs

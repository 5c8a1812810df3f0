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

.PHONY: run test ui lint bench clean feeds-air

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

# The bundled 2019 air feed from the national files (feeds/air/SOURCE.md): SRC=<directory of china_sites_*.csv>.
CUT_CITIES := 长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底 湘西州 天津
feeds-air: $(BIN)/activate
	@test -n "$(SRC)" || (echo "usage: make feeds-air SRC=<directory of the national china_sites_2019*.csv files>" && exit 2)
	mkdir -p data/cut && $(BIN)/python -m feeds.cut_air --src "$(SRC)" --dst data/cut $(foreach c,$(CUT_CITIES),--city $(c))
	for f in data/cut/china_sites_*.csv; do case $$f in *_2019010[1-9].csv|*_20190110.csv) ;; *) cp $$f feeds/air/ ;; esac; done
	rm -rf data/cut

clean:
	rm -rf data .dagster/history .dagster/storage .dagster/schedules .dagster/logs

# render-video: `make demo` renders the bundled article, `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench install clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/render-video articles/asynchronous-job.yaml --out output --web

test: $(STAMP)
	$(BIN)/ruff check renderer tests benchmarks scripts
	$(BIN)/ruff format --check renderer tests benchmarks scripts
	$(BIN)/mypy renderer
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

lint: $(STAMP)
	$(BIN)/ruff check renderer tests benchmarks scripts
	$(BIN)/ruff format --check renderer tests benchmarks scripts
	$(BIN)/mypy renderer

clean:
	rm -rf output/*.mp4 output/*.wav output/.work .pytest_cache .mypy_cache .ruff_cache

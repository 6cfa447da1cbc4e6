# Storyline: every target is what a user or CI runs. `make help` lists them.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -ec
# This machine's pip config names package indexes that hold only some packages;
# pip warns once per package about the others. The warnings are harmless noise.
QUIET_PIP := 2>&1 | { grep -v 'is ignored: it is neither a file nor a directory' || true; }
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SEEDS ?= ../shared/corpus/seeds
DEMO_DB ?= out/demo.db

.DEFAULT_GOAL := help

help:  ## List targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

system:  ## Install the Debian packages Storyline needs (chromium, for the web tests), if missing
	@scripts/install-system-packages.sh

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip $(QUIET_PIP)

$(VENV)/.installed: $(BIN)/python requirements/lock.txt pyproject.toml benchmarks/pyproject.toml
	$(BIN)/pip install -q -r requirements/lock.txt $(QUIET_PIP)
	$(BIN)/pip install -q --no-deps -e . -e benchmarks $(QUIET_PIP)
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed requirements/test.txt
	$(BIN)/pip install -q -r requirements/test.txt $(QUIET_PIP)
	touch $@

setup: system $(VENV)/.installed  ## Install everything Storyline needs into .venv

demo: setup  ## Install, then analyse the seed articles into out/demo.db and print the briefs
	@mkdir -p $(dir $(DEMO_DB))
	$(BIN)/storyline analyze $(SEEDS) --db $(DEMO_DB)

onnx: $(VENV)/.installed  ## Build the int8 ONNX embedding model (for STORYLINE_EMBEDDING_BACKEND=onnx-int8)
	$(BIN)/storyline models build-onnx

fit: $(VENV)/.installed  ## Refit lineage's models: the sentence model on MSRP, the reuse model on METER dev
	$(BIN)/storyline bench paraphrase --fit src/storyline/pipeline/sentence_model.json
	$(BIN)/storyline bench lineage --fit src/storyline/pipeline/reuse_model.json

test: system $(VENV)/.test-installed  ## Install test tools, then lint, type-check and run the whole test suite
	$(BIN)/ruff check src benchmarks tests
	$(BIN)/ruff format --check src benchmarks tests
	$(BIN)/mypy
	$(BIN)/pytest -q -n auto --dist loadfile --no-loadscope-reorder --durations=20

test-fast: $(VENV)/.test-installed  ## The tests without those marked slow (real servers, clusters, whole dev corpora)
	$(BIN)/pytest -q -n auto --dist loadfile --no-loadscope-reorder -m "not slow" --durations=10

install-check:  ## pip install the core alone into a fresh venv and analyse the seeds; then [serve] and serve them
	SEEDS=$(SEEDS) PYTHON=$(PYTHON) scripts/check-install.sh

FUZZ_SECONDS ?= 120
fuzz: $(VENV)/.test-installed  ## Fuzz every parser with atheris for FUZZ_SECONDS each (corpus kept in out/fuzz)
	@for target in text html feed warc jsonl dateline timex figures; do \
	  echo "== $$target"; mkdir -p out/fuzz/crashes; \
	  STORYLINE_FUZZ_CORPUS=out/fuzz $(BIN)/python tests/fuzz/run_atheris.py $$target \
	    -max_total_time=$(FUZZ_SECONDS) -max_len=8192 -timeout=20 -rss_limit_mb=4096 \
	    -artifact_prefix=out/fuzz/crashes/ -print_final_stats=1 2>&1 | grep -aE '^(Done|stat::number_of_executed_units|==|.*Uncaught)' ; \
	done

lint: $(VENV)/.test-installed  ## Lint and type-check only
	$(BIN)/ruff check src benchmarks tests
	$(BIN)/ruff format --check src benchmarks tests
	$(BIN)/mypy

fix: $(VENV)/.test-installed  ## Apply the formatter and safe lint fixes
	$(BIN)/ruff format src benchmarks tests
	$(BIN)/ruff check --fix src benchmarks tests

lock: $(VENV)/.installed  ## Re-pin requirements/lock.txt from the current .venv
	$(BIN)/pip freeze --exclude-editable | grep -vE '^(storyline|storyline-bench|storyline_bench|pytest|hypothesis|ruff|mypy)==' \
	  | sed 's/^torch==\(.*\)+cpu$$/torch==\1/' > requirements/lock.new && mv requirements/lock.new requirements/lock.txt

clean:  ## Remove the virtualenv, caches and demo output
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache .hypothesis

.PHONY: help system setup demo onnx fit test test-fast install-check fuzz lint fix lock clean

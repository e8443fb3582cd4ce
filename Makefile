# Two commands: `make build` regenerates generated/ from specs/; `make test` sets up and passes.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# Node tools the tests and the bench run (Redocly CLI), pinned in tests/node/package-lock.json.
NODE_DIR   := tests/node
NODE_STAMP := $(NODE_DIR)/node_modules/.installed-stamp
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: build test test-slow bench lint typecheck pytest buildcheck clean lock node browser oracle

# npm ci from the lock (tests/node/.npmrc keeps registry hosts out of it); once per lock change.
# Without node or npm the tests that need Redocly skip, saying why, and the rest still run.
$(NODE_STAMP): $(NODE_DIR)/package.json $(NODE_DIR)/package-lock.json
	@if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then \
	  cd $(NODE_DIR) && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.installed-stamp; \
	else \
	  echo "make: node or npm not found: tests that run Redocly CLI will be skipped"; \
	fi

node: $(NODE_STAMP)

# Debian's chromium, for the test that renders the changelog HTML in a real browser. A no-op
# where it is installed already or apt is absent (the test then skips, saying why; never
# under CI=true).
browser:
	@if command -v chromium >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" != 0 ]; then echo "make: not root, chromium not installed"; \
	else DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1 \
	  || { apt-get update -q >/dev/null 2>&1 \
	       && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1; } \
	  || echo "make: apt-get could not install chromium"; fi

# openapi-core, the client tests' request oracle, cannot share .venv (it pins jsonschema-path
# below openapi-spec-validator's): its own venv, from its own lock.
ORACLE       := build/oracle-venv
ORACLE_STAMP := $(ORACLE)/.installed-stamp
$(ORACLE_STAMP): tests/servers/oracle-requirements.lock
	rm -rf $(ORACLE) && $(PYTHON) -m venv $(ORACLE)
	$(ORACLE)/bin/python -m pip install --quiet -r tests/servers/oracle-requirements.lock
	@touch $(ORACLE_STAMP)

oracle: $(ORACLE_STAMP)

# openapi-python-client, the bench's client-generation peer, needs httpx < 0.29: its own venv.
OPC_VENV  := build/opc-venv
OPC_STAMP := $(OPC_VENV)/.installed-stamp
$(OPC_STAMP): bench/opc-requirements.lock
	rm -rf $(OPC_VENV) && $(PYTHON) -m venv $(OPC_VENV)
	$(OPC_VENV)/bin/python -m pip install --quiet -r bench/opc-requirements.lock
	@touch $(OPC_STAMP)

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

# `slow` tests (Stripe's full split, ~90 s once, then cached) run in `make test-slow`.
pytest: $(STAMP) $(NODE_STAMP) $(ORACLE_STAMP) browser
	$(BIN)/python -m pytest -n auto -q -m "not slow"

test-slow: $(STAMP) $(NODE_STAMP) $(ORACLE_STAMP) browser
	$(BIN)/python -m pytest -n auto -q -m slow

# generated/ is what `make build` writes from specs/ (the name locks kept).
buildcheck: $(STAMP)
	$(BIN)/specloom build --check

bench: $(STAMP) $(NODE_STAMP) $(OPC_STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(NODE_DIR)/node_modules build dist .mypy_cache .ruff_cache .pytest_cache

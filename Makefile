# The two commands a new machine needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000

.PHONY: install demo test lint lock messages benchmark clean

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

install: $(STAMP)

# Demo: SQLite under var/, the demo province, demo accounts, UI on 127.0.0.1:$(PORT).
# The demo signs in with a password alone: CLOUDMOVE_REQUIRE_2FA=0.
demo: install
	CLOUDMOVE_REQUIRE_2FA=0 $(BIN)/cloudmove demo --port $(PORT)

test: install
	@scripts/ensure-chromium
	@scripts/ensure-libreoffice
	$(BIN)/ruff check .
	$(BIN)/cloudmove makemigrations --check --dry-run > /dev/null
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .

# Re-pin requirements.lock from requirements.in (needs uv on the PATH).
lock:
	uv pip compile requirements.in -o requirements.lock --python-version 3.11 --generate-hashes -q

# Extract translatable strings into locale/*/django.po and compile the .mo files.
messages: install
	$(BIN)/cloudmove i18n update
	$(BIN)/cloudmove i18n compile

benchmark: install
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) var

# Two entry points: `make run` serves the demo, `make test` runs the whole suite.
# Everything is installed from uv.lock (exact versions with hashes); nothing is resolved at install time.
PYTHON ?= $(shell for p in python3.12 python3 python3.13 python3.14; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& command -v $$p && break; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# uv itself, pinned with the hashes of its Linux wheels (x86_64, aarch64, musl), in a venv of its own.
UV_VERSION := 0.13.9
UV_HASHES := \
	--hash=sha256:d7f459fe4fd247d830351c75686d3996ace3c6f3f728eb0e85a30b7ada0cef19 \
	--hash=sha256:5435c5ce14a56431208ca0996416d310f1598e8c2c8ba707688985a16bb82dbe \
	--hash=sha256:2c45530751517d6c3bbc69a19473f6effe47cce047bede01ffd8af7ea7b36b25
TOOLS := .tools
UV := $(TOOLS)/bin/uv
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy

.PHONY: run test lint format bench screenshots worker clean-db lock check-lock upgrade prerequisites

prerequisites:
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed and none was found on PATH."; \
		echo "Install it (Debian/Ubuntu: apt-get install python3.12 python3.12-venv; or pyenv install 3.12)"; \
		echo "or name one: make run PYTHON=/path/to/python3.12"; exit 1; }
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || { echo "$(PYTHON) lacks venv/ensurepip:"; \
		echo "install the venv module (Debian/Ubuntu: apt-get install python3-venv)"; exit 1; }

$(UV): | prerequisites
	test -x $(TOOLS)/bin/python || $(PYTHON) -m venv $(TOOLS)
	echo "uv==$(UV_VERSION) $(UV_HASHES)" > $(TOOLS)/requirements.txt
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes \
		-r $(TOOLS)/requirements.txt

# Reinstalls only when the lock or pyproject.toml changed; `uv sync --locked` refuses a stale lock.
$(STAMP): uv.lock pyproject.toml | $(UV)
	$(UV) sync --locked --quiet --python $(PYTHON)
	touch $(STAMP)

run: $(STAMP)
	DEBUG=$${DEBUG-1} $(BIN)/python manage.py dev_server

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Re-resolve every dependency to the newest release within pyproject.toml's ranges.
lock: | $(UV)
	$(UV) lock --upgrade --python $(PYTHON)

check-lock: | $(UV)
	@$(UV) lock --check --quiet --python $(PYTHON) || { \
		echo "uv.lock is out of date with pyproject.toml: run 'make lock' and commit uv.lock"; exit 1; }

upgrade: lock
	$(MAKE) test

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

worker: $(STAMP)
	$(BIN)/python manage.py db_worker

clean-db:
	rm -rf .data/postgres

screenshots: $(STAMP)
	$(BIN)/python -m tests.browser.screenshots

bench: $(STAMP)
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } || { echo "wrk is needed: apt-get install wrk"; exit 1; }
	$(BIN)/python -m tests.bench.run

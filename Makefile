# Two commands for a newcomer: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint check bench install messages clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

messages: $(STAMP)
	@# The compiled catalogues are committed; rebuild them only when msgfmt is at hand.
	@if command -v msgfmt >/dev/null; then $(BIN)/python manage.py compilemessages --ignore=.venv -v 0; fi

run: $(STAMP) messages
	$(BIN)/python manage.py migrate --no-input -v 0
	$(BIN)/python manage.py load_regions
	$(BIN)/python manage.py load_catalogues
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# One more worker than the two cores of our machines: a worker waiting on PostgreSQL, a
# browser or a PDF leaves its core to another. Each worker starts on a third of the
# tests and takes from the others' queues when its own runs out (worksteal): with
# plain load, one worker ran 150 s longer than the other two.
test: $(STAMP)
	$(BIN)/pytest -n 3 --dist worksteal -m "not migrations" $(PYTEST_ARGS)
	@# The one run that builds the test database from the migrations, from zero. Without
	@# PYTEST_ARGS: a path or -k there could deselect every test, and pytest fails on none.
	@# Run beside the main pass it slowed both (435 s + 123 s against 331 s then 56 s).
	$(BIN)/pytest --migrations -m migrations tests/test_migrations.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The static checks CI runs before the tests: lint and formatting, the import-linter layers
# ([tool.importlinter]), no model change without its migration, and mypy on the modules
# listed in [tool.mypy] (all in pyproject.toml).
check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm media import-stash

# The two commands: `make run` and `make test`. Everything else is what they need.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
PO_FILES := $(wildcard */locale/*/LC_MESSAGES/*.po locale/*/LC_MESSAGES/*.po locale_wagtail/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run test e2e vnu lint bench bench-versus messages makemessages clean lock

$(BIN)/.installed: requirements.lock pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $@

# Compiled with Babel (pure Python), so no system gettext is needed to run the site.
%.mo: %.po $(BIN)/.installed
	$(BIN)/pybabel compile --statistics -i $< -o $@

messages: $(MO_FILES)

makemessages: $(BIN)/.installed
	$(MANAGE) makemessages -l cs --no-obsolete --ignore=.venv --ignore=data --ignore=tests

data/.migrated: $(BIN)/.installed $(wildcard */migrations/*.py)
	mkdir -p data
	$(MANAGE) migrate --no-input
	touch $@

data/.demo-loaded: data/.migrated portal/management/commands/load_demo.py portal/demo_content.py groups/demo.py \
		events/demo.py knowledge_base/demo.py knowledge_base/demo_content.py
	$(MANAGE) load_demo
	touch $@

# The web server and the background worker (the outbox's e-mail) start together and stop together.
# Links in e-mails and the sitemap name the port served on, unless SITE_BASE_URL says otherwise.
run: messages data/.demo-loaded
	@echo "Serving on http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	@export DJANGO_SETTINGS_MODULE=portal.settings.dev SITE_BASE_URL="$${SITE_BASE_URL:-http://127.0.0.1:$(PORT)}"; \
	$(MANAGE) site_address; \
	$(MANAGE) db_worker --backend background --queue-name '*' & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/uvicorn portal.asgi:application --host 127.0.0.1 --port $(PORT) --no-access-log

# One pytest-xdist worker per CPU, each with its own test database and empty site (portal/settings/test.py
# keeps their media and Redis apart). Tests go out in collection order (`--dist load`), which keeps
# pytest-django's order within each worker: the transactional tests, which empty the database, last.
TEST_WORKERS ?= auto
test: messages
	$(BIN)/pytest -q -n $(TEST_WORKERS) --dist load -m "not e2e"

# The browser tests also validate every public page type with the Nu HTML checker (tests/e2e/test_public_pages.py):
# vnu-jar from npm at a pinned version, in the git-ignored .tools/ (its install script, which would download a
# Java runtime, is not run: it uses the system's Java 11 or newer; .ci/run installs one if missing).
VNU_VERSION := 26.9.27
VNU_JAR := .tools/vnu-$(VNU_VERSION)/node_modules/vnu-jar/build/dist/vnu.jar

$(VNU_JAR):
	npm install --silent --no-save --no-package-lock --no-audit --no-fund --ignore-scripts \
		--prefix .tools/vnu-$(VNU_VERSION) vnu-jar@$(VNU_VERSION)
	test -f $@

vnu: $(VNU_JAR)

e2e: messages $(VNU_JAR)
	VNU_JAR="$(CURDIR)/$(VNU_JAR)" $(BIN)/pytest -q -m e2e tests/e2e

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# Every part; `make bench BENCH_PARTS=pages` (or outbox, action_plan, live_room) only those named.
bench: messages
	command -v wrk >/dev/null || apt-get install -y -q wrk >/dev/null
	$(BIN)/python -m tests.bench $(BENCH_PARTS)

# This checkout against an earlier revision, page by page in alternating rounds: `make bench-versus REV=53746f0`.
bench-versus: messages
	$(BIN)/python -m tests.bench.versus_revision $(REV)

clean:
	rm -rf $(VENV) data .tools $(MO_FILES)

# Re-resolve the dependencies of pyproject.toml into requirements.lock in a clean virtualenv.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet ".[dev]"
	( echo "# Exact versions for a reproducible install; regenerate with: make lock"; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^socialni-bydleni-portal' ) > requirements.lock
	rm -rf .lock-venv build *.egg-info

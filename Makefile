# `make demo` runs Carepanel on http://127.0.0.1:8000; `make test` runs every check CI runs.
# Both install what they need first; stamp files make a second run skip the installs.

.POSIX:

# python3.11 where it is installed under that name, else the python3 on the PATH.
PYTHON = $$(command -v python3.11 || command -v python3)
VENV = .venv
BIN = $(VENV)/bin
PY_STAMP = $(VENV)/.carepanel-installed
NODE_STAMP = node_modules/.carepanel-installed

.PHONY: demo test install chromium pdf-libs faketime bench

demo: install pdf-libs
	$(BIN)/carepanel migrate --no-input
	$(BIN)/carepanel demo_data
	@echo
	@echo "Carepanel is starting. Open http://127.0.0.1:8000 in your browser; press Ctrl+C to stop."
	@echo
	$(BIN)/carepanel runserver 127.0.0.1:8000

test: install chromium pdf-libs
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	CAREPANEL_MODE=demo $(BIN)/carepanel makemigrations --check --dry-run
	CAREPANEL_MODE=production DJANGO_ALLOWED_HOSTS=example.org \
	DJANGO_SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	$(BIN)/carepanel check --deploy --fail-level WARNING
	CAREPANEL_MODE=demo $(BIN)/pytest

install: $(PY_STAMP) $(NODE_STAMP)

$(PY_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

# The browser tests drive Debian's Chromium (Playwright's own browser download is not
# used). Installed here when missing, so that `make test` alone sets up a fresh machine.
chromium:
	@test -x /usr/bin/chromium || { \
	  command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] \
	  && apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium; \
	} || { echo "The browser tests need Chromium at /usr/bin/chromium: apt-get install chromium"; exit 1; }

# .ci/run runs the date-sensitive tests again at faked dates under Debian's libfaketime
# (LD_PRELOAD), which moves the clock of the tests, the live server and Chromium together.
# Installed here when missing.
faketime:
	@dpkg -L libfaketime 2>/dev/null | grep -q 'libfaketime\.so\.1$$' || { \
	  command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] \
	  && apt-get update -qq && apt-get install -y -qq --no-install-recommends faketime; \
	} || { echo "The faked-date runs need libfaketime: apt-get install faketime"; exit 1; }

# WeasyPrint draws decision sheets with Pango (and subsets fonts with HarfBuzz), which
# come from Debian's packages; installed here when missing.
pdf-libs:
	@ldconfig -p | grep -q libharfbuzz-subset || { \
	  command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] \
	  && apt-get update -qq && apt-get install -y -qq --no-install-recommends \
	     libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0; \
	} || true
	@ldconfig -p | grep -q libpangoft2-1.0 \
	  || { echo "Decision sheets need Pango: apt-get install libpango-1.0-0 libpangoft2-1.0-0"; exit 1; }

bench: install
	$(BIN)/python bench/policy_engine.py

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

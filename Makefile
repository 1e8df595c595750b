# Levekår: `make run` serves the app with demo data; `make test` runs the whole suite.
# Both set up everything they need on a fresh machine (Debian + Python 3.11 + Node).

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
UV := python3 -m uv
MANAGE := $(PY) manage.py
export DJANGO_ALLOW_ASYNC_UNSAFE := true
export UV_LINK_MODE := copy

.PHONY: run test venv assets messages system-deps browser-deps lint pytest migrate demo bench clean

run: venv assets messages migrate demo
	$(VENV)/bin/levekar serve --host 127.0.0.1 --port 8000   # gunicorn + jobbkjører, DEBUG av

test: venv assets messages browser-deps lint pytest

# --- set-up ---------------------------------------------------------------------------
venv: system-deps
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet --root-user-action=ignore uv
	@$(UV) sync --frozen --quiet

assets: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

messages: venv
	$(MANAGE) compilemessages -v 0 --ignore=.venv --ignore=node_modules

# gettext (compilemessages) and the fonts and libraries WeasyPrint draws with.
system-deps:
	@missing=""; \
	command -v msgfmt >/dev/null 2>&1 || missing="$$missing gettext"; \
	ldconfig -p | grep -q libpango-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	[ -d /usr/share/fonts/truetype/dejavu ] || missing="$$missing fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then \
	  echo "Installerer systempakker:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# The browser tests drive Debian's Chromium (Playwright cannot download a browser here).
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installerer Chromium"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null; \
	fi

# --- run ------------------------------------------------------------------------------
migrate: venv
	$(MANAGE) migrate --noinput -v 0

demo: venv
	$(VENV)/bin/levekar demo

# --- checks ---------------------------------------------------------------------------
lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

pytest: venv
	$(VENV)/bin/pytest -n 2 --dist loadfile -q $(PYTEST_ARGS)

bench: venv
	@for b in bench/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) node_modules var staticfiles

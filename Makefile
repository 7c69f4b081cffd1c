# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint format bench image screenshots clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Cần Python 3.11 ($(PYTHON)) để cài đặt."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "Địa chỉ: http://$${WEB_HOST:-127.0.0.1}:$${WEB_PORT:-8000}/   (dừng: Ctrl+C)"
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start -f Procfile

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Every benchmark in one run on PostgreSQL (+ Redis for the HTTP sections): one table, JSON in
# bench/results/. BENCH_ARGS="--quick" for a smoke run, "--only pages,exports" for some sections.
BENCH_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/chidao_bench)
bench: install
	@case "$(BENCH_DATABASE_URL)" in postgres*) ;; *) echo "make bench cần PostgreSQL: DATABASE_URL=postgres://…"; exit 1;; esac
	DATABASE_URL="$(BENCH_DATABASE_URL)" $(BIN)/python bench/run_all.py $(BENCH_ARGS)

screenshots: install  ## docs/screenshots/*.png from a throw-away demo (needs Chromium)
	$(BIN)/python docs/screenshots.py

image:  ## container image built and run without a Docker engine (root; buildah, podman, debootstrap)
	docker/image-run.sh

clean:
	rm -rf $(VENV) var

# qifu (企服通). `make demo` runs the product with demo data; `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export QIFU_DATA_DIR ?= $(CURDIR)/var
export PYTHONPATH := $(CURDIR)/src

.PHONY: install demo serve test lint typecheck pytest pytest-pg fuzz bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

demo: install
	mkdir -p $(QIFU_DATA_DIR)
	QIFU_INSECURE_DEV_KEY=1 $(PY) manage.py migrate --noinput
	QIFU_INSECURE_DEV_KEY=1 $(PY) manage.py seed_demo
	@echo ""
	@echo "企服通已启动：http://127.0.0.1:$(PORT)/  （接口文档：http://127.0.0.1:$(PORT)/api/v1/docs）"
	@echo "演示账号（密码均为 qifu-demo-2026）："
	@echo "  demo-admin 系统管理员 · demo-dispatcher 调度员 · demo-window 综合窗口 · demo-officer 助企干部"
	@echo "  demo-handler 部门承办人 · demo-head 部门负责人 · demo-supervisor 监督 · demo-enterprise 企业用户"
	@echo ""
	@echo "定时任务（诉求与申兑的预警和督办、办件逾期视为受理与违诺终止、邮件发送、每晚政策全量匹配）与排队的后台任务在后台运行，日志：$(QIFU_DATA_DIR)/periodic.log"
	QIFU_INSECURE_DEV_KEY=1 $(PY) manage.py run_periodic > $(QIFU_DATA_DIR)/periodic.log 2>&1 & \
	  periodic=$$!; trap "kill $$periodic 2>/dev/null" EXIT INT TERM; \
	  DEBUG=1 QIFU_INSECURE_DEV_KEY=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production server on the same database and environment as `make demo` (run `make demo` once, or migrate, first):
# gunicorn with QIFU_WEB_WORKERS processes (default 2 x cores + 1, at most 8), DEBUG off, whitenoise serving the
# collected static files, and run_periodic beside it (unless CELERY_BROKER_URL is set: then run Celery's worker
# and beat, see deploy/). SECRET_KEY comes from the environment, else from $(QIFU_DATA_DIR)/secret_key (made once).
SERVE_HOST ?= 127.0.0.1
WSGI_APP ?= qifu.wsgi:application
serve: install
	mkdir -p $(QIFU_DATA_DIR)
	@if [ -z "$$SECRET_KEY" ] && [ ! -s $(QIFU_DATA_DIR)/secret_key ]; then \
	  umask 077; $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $(QIFU_DATA_DIR)/secret_key; fi
	@export SECRET_KEY="$${SECRET_KEY:-$$(cat $(QIFU_DATA_DIR)/secret_key)}" QIFU_STATIC_MANIFEST=1; set -e; \
	  $(PY) manage.py migrate --noinput; \
	  $(PY) manage.py collectstatic --noinput --verbosity 0; \
	  workers="$${QIFU_WEB_WORKERS:-$$($(PY) -c 'import os; print(min(2 * (os.cpu_count() or 1) + 1, 8))')}"; \
	  echo "企服通（生产方式）：http://$(SERVE_HOST):$(PORT)/  gunicorn $$workers 个进程"; \
	  if [ -z "$$CELERY_BROKER_URL" ]; then \
	    echo "定时任务与后台任务：manage.py run_periodic，日志：$(QIFU_DATA_DIR)/periodic.log"; \
	    $(PY) manage.py run_periodic >> $(QIFU_DATA_DIR)/periodic.log 2>&1 & periodic=$$!; \
	    trap "kill $$periodic 2>/dev/null" EXIT INT TERM; \
	  else echo "CELERY_BROKER_URL 已设置：后台任务与定时任务由 Celery worker 与 beat 运行（见 deploy/）"; fi; \
	  $(VENV)/bin/gunicorn $(WSGI_APP) --bind $(SERVE_HOST):$(PORT) --workers $$workers \
	    --timeout $${QIFU_WEB_TIMEOUT:-60} --graceful-timeout 20 --backlog 2048 --max-requests 5000 \
	    --max-requests-jitter 500 --access-logfile - --forwarded-allow-ips "$${QIFU_FORWARDED_ALLOW_IPS:-127.0.0.1}"

lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench

typecheck: install
	$(VENV)/bin/mypy

pytest: install
	env -u QIFU_TEST_DATABASE_URL QIFU_INSECURE_DEV_KEY=1 DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest -q

# The same suite on PostgreSQL when QIFU_TEST_DATABASE_URL is set (e.g. postgres://postgres@127.0.0.1:5432/postgres).
pytest-pg: install
	@if [ -n "$$QIFU_TEST_DATABASE_URL" ]; then \
	  echo "PostgreSQL: $$QIFU_TEST_DATABASE_URL"; \
	  QIFU_INSECURE_DEV_KEY=1 DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest -q; \
	else echo "QIFU_TEST_DATABASE_URL 未设置：跳过 PostgreSQL 测试"; fi

# schemathesis over every API operation as demo-admin and demo-enterprise, on a fresh demo database (a few minutes).
fuzz: install
	$(PY) tests/fuzz/run_schemathesis.py

test: lint typecheck pytest pytest-pg fuzz

bench: install
	QIFU_INSECURE_DEV_KEY=1 $(PY) bench/calendar.py
	QIFU_INSECURE_DEV_KEY=1 $(PY) bench/enterprise_list.py
	QIFU_INSECURE_DEV_KEY=1 $(PY) bench/demand_intake.py
	QIFU_INSECURE_DEV_KEY=1 $(PY) bench/demand_list.py
	QIFU_INSECURE_DEV_KEY=1 $(PY) bench/policy_matching.py
	QIFU_INSECURE_DEV_KEY=1 $(PY) bench/enterprise_picker.py
	QIFU_INSECURE_DEV_KEY=1 $(PY) bench/supervision_view.py
	QIFU_INSECURE_DEV_KEY=1 $(PY) bench/knowledge_search.py
	QIFU_INSECURE_DEV_KEY=1 $(PY) bench/routing.py
	QIFU_INSECURE_DEV_KEY=1 $(PY) bench/knowledge_speed.py
	# PostgreSQL on 127.0.0.1:5432 (user postgres): 10M demands in database qifu_scale (loaded once, kept; about
	# 30 min the first time, QIFU_SCALE_FACTOR=0.05 for a quick run), then 200 users (PostgreSQL) and 50 (SQLite)
	# against gunicorn for 2 min each (LOAD_SECONDS / LOAD_USERS for shorter).
	QIFU_INSECURE_DEV_KEY=1 nice $(PY) bench/pg_scale.py
	QIFU_INSECURE_DEV_KEY=1 $(PY) bench/load.py
	$(PY) bench/worker_kill.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache

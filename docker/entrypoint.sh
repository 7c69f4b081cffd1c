#!/bin/sh
# One image, three roles: web (migrates first), worker (scale out), beat (run exactly one).
# Anything else is run as given, e.g. `python manage.py createsuperuser`.
set -eu

LOG_LEVEL="${LOG_LEVEL:-INFO}"

require_secret_key() {
  if [ -z "${SECRET_KEY:-}" ]; then
    echo "Thiếu SECRET_KEY: đặt một khóa bí mật dùng chung cho mọi tiến trình (web, worker, beat)." >&2
    exit 64
  fi
}

case "${1:-web}" in
  web)
    require_secret_key
    if [ "${MIGRATE_ON_START:-1}" = 1 ]; then
      python manage.py migrate --noinput
      python manage.py load_agencies
    fi
    exec gunicorn project.wsgi \
      --bind "${WEB_BIND:-0.0.0.0:8000}" \
      --workers "${WEB_WORKERS:-3}" \
      --timeout "${WEB_TIMEOUT:-60}" \
      --graceful-timeout 20 \
      --worker-tmp-dir /dev/shm \
      --access-logfile -
    ;;
  worker)
    require_secret_key
    exec celery -A project worker --loglevel "$LOG_LEVEL" \
      --concurrency "${WORKER_CONCURRENCY:-2}" --hostname "worker@%h"
    ;;
  beat)
    require_secret_key
    exec celery -A project beat --loglevel "$LOG_LEVEL"
    ;;
  *)
    exec "$@"
    ;;
esac

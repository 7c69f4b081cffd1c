#!/bin/sh
# One image, three roles: web (migrates first), worker, beat (run exactly one).
set -e
case "$1" in
  web)
    python manage.py migrate --noinput
    python manage.py load_agencies
    exec gunicorn project.wsgi --bind 0.0.0.0:8000 --workers "${WEB_WORKERS:-3}" --access-logfile -
    ;;
  worker) exec celery -A project worker --loglevel "${LOG_LEVEL:-INFO}" ;;
  beat) exec celery -A project beat --loglevel "${LOG_LEVEL:-INFO}" ;;
  *) exec "$@" ;;
esac

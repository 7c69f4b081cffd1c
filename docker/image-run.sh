#!/usr/bin/env bash
# Build the image without a Docker engine and prove that it runs.
#
#   1. the Debian base image (docker/base-image.sh, skipped when it exists),
#   2. the application image with `buildah bud --isolation chroot`,
#   3. web, worker and beat from that image with `buildah run --isolation chroot --network host`
#      against this machine's PostgreSQL (a scratch database) and Redis,
#   4. waits for /readyz = 200 from the image's web, for the worker to run the heartbeat task that
#      beat schedules, runs each role's health check inside its container, fetches a page and a
#      static file, then stops everything and prints the timings.
#
# Needs root, buildah, podman, debootstrap, curl, psql; PostgreSQL and Redis reachable.
#   docker/image-run.sh                 # cached build
#   NO_CACHE=1 docker/image-run.sh      # rebuild every layer of the image (base kept)
#   FORCE_BASE=1 NO_CACHE=1 docker/image-run.sh   # from scratch: debootstrap too
# Settings (environment): IMAGE_TAG, BASE_TAG, IMAGE_PG_URL (server, no database name),
# IMAGE_DB_NAME (dropped and re-created), IMAGE_REDIS_URL (a Redis database of the script's
# own: emptied at start, so only this run's beat can produce the heartbeat), HOST_CA_BUNDLE,
# KEEP_DB=1 (keep the scratch database), KEEP_LOGS=1.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
IMAGE_TAG="${IMAGE_TAG:-localhost/chidao:latest}"
BASE_TAG="${BASE_TAG:-localhost/chidao-base:bookworm}"
PG_URL="${IMAGE_PG_URL:-postgres://postgres@127.0.0.1:5432}"
DB_NAME="${IMAGE_DB_NAME:-chidao_image}"
REDIS_URL="${IMAGE_REDIS_URL:-redis://127.0.0.1:6379/5}"
HOST_CA_BUNDLE="${HOST_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"
READY_TIMEOUT="${READY_TIMEOUT:-180}"
RUN_ID="$$"
LOG_DIR="$(mktemp -d /tmp/chidao-image-run.XXXXXX)"

declare -A PIDS=()
declare -A CONTAINERS=()
declare -a RESULTS=()

say() { printf '[image-run] %s\n' "$*"; }
die() {
  printf '[image-run] LỖI: %s\n' "$*" >&2
  exit 1
}
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
record() { RESULTS+=("$1"); }

[ "$(id -u)" = 0 ] || die "cần quyền root (kho ảnh của buildah)."
for tool in buildah podman debootstrap curl psql redis-cli python3; do
  command -v "$tool" >/dev/null 2>&1 || die "thiếu '$tool'."
done

descendants() {
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    echo "$child"
    descendants "$child"
  done
}

# Stop one service: SIGTERM to the image's init (tini), which passes it on to gunicorn/celery;
# the `buildah run` around it then exits by itself. Only the processes started here are signalled.
stop_service() {
  local name="$1" pid="${PIDS[$1]:-}" p init=""
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    for p in $(descendants "$pid"); do
      if [ "$(cat "/proc/$p/comm" 2>/dev/null)" = tini ]; then
        init="$p"
        break
      fi
    done
    if [ -n "$init" ]; then kill -TERM "$init" 2>/dev/null || true; fi
    for _ in $(seq 1 60); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
      say "$name không dừng sau 30 giây: dừng cưỡng bức."
      for p in $(descendants "$pid"); do kill -KILL "$p" 2>/dev/null || true; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
  unset "PIDS[$name]"
}

cleanup() {
  local status=$?
  for name in beat worker web; do stop_service "$name"; done
  for name in "${!CONTAINERS[@]}"; do buildah rm "${CONTAINERS[$name]}" >/dev/null 2>&1 || true; done
  if [ "${KEEP_DB:-0}" != 1 ]; then
    psql "$PG_URL/postgres" -qc "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  if [ "$status" = 0 ] && [ "${KEEP_LOGS:-0}" != 1 ]; then
    rm -rf "$LOG_DIR"
  elif [ "$status" != 0 ]; then
    say "THẤT BẠI. Nhật ký: $LOG_DIR"
    for f in "$LOG_DIR"/*.log; do
      [ -f "$f" ] || continue
      echo "----- $(basename "$f") (cuối)"
      tail -n 25 "$f"
    done
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- 1. base image ------------------------------------------------------------------------
t0="$(now)"
if [ "${FORCE_BASE:-0}" = 1 ]; then
  FORCE=1 BASE_TAG="$BASE_TAG" "$ROOT/docker/base-image.sh"
else
  BASE_TAG="$BASE_TAG" "$ROOT/docker/base-image.sh"
fi
record "ảnh nền ($BASE_TAG): $(elapsed "$t0") s"

# --- 2. application image -----------------------------------------------------------------
build_args=(
  --isolation chroot --network host --layers --format docker
  --ignorefile "$ROOT/docker/Dockerfile.dockerignore"
  --build-arg "BASE_IMAGE=$BASE_TAG"
  -f "$ROOT/docker/Dockerfile" -t "$IMAGE_TAG"
)
[ "${NO_CACHE:-0}" = 1 ] && build_args+=(--no-cache)
if [ -n "${PIP_INDEX_URL:-}" ]; then build_args+=(--build-arg "PIP_INDEX_URL=$PIP_INDEX_URL"); fi
if [ -s "$HOST_CA_BUNDLE" ]; then
  # The host's CA bundle, for the builder stage only (a TLS-inspecting proxy in front of PyPI).
  build_args+=(--volume "$HOST_CA_BUNDLE:/etc/pki/host-ca-bundle.crt:ro"
    --build-arg "PIP_CERT=/etc/pki/host-ca-bundle.crt")
fi
t0="$(now)"
say "dựng ảnh $IMAGE_TAG (nhật ký: $LOG_DIR/build.log) …"
if ! buildah bud "${build_args[@]}" "$ROOT" >"$LOG_DIR/build.log" 2>&1; then
  tail -n 40 "$LOG_DIR/build.log" >&2
  die "dựng ảnh thất bại."
fi
build_seconds="$(elapsed "$t0")"
size="$(podman image inspect --format '{{.Size}}' "$IMAGE_TAG" | awk '{ printf "%.0f MB", $1 / 1e6 }')"
record "ảnh ứng dụng ($IMAGE_TAG, $size): $build_seconds s$([ "${NO_CACHE:-0}" = 1 ] && echo ' (không cache)')"

# --- 3. start web, worker, beat -------------------------------------------------------------
say "cơ sở dữ liệu tạm: $DB_NAME"
psql "$PG_URL/postgres" -qc "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)" >/dev/null
psql "$PG_URL/postgres" -qc "CREATE DATABASE \"$DB_NAME\"" >/dev/null
redis-cli -u "$REDIS_URL" flushdb >/dev/null || die "Redis $REDIS_URL không trả lời."

PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
SECRET="$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"
common_env=(
  -e "SECRET_KEY=$SECRET"
  -e "DATABASE_URL=$PG_URL/$DB_NAME"
  -e "CELERY_BROKER_URL=$REDIS_URL"
  -e "CELERY_RESULT_BACKEND=$REDIS_URL"
  -e "CACHE_URL=$REDIS_URL"
  -e "ALLOWED_HOSTS=127.0.0.1,localhost"
  -e "SITE_URL=http://127.0.0.1:$PORT"
  -e "EMAIL_URL=consolemail://"
  -e "WEB_BIND=127.0.0.1:$PORT"
  -e "WEB_WORKERS=2"
  -e "WORKER_CONCURRENCY=1"
  -e "HEARTBEAT_SECONDS=2"
  -e "SECURE_SSL_REDIRECT=false"  # plain HTTP on 127.0.0.1: no TLS proxy in front here
  -e "TINI_SUBREAPER=1"
)

start_service() {
  local name="$1" ctr
  ctr="$(buildah from --pull=never --name "chidao-$name-$RUN_ID" "$IMAGE_TAG")"
  CONTAINERS[$name]="$ctr"
  buildah run --isolation chroot --network host --hostname "chidao-$name-$RUN_ID" \
    "${common_env[@]}" "$ctr" -- /usr/bin/tini -- /app/docker/entrypoint.sh "$name" \
    >"$LOG_DIR/$name.log" 2>&1 &
  PIDS[$name]=$!
}

in_container() {
  local name="$1"
  shift
  buildah run --isolation chroot --network host --hostname "chidao-$name-$RUN_ID" \
    "${common_env[@]}" "${CONTAINERS[$name]}" -- "$@"
}

readyz() {
  curl -s -o "$LOG_DIR/readyz.json" -w '%{http_code}' "http://127.0.0.1:$PORT/readyz" || true
}

t_start="$(now)"
start_service web
say "web: http://127.0.0.1:$PORT (migrate, load_agencies, gunicorn) …"
code=000
deadline=$((SECONDS + READY_TIMEOUT))
while [ $SECONDS -lt $deadline ]; do
  kill -0 "${PIDS[web]}" 2>/dev/null || die "web đã dừng trước khi sẵn sàng."
  code="$(readyz)"
  [ "$code" = 200 ] && break
  sleep 1
done
[ "$code" = 200 ] || die "/readyz trả về $code sau ${READY_TIMEOUT} giây."
record "web sẵn sàng (migrate + load_agencies + gunicorn): $(elapsed "$t_start") s; /readyz 200: $(cat "$LOG_DIR/readyz.json")"

t0="$(now)"
start_service worker
start_service beat
say "worker và beat đã khởi động; chờ nhịp tim (beat → Redis → worker → PostgreSQL) …"
age=""
deadline=$((SECONDS + 120))
while [ $SECONDS -lt $deadline ]; do
  kill -0 "${PIDS[worker]}" 2>/dev/null || die "worker đã dừng."
  kill -0 "${PIDS[beat]}" 2>/dev/null || die "beat đã dừng."
  if [ "$(readyz)" = 200 ]; then
    age="$(python3 -c 'import json, sys; v = json.load(open(sys.argv[1])).get("beat_last_seen_seconds"); print("" if v is None or v > 10 else v)' "$LOG_DIR/readyz.json")"
    [ -n "$age" ] && break
  fi
  sleep 1
done
[ -n "$age" ] || die "worker chưa chạy tác vụ heartbeat nào trong 120 giây."
record "worker đã chạy tác vụ heartbeat do beat lên lịch: sau $(elapsed "$t0") s (beat_last_seen_seconds=$age)"

# Each role's own health check, run inside its container as compose would run it.
for name in web worker beat; do
  if out="$(in_container "$name" python /app/docker/healthcheck.py "$name" 2>&1)"; then
    record "healthcheck $name: ok"
  else
    die "healthcheck $name thất bại: $out"
  fi
done

# What a user sees: the login page in Vietnamese and its stylesheet, served by the image.
login="$(curl -s -o "$LOG_DIR/login.html" -w '%{http_code}' -L "http://127.0.0.1:$PORT/")"
[ "$login" = 200 ] || die "trang chủ trả về $login."
grep -q 'lang="vi"' "$LOG_DIR/login.html" || die "trang đăng nhập không phải tiếng Việt."
css="$(grep -o '/static/[^"]*\.css' "$LOG_DIR/login.html" | head -n1)"
[ -n "$css" ] || die "trang đăng nhập không có tệp CSS."
css_code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT$css")"
[ "$css_code" = 200 ] || die "$css trả về $css_code."
record "trang đăng nhập 200 (lang=vi), $css 200"

uid="$(in_container web id -u)"
[ "$uid" != 0 ] || die "ảnh chạy bằng root."
# shellcheck disable=SC2016  # expanded inside the container
in_container web sh -c 'test -f "$PDF_FONT_PATH" && test -f "$PDF_FONT_BOLD_PATH"' ||
  die "thiếu phông chữ cho xuất PDF."
in_container web sh -c 'tesseract --list-langs 2>/dev/null | grep -qx vie' || die "thiếu tesseract tiếng Việt."
record "chạy với uid $uid (không phải root); có phông DejaVu và tesseract (vie)"

t0="$(now)"
for name in beat worker web; do stop_service "$name"; done
record "dừng web, worker, beat: $(elapsed "$t0") s"

say "KẾT QUẢ: ĐẠT"
for line in "${RESULTS[@]}"; do say "  - $line"; done

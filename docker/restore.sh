#!/usr/bin/env bash
# Restore a backup made by backup.sh into an EMPTY database and an EMPTY media folder:
#
#   DATABASE_URL=… MEDIA_ROOT=… docker/restore.sh /path/to/chidao-YYYYmmddTHHMMSSZ
#
# The database is created when it does not exist (the URL's user needs CREATEDB for that).
# Before anything is written it checks the checksums, that the database has no tables and that
# MEDIA_ROOT has no files; it refuses otherwise and changes nothing. The files are unpacked
# into a staging folder first and moved into place only after the database restore succeeded
# (which runs in one transaction), so a failure leaves both as they were.
# Stop web, worker and beat first; start them again afterwards.
set -euo pipefail

say() { printf '[restore] %s\n' "$*" >&2; }
die() {
  printf '[restore] LỖI: %s\n' "$*" >&2
  exit 1
}

[ $# -eq 1 ] || die "cách dùng: restore.sh THƯ_MỤC_SAO_LƯU (thư mục chidao-… do backup.sh tạo)."
SRC="$1"
[ -n "${DATABASE_URL:-}" ] || die "thiếu DATABASE_URL."
[ -n "${MEDIA_ROOT:-}" ] || die "thiếu MEDIA_ROOT."
for tool in psql pg_restore tar gzip sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || die "thiếu công cụ '$tool'."
done
[ -d "$SRC" ] || die "không có thư mục sao lưu '$SRC'."
for f in db.dump media.tar.gz SHA256SUMS; do
  [ -f "$SRC/$f" ] || die "bản sao lưu '$SRC' thiếu tệp $f."
done

case "$DATABASE_URL" in
  postgres://* | postgresql://* | pgsql://* | psql://*) DB_URL="postgresql://${DATABASE_URL#*://}" ;;
  *) die "DATABASE_URL không phải PostgreSQL." ;;
esac
rest="${DB_URL#*://}"
authority="${rest%%/*}"
db_path="${rest#*/}"
DB_NAME="${db_path%%\?*}"
query=""
[ "$db_path" != "$DB_NAME" ] && query="?${db_path#*\?}"
[ -n "$DB_NAME" ] || die "DATABASE_URL không có tên cơ sở dữ liệu."
MAINTENANCE_URL="postgresql://$authority/postgres$query"

# --- checks: nothing is written before all of them pass -------------------------------------
say "kiểm tra tổng kiểm (SHA256SUMS) …"
(cd "$SRC" && sha256sum --quiet --strict -c SHA256SUMS) ||
  die "bản sao lưu bị hỏng hoặc bị sửa (tổng kiểm không khớp); không khôi phục."
pg_restore --list "$SRC/db.dump" >/dev/null 2>&1 || die "không đọc được $SRC/db.dump."

sql() { psql --no-psqlrc --quiet --tuples-only --no-align --set ON_ERROR_STOP=1 "$@"; }
exists="$(printf "SELECT count(*) FROM pg_database WHERE datname = :'name';\n" |
  sql --set name="$DB_NAME" "$MAINTENANCE_URL")" || die "không kết nối được PostgreSQL."
if [ "$exists" = 1 ]; then
  objects="$(sql -c "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
        AND n.nspname NOT LIKE 'pg_temp%'" "$DB_URL")"
  [ "$objects" = 0 ] ||
    die "cơ sở dữ liệu '$DB_NAME' không trống ($objects bảng/chỉ mục/chuỗi); chỉ khôi phục vào cơ sở dữ liệu trống. Không có gì bị thay đổi."
fi

if [ -d "$MEDIA_ROOT" ] && [ -n "$(find "$MEDIA_ROOT" -mindepth 1 -print -quit)" ]; then
  die "thư mục tệp '$MEDIA_ROOT' không trống; chỉ khôi phục vào thư mục trống. Không có gì bị thay đổi."
fi

# --- restore ------------------------------------------------------------------------------
mkdir -p "$MEDIA_ROOT"
staging="$MEDIA_ROOT/.restoring"
mkdir "$staging"
created_db=0
rollback() {
  rm -rf "$staging"
  if [ "$created_db" = 1 ]; then
    printf 'DROP DATABASE IF EXISTS :"name";\n' | sql --set name="$DB_NAME" "$MAINTENANCE_URL" || true
  fi
}
trap rollback EXIT

say "giải nén tệp đính kèm …"
tar -C "$staging" -xzf "$SRC/media.tar.gz"

if [ "$exists" != 1 ]; then
  say "tạo cơ sở dữ liệu '$DB_NAME' …"
  printf 'CREATE DATABASE :"name";\n' | sql --set name="$DB_NAME" "$MAINTENANCE_URL"
  created_db=1
fi
say "khôi phục cơ sở dữ liệu '$DB_NAME' (một giao dịch) …"
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$DB_URL" "$SRC/db.dump"
sql -c "ANALYZE" "$DB_URL" >/dev/null

# The database is in place: move the files in and drop the staging folder. As root (in the
# backup container) the folder itself also gets the archived owner, so the application's user
# can create new folders in it again.
if [ "$(id -u)" = 0 ]; then
  chown --reference="$staging" "$MEDIA_ROOT"
  chmod --reference="$staging" "$MEDIA_ROOT"
fi
find "$staging" -mindepth 1 -maxdepth 1 -exec mv -t "$MEDIA_ROOT" {} +
rmdir "$staging"
trap - EXIT

tables="$(sql -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'" "$DB_URL")"
files="$(find "$MEDIA_ROOT" -type f | wc -l)"
say "xong: $tables bảng vào '$DB_NAME', $files tệp vào $MEDIA_ROOT."

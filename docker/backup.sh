#!/usr/bin/env bash
# Back up the database and the uploaded files into one timestamped folder:
#
#   $BACKUP_DIR/chidao-YYYYmmddTHHMMSSZ/
#     db.dump        pg_dump, custom format (restore with restore.sh or pg_restore)
#     media.tar.gz   everything under MEDIA_ROOT (attachments, exports)
#     SHA256SUMS     checksums of both, verified by restore.sh
#     info.txt       when, from which database, with which pg_dump, how many files
#
# Environment: DATABASE_URL (postgres://user:pass@host:port/name), MEDIA_ROOT, BACKUP_DIR,
# BACKUP_KEEP (optional: keep only the newest N backups in BACKUP_DIR).
# The database is dumped first, then the files: every file the dump refers to is in the archive.
# A backup is written under a hidden name and renamed when complete, so a folder named
# chidao-* is always whole. Prints the folder's path on the last line of stdout.
set -euo pipefail

say() { printf '[backup] %s\n' "$*" >&2; }
die() {
  printf '[backup] LỖI: %s\n' "$*" >&2
  exit 1
}

[ -n "${DATABASE_URL:-}" ] || die "thiếu DATABASE_URL."
[ -n "${MEDIA_ROOT:-}" ] || die "thiếu MEDIA_ROOT."
[ -n "${BACKUP_DIR:-}" ] || die "thiếu BACKUP_DIR."
KEEP="${BACKUP_KEEP:-0}"
[[ "$KEEP" =~ ^[0-9]+$ ]] || die "BACKUP_KEEP phải là số nguyên không âm (đang là '$KEEP')."
for tool in pg_dump pg_restore tar gzip sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || die "thiếu công cụ '$tool'."
done

# libpq understands postgresql:// and postgres://; Django's URL may also say pgsql:// or psql://.
case "$DATABASE_URL" in
  postgres://* | postgresql://* | pgsql://* | psql://*) DB_URL="postgresql://${DATABASE_URL#*://}" ;;
  *) die "DATABASE_URL không phải PostgreSQL: chỉ sao lưu được PostgreSQL." ;;
esac
db_path="${DB_URL#*://*/}"
DB_NAME="${db_path%%\?*}"

mkdir -p "$BACKUP_DIR"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
name="chidao-$stamp"
n=1
while [ -e "$BACKUP_DIR/$name" ]; do
  n=$((n + 1))
  name="chidao-$stamp-$n"
done
work="$BACKUP_DIR/.$name.partial"
rm -rf "$work"
mkdir -m 0700 "$work"
trap 'rm -rf "$work"' EXIT

say "cơ sở dữ liệu '$DB_NAME' → $name/db.dump"
pg_dump --format=custom --compress=6 --file="$work/db.dump" --dbname="$DB_URL"
pg_restore --list "$work/db.dump" >/dev/null || die "bản dump không đọc lại được."

files=0
if [ -d "$MEDIA_ROOT" ]; then
  files="$(find "$MEDIA_ROOT" -type f | wc -l)"
  say "tệp đính kèm ($files tệp trong $MEDIA_ROOT) → $name/media.tar.gz"
  tar -C "$MEDIA_ROOT" --numeric-owner -czf "$work/media.tar.gz" .
else
  say "CẢNH BÁO: không có thư mục $MEDIA_ROOT; lưu một kho tệp rỗng."
  tar -czf "$work/media.tar.gz" --files-from /dev/null
fi

(cd "$work" && sha256sum db.dump media.tar.gz >SHA256SUMS)
cat >"$work/info.txt" <<EOF
created_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
database=$DB_NAME
pg_dump=$(pg_dump --version)
media_files=$files
db_dump_bytes=$(stat -c %s "$work/db.dump")
media_archive_bytes=$(stat -c %s "$work/media.tar.gz")
EOF
mv "$work" "$BACKUP_DIR/$name"
trap - EXIT

if [ "$KEEP" -gt 0 ]; then
  # Folder names sort by time; remove all but the newest KEEP complete backups.
  mapfile -t old < <(find "$BACKUP_DIR" -mindepth 1 -maxdepth 1 -type d -name 'chidao-*' -printf '%f\n' |
    sort | head -n "-$KEEP")
  for folder in "${old[@]}"; do
    say "xóa bản sao lưu cũ $folder (giữ $KEEP bản mới nhất)"
    rm -rf "${BACKUP_DIR:?}/$folder"
  done
fi

say "xong: $BACKUP_DIR/$name"
echo "$BACKUP_DIR/$name"

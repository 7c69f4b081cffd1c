#!/usr/bin/env bash
# Make a Debian bookworm base image with Python 3.11 from Debian's own packages and import it
# under a local tag, for machines that cannot pull python:3.11-slim from a registry.
#
#   docker/base-image.sh            # builds once; does nothing when the tag already exists
#   FORCE=1 docker/base-image.sh    # rebuild the rootfs and re-import it
#
# The Dockerfile uses it with: --build-arg BASE_IMAGE=localhost/chidao-base:bookworm
# Like python:3.11-slim it has `python3`, `python`, venv support and LANG=C.UTF-8.
set -euo pipefail

TAG="${BASE_TAG:-localhost/chidao-base:bookworm}"
CACHE_DIR="${BASE_CACHE_DIR:-/var/tmp/chidao-base}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SECURITY_MIRROR="${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
SUITE=bookworm
TARBALL="$CACHE_DIR/rootfs-$SUITE.tar"
FORCE="${FORCE:-0}"

say() { printf '[base-image] %s\n' "$*"; }
die() { printf '[base-image] LỖI: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "cần chạy với quyền root (debootstrap và kho ảnh của podman)."
for tool in debootstrap podman tar; do
  command -v "$tool" >/dev/null 2>&1 || die "thiếu '$tool' (apt-get install -y $tool)."
done

if [ "$FORCE" != 1 ] && podman image exists "$TAG"; then
  say "ảnh nền $TAG đã có; bỏ qua (FORCE=1 để dựng lại)."
  exit 0
fi

mkdir -p "$CACHE_DIR"
if [ "$FORCE" = 1 ] || [ ! -s "$TARBALL" ]; then
  rootfs="$(mktemp -d "$CACHE_DIR/rootfs.XXXXXX")"
  chmod 0755 "$rootfs"  # becomes the image's /, which every user must be able to enter
  cleanup() {
    # Never leave proc mounted inside a half-built tree.
    mountpoint -q "$rootfs/proc" && umount "$rootfs/proc"
    rm -rf "$rootfs"
  }
  trap cleanup EXIT

  say "debootstrap $SUITE (minbase) từ $MIRROR …"
  debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates \
    "$SUITE" "$rootfs" "$MIRROR"

  # Point releases and security updates, as the official images carry them.
  cat >"$rootfs/etc/apt/sources.list" <<EOF
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb $SECURITY_MIRROR $SUITE-security main
EOF
  # Keep images small: no recommends, no docs, no package caches (as Debian's docker images do).
  cat >"$rootfs/etc/apt/apt.conf.d/90container" <<'EOF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
EOF
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/90container" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
EOF
  mount -t proc proc "$rootfs/proc"
  chroot "$rootfs" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
    sh -ec 'apt-get update -qq && apt-get upgrade -y -qq && apt-get clean'
  umount "$rootfs/proc"
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/tmp/* \
    "$rootfs"/usr/share/doc/*/[!c]* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/*
  ln -sf python3 "$rootfs/usr/bin/python"
  chroot "$rootfs" python3 -c "import sys, venv, ensurepip; assert sys.version_info[:2] == (3, 11)"

  say "đóng gói rootfs vào $TARBALL …"
  tar --numeric-owner --xattrs -C "$rootfs" -cf "$TARBALL.partial" .
  mv "$TARBALL.partial" "$TARBALL"
  cleanup
  trap - EXIT
else
  say "dùng rootfs đã lưu: $TARBALL"
fi

say "nhập ảnh $TAG …"
podman import \
  --change 'ENV LANG=C.UTF-8' \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["python3"]' \
  --message "Debian $SUITE minbase + python3 (debootstrap)" \
  "$TARBALL" "$TAG" >/dev/null
say "xong: $(podman image inspect --format '{{.Id}}' "$TAG" | cut -c1-12) $TAG"

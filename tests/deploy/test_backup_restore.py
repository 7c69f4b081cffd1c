"""Backup and restore of the database and the uploaded files (docker/backup.sh, restore.sh).

Runs the scripts as an operator would, against scratch databases on the suite's PostgreSQL
server and scratch media folders: the product's own data (migrations, agencies, demo users, the
imported notice and its audit chain) plus uploaded files go through backup, loss and restore.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
BACKUP = ROOT / "docker" / "backup.sh"
RESTORE = ROOT / "docker" / "restore.sh"
DEMO_PASSWORD = "backup-demo-pass-2024"
IN_CI = os.environ.get("CI") == "true"
APP_UID = 10001  # the image's `app` user

# An uploaded report and a file in a nested folder with a Vietnamese name, as FileField stores them.
MEDIA_FILES = {
    "workflows/2024/05/bao-cao-quy-II.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 400,
    "workflows/2024/06/biên bản họp liên tịch.docx": "Biên bản cuộc họp".encode() * 50,
}


def _unavailable(reason: str):
    if IN_CI:
        pytest.fail(f"CI: {reason}")
    pytest.skip(reason)


@dataclass
class Server:
    params: dict

    def url(self, name: str) -> str:
        p = self.params
        auth = p["user"] + (f":{p['password']}" if p.get("password") else "")
        return f"postgres://{auth}@{p['host']}:{p['port']}/{name}"

    def admin(self, sql: str) -> None:
        with psycopg.connect(**self.params, dbname="postgres", autocommit=True) as conn:
            conn.execute(sql)

    def exists(self, name: str) -> bool:
        with psycopg.connect(**self.params, dbname="postgres") as conn:
            row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        return row is not None

    def drop(self, name: str) -> None:
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def create(self, name: str) -> None:
        self.drop(name)
        self.admin(f'CREATE DATABASE "{name}"')

    def table_counts(self, name: str) -> dict[str, int]:
        with psycopg.connect(**self.params, dbname=name) as conn:
            tables = [
                row[0]
                for row in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
                )
            ]
            return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


@pytest.fixture(scope="module")
def server() -> Server:
    db = settings.DATABASES["default"]
    if "postgresql" not in db["ENGINE"]:
        _unavailable("needs PostgreSQL: set DATABASE_URL to a PostgreSQL server")
    for tool in ("pg_dump", "pg_restore", "psql", "bash", "tar", "sha256sum"):
        if shutil.which(tool) is None:
            _unavailable(f"{tool} is not installed (Debian: postgresql-client)")
    return Server(
        params={
            "host": db.get("HOST") or "127.0.0.1",
            "port": db.get("PORT") or 5432,
            "user": db.get("USER") or "postgres",
            "password": db.get("PASSWORD") or None,
        }
    )


def _scratch_name(suffix: str) -> str:
    base = settings.DATABASES["default"]["NAME"]
    return f"{base}_{suffix}_{os.getpid()}"


def _env(url: str, media: Path, **extra: str) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST")},
        "DJANGO_SETTINGS_MODULE": "project.settings",
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(media),
        "VAR_DIR": str(media.parent / "var"),
        "SECRET_KEY": "backup-test-secret-key-not-for-production",
        "CELERY_BROKER_URL": "memory://",
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "DEMO_PASSWORD": DEMO_PASSWORD,
        **extra,
    }


def _run(args: list, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(a) for a in args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return _run([sys.executable, "manage.py", *args], env)


def _ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _owners(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_uid for p in [folder, *folder.rglob("*")]}


@dataclass
class Backup:
    server: Server
    db_name: str
    media: Path
    folder: Path
    counts: dict[str, int]
    files: dict[str, str]
    owners: dict[str, int]

    @property
    def url(self) -> str:
        return self.server.url(self.db_name)


@pytest.fixture(scope="module")
def backup(server, tmp_path_factory) -> Backup:
    """The product's database with demo data and two uploaded files, backed up once."""
    tmp = tmp_path_factory.mktemp("backup")
    name = _scratch_name("backup")
    server.create(name)
    media = tmp / "media"
    env = _env(server.url(name), media)
    _ok(_manage(env, "migrate", "--noinput"))
    _ok(_manage(env, "seed_demo"))
    for relative, content in MEDIA_FILES.items():
        path = media / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    if os.geteuid() == 0:
        # As in the image: the files belong to the application's user, not to root.
        for path in [media, *media.rglob("*")]:
            os.chown(path, APP_UID, APP_UID)
    counts = server.table_counts(name)
    assert counts["tasks_app_agency"] > 0 and counts["auth_user"] > 0

    out = _ok(_run(["bash", BACKUP], env | {"BACKUP_DIR": str(tmp / "backups")}))
    folder = Path(out.strip().splitlines()[-1])
    yield Backup(server, name, media, folder, counts, _tree(media), _owners(media))
    server.drop(name)


def test_backup_folder_is_timestamped_and_complete(backup):
    assert backup.folder.name.startswith("chidao-20")
    assert sorted(p.name for p in backup.folder.iterdir()) == [
        "SHA256SUMS",
        "db.dump",
        "info.txt",
        "media.tar.gz",
    ]
    info = (backup.folder / "info.txt").read_text()
    assert f"database={backup.db_name}" in info
    assert f"media_files={len(MEDIA_FILES)}" in info


def test_lost_database_and_files_come_back_and_the_app_works(backup, tmp_path):
    server = backup.server
    server.drop(backup.db_name)
    shutil.rmtree(backup.media)
    assert not server.exists(backup.db_name) and not backup.media.exists()

    env = _env(backup.url, backup.media)
    _ok(_run(["bash", RESTORE, backup.folder], env))

    # Every row of every table and every file, byte for byte.
    assert server.table_counts(backup.db_name) == backup.counts
    assert _tree(backup.media) == backup.files
    assert not (backup.media / ".restoring").exists()
    # The application's user still owns its folder and files (it can store new uploads).
    assert _owners(backup.media) == backup.owners
    # The schema is the one the code expects, and the audit chain still verifies.
    _ok(_manage(env, "migrate", "--check"))
    assert "nguyên vẹn" in _ok(_manage(env, "verify_audit"))
    # A demo user still signs in with the same password; new rows get fresh ids.
    out = _ok(
        _manage(
            env,
            "shell",
            "-c",
            "from django.contrib.auth import authenticate, get_user_model\n"
            f"user = authenticate(username='vptu_office', password='{DEMO_PASSWORD}')\n"
            "print('signed_in', user is not None)\n"
            "print('new_id', get_user_model().objects.create_user('sau_khoi_phuc').pk)",
        )
    )
    values = dict(line.split(" ", 1) for line in out.splitlines() if " " in line)
    signed_in, new_id = values["signed_in"], values["new_id"]
    assert signed_in == "True"
    assert int(new_id) > backup.counts["auth_user"]


def test_restore_refuses_a_database_that_is_not_empty_and_changes_nothing(backup, tmp_path):
    server = backup.server
    target = _scratch_name("busy")
    server.create(target)
    try:
        with psycopg.connect(**server.params, dbname=target, autocommit=True) as conn:
            conn.execute("CREATE TABLE ghi_chu (id int PRIMARY KEY, noi_dung text)")
            conn.execute("INSERT INTO ghi_chu VALUES (1, 'dữ liệu đang dùng')")
        media = tmp_path / "media"
        result = _run(["bash", RESTORE, backup.folder], _env(server.url(target), media))
        assert result.returncode != 0
        assert "không trống" in result.stderr and "Không có gì bị thay đổi" in result.stderr
        assert server.table_counts(target) == {"ghi_chu": 1}
        assert not media.exists() or not any(media.iterdir())
    finally:
        server.drop(target)


def test_restore_refuses_a_media_folder_that_is_not_empty(backup, tmp_path):
    server = backup.server
    target = _scratch_name("emptydb")
    server.create(target)
    try:
        media = tmp_path / "media"
        (media / "workflows").mkdir(parents=True)
        (media / "workflows" / "moi.txt").write_text("tệp mới")
        result = _run(["bash", RESTORE, backup.folder], _env(server.url(target), media))
        assert result.returncode != 0
        assert "không trống" in result.stderr
        assert server.table_counts(target) == {}
        assert _tree(media) == {"workflows/moi.txt": hashlib.sha256("tệp mới".encode()).hexdigest()}
    finally:
        server.drop(target)


def test_restore_refuses_a_damaged_backup(backup, tmp_path):
    server = backup.server
    damaged = tmp_path / backup.folder.name
    shutil.copytree(backup.folder, damaged)
    archive = damaged / "media.tar.gz"
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))

    target = _scratch_name("damaged")
    server.drop(target)
    media = tmp_path / "media"
    result = _run(["bash", RESTORE, damaged], _env(server.url(target), media))
    assert result.returncode != 0
    assert "tổng kiểm không khớp" in result.stderr
    assert not server.exists(target)
    assert not media.exists()


def test_backup_keep_removes_only_the_oldest_backups(backup, tmp_path):
    backups = tmp_path / "backups"
    # Older backups from earlier days, plus something that is not a backup.
    for stamp in ("20240101T020000Z", "20240102T020000Z", "20240103T020000Z"):
        (backups / f"chidao-{stamp}").mkdir(parents=True)
    (backups / "ghi-chu.txt").write_text("không phải bản sao lưu")
    env = _env(backup.url, backup.media, BACKUP_DIR=str(backups), BACKUP_KEEP="2")

    newest = Path(_ok(_run(["bash", BACKUP], env)).strip().splitlines()[-1])

    assert sorted(p.name for p in backups.iterdir()) == sorted(
        ["chidao-20240103T020000Z", newest.name, "ghi-chu.txt"]
    )
    assert (newest / "db.dump").stat().st_size > 0

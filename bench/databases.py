"""The databases of ``run_all``: one migrated empty template, seeded templates kept between runs,
and a throw-away copy of a template for each section (PostgreSQL ``CREATE DATABASE … TEMPLATE``).

A template carries its recipe in its comment (``COMMENT ON DATABASE``): the migrations' and the
seeder's fingerprint and the seed parameters. A template whose comment matches is reused as is;
any other is dropped and built again. On SQLite every section gets a fresh test database
(``bench.common.test_database``) and nothing is kept.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterator

from bench.common import ROOT

PREFIX = "chidao_bench"
_APPS = ("project", "tasks_app", "workflows", "notifications_app", "audit", "office", "reports")


def fingerprint(*extra: str, migrations: bool = True) -> str:
    """A short hash of the seeders, of ``extra`` and (unless ``migrations=False``) of every
    migration of the project."""
    digest = hashlib.sha256()
    paths = [ROOT / "notifications_app" / "management" / "commands" / "seed_scale.py"]
    paths += sorted((ROOT / "notifications_app" / "scale").glob("*.py"))
    paths += [ROOT / "tasks_app" / "demo.py", ROOT / "tasks_app" / "data" / "agencies.csv"]
    if migrations:
        paths += [p for app in _APPS for p in sorted((ROOT / app / "migrations").glob("*.py"))]
    for path in paths:
        if path.exists():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    for item in extra:
        digest.update(item.encode())
    return digest.hexdigest()[:16]


def is_postgres() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def _admin(sql: str, params=None) -> list[tuple]:
    """Run ``sql`` on the server's ``postgres`` database (autocommit), return its rows."""
    import psycopg
    from django.db import connection

    s = connection.settings_dict
    with psycopg.connect(
        dbname="postgres",
        user=s.get("USER") or None,
        password=s.get("PASSWORD") or None,
        host=s.get("HOST") or None,
        port=s.get("PORT") or None,
        autocommit=True,
    ) as conn:
        cursor = conn.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def _quote(name: str) -> str:
    assert name.replace("_", "").isalnum(), name
    return f'"{name}"'


def use(name: str) -> None:
    """Point Django's default connection at database ``name``."""
    from django.db import connections

    connections.close_all()
    connections["default"].settings_dict["NAME"] = name


def current() -> str:
    from django.db import connection

    return connection.settings_dict["NAME"]


def comment(name: str) -> str | None:
    rows = _admin(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
    )
    return rows[0][0] if rows else None


def exists(name: str) -> bool:
    return bool(_admin("SELECT 1 FROM pg_database WHERE datname = %s", [name]))


def drop(name: str) -> None:
    from django.db import connections

    connections.close_all()
    _admin(f"DROP DATABASE IF EXISTS {_quote(name)} WITH (FORCE)")


def clone(template: str, name: str) -> None:
    drop(name)
    _admin(f"CREATE DATABASE {_quote(name)} TEMPLATE {_quote(template)}")


def template(name: str, key: str, build: Callable[[], None], refresh=None) -> bool:
    """Make sure database ``name`` holds ``build()``'s result for ``key``; True if reused.
    A reused database is brought up to date by ``refresh()`` first (e.g. new migrations)."""
    previous = current()
    if comment(name) == key:
        if refresh is not None:
            use(name)
            try:
                refresh()
            finally:
                use(previous)
        return True
    drop(name)
    _admin(f"CREATE DATABASE {_quote(name)}")
    use(name)
    try:
        build()
    except BaseException:
        use(previous)
        drop(name)
        raise
    use(previous)
    _admin(f"COMMENT ON DATABASE {_quote(name)} IS {_literal(key)}")
    return False


def _literal(text: str) -> str:
    assert "'" not in text
    return f"'{text}'"


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def empty_template() -> str:
    """The migrated, empty database every section starts from."""
    name = f"{PREFIX}_empty"
    template(name, f"empty {fingerprint()}", migrate)
    return name


@contextlib.contextmanager
def section_database(label: str, base: str | None = None) -> Iterator[str]:
    """A throw-away copy of ``base`` (default: the empty template) for one section; Django's
    connection points at it meanwhile. SQLite: a fresh test database instead."""
    if not is_postgres():
        from bench.common import test_database

        with test_database():
            yield current()
        return
    base = base or empty_template()
    name = f"{PREFIX}_run_{label}"
    previous = current()
    clone(base, name)
    use(name)
    try:
        yield name
    finally:
        use(previous)
        drop(name)


@contextlib.contextmanager
def on(name: str) -> Iterator[str]:
    """Django's connection on database ``name`` meanwhile (the database is kept)."""
    previous = current()
    use(name)
    try:
        yield name
    finally:
        use(previous)


def database_url(name: str) -> str:
    """The URL of database ``name`` on the configured server (for gunicorn's environment)."""
    from django.db import connection

    s = connection.settings_dict
    auth = s.get("USER") or ""
    if s.get("PASSWORD"):
        auth += f":{s['PASSWORD']}"
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or 5432
    return f"postgres://{auth + '@' if auth else ''}{host}:{port}/{name}"


def size(name: str) -> str:
    rows = _admin("SELECT pg_size_pretty(pg_database_size(%s))", [name])
    return rows[0][0] if rows else "?"

import os

import pytest
from django.conf import settings


def pytest_configure(config):
    # In CI the suite must run against PostgreSQL and Redis; refuse to silently fall back.
    if os.environ.get("CI") == "true":
        engine = settings.DATABASES["default"]["ENGINE"]
        if "postgresql" not in engine:
            raise pytest.UsageError("CI=true: DATABASE_URL must point to PostgreSQL.")
        if not settings.CELERY_BROKER_URL.startswith("redis"):
            raise pytest.UsageError("CI=true: CELERY_BROKER_URL must point to Redis.")


@pytest.fixture
def registry(db):
    """The agency registry as shipped with the project."""
    from tasks_app.registry import registry_load

    registry_load()


def on_postgresql() -> bool:
    return "postgresql" in settings.DATABASES["default"]["ENGINE"]

"""Settings of the benchmarks: the test settings, plus the bare viewflow flow they compare
against. Tasks are queued to an in-memory broker (as production queues them to Redis) instead
of running inline, so that timings measure the request side only."""

from project.test_settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench.bareflow"]  # noqa: F405
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

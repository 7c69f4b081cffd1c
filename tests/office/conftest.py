"""Fixtures of the Office's pages: a signed-in Office client, the sample notice as a draft, and
the POST data the review page's form for one directive sends."""

import pytest

from tasks_app import services
from tests.helpers import directive_post

BASE = "/office/notice/"

__all__ = ["BASE", "directive_post"]


@pytest.fixture
def office(client, office_user):
    client.force_login(office_user)
    return client


@pytest.fixture
def draft(office_user, seed_bytes):
    return services.notice_import(content=seed_bytes, filename="142-TB-TU.txt", by=office_user)

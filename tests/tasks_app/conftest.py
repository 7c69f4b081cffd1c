from pathlib import Path

import pytest

from tasks_app.models import Agency, Role
from tests.factories import member

SEED = Path(__file__).resolve().parents[2] / "tasks_app" / "data" / "seeds" / "142-TB-TU.txt"


@pytest.fixture
def seed_bytes() -> bytes:
    return SEED.read_bytes()


@pytest.fixture
def office_user(registry):
    return member(agency=Agency.objects.get(code="VPTU"), role=Role.OFFICE, username="vp_office")


@pytest.fixture
def head_user(registry):
    return member(agency=Agency.objects.get(code="BTCTU"), role=Role.HEAD, username="btc_head")

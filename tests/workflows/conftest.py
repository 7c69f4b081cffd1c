import pytest

from tests.workflows.factories import Staff


@pytest.fixture
def staff(registry):
    """People of every agency of the shipped registry, created on first use."""
    return Staff()


@pytest.fixture
def office(staff):
    return staff.office()

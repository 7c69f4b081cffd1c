import datetime

import pytest

from tests.workflows.factories import Staff, directive_publish

DUE = datetime.date(2024, 3, 15)  # a Friday, no holiday near it


@pytest.fixture
def staff(registry):
    return Staff()


@pytest.fixture
def process(staff):
    """A published directive led by BTCTU, due 15/03/2024, its accept task waiting."""
    staff.head("BTCTU"), staff.officer("BTCTU")  # the people exist before work reaches them
    [process] = directive_publish(leads=["BTCTU"], by=staff.office(), due_date=DUE)
    return process

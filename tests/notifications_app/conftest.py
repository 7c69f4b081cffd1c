import datetime

import pytest

DUE = datetime.date(2024, 3, 15)  # a Friday, no holiday near it


@pytest.fixture
def process(staff):
    """A published directive led by BTCTU, due 15/03/2024, its accept task waiting."""
    staff.head("BTCTU"), staff.officer("BTCTU")  # the people exist before work reaches them
    [process] = staff.publish(leads=["BTCTU"], by=staff.office(), due_date=DUE)
    return process

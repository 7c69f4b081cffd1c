"""How reports write dates and people."""

import datetime

DATE = "%d/%m/%Y"
DATETIME = "%d/%m/%Y %H:%M"


def fmt_date(value: datetime.date | None) -> str:
    return value.strftime(DATE) if value else ""

"""Benchmark (5): the progress report exported as XLSX and PDF at 2,000 and 20,000 rows, timed as
the worker runs it (``reports.services.export_build``, what the export job runs: the Office's
rows read, the file written to a temporary file, hashed) for a due date window holding that many
processes of the seeded database.

Targets: a 20,000-row PDF ≤ 10 s and XLSX ≤ 3 s. A PDF whose 2,000-row time already says the
20,000-row one would take over a minute is extrapolated (linearly) instead of run, and marked so.
"""

from __future__ import annotations

import tempfile
import time

TARGETS = {"xlsx": 3.0, "pdf": 10.0}
EXTRAPOLATE_ABOVE_S = 60.0


def window(rows: int):
    """ReportFilters with a due date window holding about ``rows`` processes."""
    from reports.selectors.filters import ReportFilters
    from workflows.models import DirectiveProcess

    dues = DirectiveProcess.objects.exclude(due_date=None).order_by("due_date")
    total = dues.count()
    if total < rows:
        raise RuntimeError(f"{total} processes with a deadline: too few for {rows} rows")
    first = dues.values_list("due_date", flat=True)[0]
    last = dues.values_list("due_date", flat=True)[rows - 1]
    return ReportFilters(date_from=first, date_to=last)


def export(user, filters, fmt: str) -> tuple[float, int, int]:
    """One export as the worker does it: seconds, rows, bytes."""
    from reports.services import export_build

    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        built = export_build(user=user, filters=filters, fmt=fmt, out=out)
        seconds = time.perf_counter() - start
        return seconds, built.rows, out.seek(0, 2)


def measure(sizes: tuple[int, int] = (2_000, 20_000)) -> dict:
    from tasks_app.models import Membership, Role

    office = Membership.objects.filter(role=Role.OFFICE, user__is_active=True).first().user
    results: dict = {"function": "reports.services.export_build", "sizes": list(sizes)}
    export(office, window(min(50, sizes[0])), "xlsx")  # warm: fonts, imports
    for fmt in ("xlsx", "pdf"):
        small_s = None
        for size in sizes:
            filters = window(size)
            if small_s is not None and small_s * size / sizes[0] > EXTRAPOLATE_ABOVE_S:
                results[f"{fmt}_{size}"] = {
                    "seconds": small_s * size / sizes[0],
                    "rows": size,
                    "extrapolated": True,
                }
                continue
            seconds, rows, size_bytes = export(office, filters, fmt)
            results[f"{fmt}_{size}"] = {"seconds": seconds, "rows": rows, "bytes": size_bytes}
            small_s = small_s or seconds
        large = results[f"{fmt}_{sizes[1]}"]
        results[f"{fmt}_growth"] = large["seconds"] / results[f"{fmt}_{sizes[0]}"]["seconds"]
        results[f"{fmt}_met"] = large["seconds"] <= TARGETS[fmt]
    results["targets"] = TARGETS
    return results

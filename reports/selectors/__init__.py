"""Read side of the completion history and the reports, scoped in one place.

Who sees what is decided by :class:`workflows.permissions.ReportScope` (the same for pages,
exports and the calendar feed). Everything a report shows comes from
:func:`dashboard.report_queryset` (status computed in SQL by ``reports.status.with_status``);
the dashboard's rows come from :func:`rows.report_rows`, and the XLSX and the PDF read the same
rows in chunks from :func:`export_rows.export_rows` (plain values, constant memory).

- :mod:`.filters`: the report's filters and the choices a user may pick;
- :mod:`.dashboard`: counts, ageing, overdue, trend;
- :mod:`.rows`: the official report's rows;
- :mod:`.export_rows`: the same rows, streamed for the files;
- :mod:`.timeline`: a directive's completion history;
- :mod:`.calendar`: a user's deadlines and calendar feed.
"""

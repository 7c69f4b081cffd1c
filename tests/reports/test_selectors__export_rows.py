"""The exports read their rows as plain values in chunks: the rows must be exactly those of
``report_rows`` (the dashboard's source), whatever the status, note, scope or filter."""

import datetime
from collections import Counter

import pytest
from django.utils import translation

from reports.selectors import export_rows
from reports.selectors.dashboard import report_queryset
from reports.selectors.filters import ReportFilters
from reports.selectors.rows import report_build, report_rows
from reports.status import Status
from tasks_app.models import Agency, AgencyGroup, Notice, Recurrence
from tests.reports.bulk import TODAY, bulk_processes
from workflows import permissions
from workflows.models import DirectiveProcess

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2024, 6, 30, 9, tzinfo=datetime.UTC)


@pytest.fixture
def seeded(registry):
    bulk_processes(260)
    processes = list(DirectiveProcess.objects.order_by("pk"))
    group = AgencyGroup.objects.create(code="KHOI-DANG", name="Khối Đảng, đoàn thể tỉnh")
    for process, recurrence in zip(processes[::37], Recurrence.values, strict=False):
        process.recurrence = recurrence
        process.save(update_fields=["recurrence"])
    DirectiveProcess.objects.filter(pk__in=[p.pk for p in processes[5::41]]).update(via_group=group)


def both(scope, filters, *, chunk_size=7):
    qs = report_queryset(scope=scope, filters=filters, today=TODAY)
    expected = report_rows(qs, today=TODAY)
    got = list(export_rows.export_rows(qs, today=TODAY, chunk_size=chunk_size))
    return expected, got


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_rows_read_in_chunks_are_those_of_the_dashboard(seeded, staff, language):
    scope = permissions.report_scope(user=staff.office())
    with translation.override(language):
        expected, got = both(scope, ReportFilters())
    assert len(got) == 260
    assert got == expected  # every field, in order
    for with_notice in (False, True):
        assert [r.texts(with_notice=with_notice) for r in got] == [
            r.texts(with_notice=with_notice) for r in expected
        ]
    statuses = Counter(row.status for row in got)
    assert set(statuses) == set(Status), "every status is in the data set"
    notes = " ".join(row.note for row in got)
    for piece in ("Hủy ngày", "Gia hạn từ", "Báo cáo hằng tháng", "Giao theo nhóm: Khối Đảng"):
        assert piece in notes or language == "en"
    assert any(row.coordinators for row in got)
    assert any(row.summary.endswith(" …") for row in got), "long texts are cut the same way"
    assert any(row.days_overdue for row in got if row.status == Status.OPEN_OVERDUE)


def test_coordinators_read_batch_by_batch_stay_with_their_rows(seeded, staff, monkeypatch):
    monkeypatch.setattr(export_rows, "BATCH_SIZE", 37)  # batches that cut the chunks anywhere
    scope = permissions.report_scope(user=staff.office())
    expected, got = both(scope, ReportFilters(), chunk_size=50)
    assert got == expected and sum(1 for row in got if row.coordinators) > 37


def test_a_head_and_filters_read_the_same_rows(seeded, staff):
    lead = Agency.objects.filter(led_processes__isnull=False).order_by("code").first()
    head_scope = permissions.report_scope(user=staff.head(lead.code))
    expected, got = both(head_scope, ReportFilters())
    assert got == expected and {row.lead_code for row in got} == {lead.code}

    office_scope = permissions.report_scope(user=staff.office())
    notice = Notice.objects.order_by("pk").first()
    for filters in (
        ReportFilters(notice=notice),
        ReportFilters(status=Status.CANCELLED),
        ReportFilters(date_from=TODAY - datetime.timedelta(days=60), date_to=TODAY),
    ):
        expected, got = both(office_scope, filters, chunk_size=1000)
        assert expected and got == expected


def test_the_streamed_report_has_the_header_and_totals_of_the_built_one(seeded, staff):
    office = staff.office()
    scope = permissions.report_scope(user=office)
    seen = []
    streamed = export_rows.export_report(
        user=office,
        scope=scope,
        filters=ReportFilters(),
        today=TODAY,
        now=NOW,
        progress=lambda done, total: seen.append((done, total)),
    )
    built = report_build(user=office, scope=scope, filters=ReportFilters(), today=TODAY, now=NOW)
    assert len(streamed.rows) == 260
    rows = list(streamed.rows)
    assert rows == built.rows
    assert seen == [], "fewer rows than the progress step"
    for field in ("title", "issuer", "parent_issuer", "scope_label", "filters_label"):
        assert getattr(streamed, field) == getattr(built, field)
    assert streamed.with_notice is built.with_notice is True
    assert streamed.counts == built.counts  # counted while the rows were read
    with pytest.raises(RuntimeError):
        list(streamed.rows)


def test_progress_is_told_while_the_rows_are_read(seeded, staff):
    office = staff.office()
    scope = permissions.report_scope(user=office)
    qs = report_queryset(scope=scope, filters=ReportFilters(), today=TODAY)
    seen = []
    stream = export_rows.RowStream(
        qs, today=TODAY, expected=260, every=100, progress=lambda *args: seen.append(args)
    )
    assert sum(1 for _row in stream) == stream.read == 260
    assert seen == [(100, 260), (200, 260)]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Một",
        " ".join(["từ"] * 40),
        " ".join(["từ"] * 41),
        " ".join(["từ"] * 39) + " …",
        " ".join(["từ"] * 39) + " … thêm",
        "Rà soát\n\n  quy hoạch\tcán bộ " * 20,
    ],
)
def test_long_texts_are_cut_as_the_dashboard_cuts_them(text):
    from django.utils.text import Truncator

    assert export_rows.summary_of(text) == Truncator(" ".join(text.split())).words(
        40, truncate=" …"
    )


@pytest.mark.parametrize("language", ["vi", "en"])
def test_row_texts_looked_up_once_are_the_rows_texts(seeded, staff, language):
    scope = permissions.report_scope(user=staff.office())
    with translation.override(language):
        _expected, got = both(scope, ReportFilters(), chunk_size=500)
        for with_notice in (False, True):
            texts = export_rows.RowTexts(with_notice=with_notice)
            assert [texts(row) for row in got] == [r.texts(with_notice=with_notice) for r in got]

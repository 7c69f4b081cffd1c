"""Importing a notice again is refused with a link to the one imported before."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tasks_app.models import Notice

from .conftest import BASE

pytestmark = pytest.mark.django_db

MESSAGE = "Thông báo số 142-TB/TU đã được nhập trước đây; không nhập lại."


def import_again(office, seed_bytes) -> str:
    response = office.post(
        f"{BASE}import/", {"file": SimpleUploadedFile("142-TB-TU.txt", seed_bytes)}
    )
    assert response.status_code == 400
    return html.unescape(response.content.decode())


def test_a_draft_imported_before_is_linked_for_review(office, draft, seed_bytes):
    page = import_again(office, seed_bytes)
    assert f'{MESSAGE} <a href="{BASE}{draft.pk}/">Mở bản nháp để rà soát</a>' in page
    assert Notice.objects.count() == 1


def test_a_published_notice_is_linked_to_its_page(office, draft, seed_bytes):
    Notice.objects.filter(pk=draft.pk).update(
        status=Notice.Status.PUBLISHED, published_at=timezone.now()
    )
    page = import_again(office, seed_bytes)
    assert f'{MESSAGE} <a href="/home/notices/{draft.pk}/">Xem thông báo đã ban hành</a>' in page

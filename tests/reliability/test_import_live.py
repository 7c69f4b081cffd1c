"""A scan uploaded to the real web server is read by the real worker: the upload answers at
once with the progress page, the job's state moves to done, the draft is there."""

import http.cookiejar
import json
import re
import shutil
import time
import urllib.request
import uuid

import pytest

from tests.stack import DEMO_PASSWORD, Stack
from tests.tasks_app.importing.test_scan import LINES, scanned_pdf

pytestmark = [
    pytest.mark.stack,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed"),
]


@pytest.fixture
def stack(tmp_path):
    running = Stack(tmp_path)
    running.start()
    yield running
    if running.process.poll() is None:
        running.stop()


def _signed_in(stack: Stack, username: str):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    _, page = stack.get("/accounts/login/", opener)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode(
        {"username": username, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token}
    ).encode()
    opener.open(
        urllib.request.Request(
            stack.url + "/accounts/login/", data=body, headers={"Referer": stack.url}
        ),
        timeout=10,
    )
    return opener


def _upload(stack: Stack, opener, name: str, content: bytes):
    _, page = stack.get("/office/notice/import/", opener)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{token}\r\n--{boundary}\r\n"
            f'Content-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        stack.url + "/office/notice/import/",
        data=body,
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Referer": stack.url + "/office/notice/import/",
        },
    )
    started = time.monotonic()
    with opener.open(request, timeout=30) as response:
        return response.geturl(), response.read().decode(), time.monotonic() - started


def test_a_scan_is_read_by_the_worker_not_in_the_request(stack):
    opener = _signed_in(stack, "vptu_office")
    url, page, seconds = _upload(stack, opener, "88-quet.pdf", scanned_pdf(LINES))
    job = re.search(r"/office/notice/import/job/(\d+)/$", url)
    assert job, (url, page[:500])
    assert "Nhận dạng chữ bản quét" in page
    assert seconds < 5  # the request only stored the scan (OCR takes seconds a page)

    states = []

    def done():
        _, body = stack.get(f"/office/notice/import/job/{job.group(1)}/status/", opener)
        states.append(json.loads(body))
        return states[-1]["finished"]

    stack.wait_for(done, timeout=120, what="the worker to read the scan")
    final = states[-1]
    assert final["status"] == "done", final
    assert final["pages_done"] == final["pages_total"] == 1
    status, review = stack.get(final["review_url"], opener)
    assert status == 200
    assert "Thông báo số 88-TB/TU — 12/03/2024" in review
    assert "Văn bản nhận dạng được từ bản quét (OCR)" in review

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tasks_app.models import Agency, Membership, Role

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_head_and_officer_per_agency_and_office_staff(capsys, settings):
    settings.DEMO_PASSWORD = ""
    call_command("seed_demo")
    out = capsys.readouterr().out
    User = get_user_model()
    for agency in Agency.objects.all():
        code = agency.code.lower()
        assert Membership.objects.filter(
            user__username=f"{code}_head", agency=agency, role=Role.HEAD
        ).exists()
        assert Membership.objects.filter(
            user__username=f"{code}_officer", agency=agency, role=Role.OFFICER
        ).exists()
    assert Membership.objects.filter(
        user__username="vptu_office", agency__code="VPTU", role=Role.OFFICE
    ).exists()
    admin = User.objects.get(username="admin")
    assert admin.is_superuser
    # The generated password is printed once and logs the demo users in.
    line = next(line for line in out.splitlines() if "Mật khẩu chung" in line)
    password = line.rsplit(": ", 1)[1].strip()
    assert User.objects.get(username="btctu_head").check_password(password)

    call_command("seed_demo")
    again = capsys.readouterr().out
    assert "Mật khẩu chung" not in again
    assert password not in again
    assert User.objects.filter(username="btctu_head").count() == 1


def test_seed_demo_uses_demo_password_from_environment(settings, client):
    settings.DEMO_PASSWORD = "mat-khau-demo-2024"
    call_command("seed_demo")
    response = client.post(
        "/accounts/login/",
        {"username": "btctu_officer", "password": "mat-khau-demo-2024"},
    )
    assert response.status_code == 302
    home = client.get("/", follow=True)
    assert home.status_code == 200
    assert home.wsgi_request.user.username == "btctu_officer"


def test_login_page_is_in_vietnamese(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Đăng nhập" in content
    assert "Mật khẩu" in content


def test_seed_demo_imports_the_sample_notice_once(settings):
    from tasks_app.models import Notice

    settings.DEMO_PASSWORD = "mat-khau-demo-2024"
    call_command("seed_demo")
    call_command("seed_demo")
    notice = Notice.objects.get()
    assert notice.number == "142-TB/TU" and notice.status == Notice.Status.DRAFT
    assert notice.directives.count() == 7


def test_seed_demo_creates_an_auditor_who_sees_reports_but_not_office_pages(settings, client):
    settings.DEMO_PASSWORD = "mat-khau-demo-2024"
    call_command("seed_demo")
    assert Membership.objects.filter(
        user__username="vptu_auditor", agency__code="VPTU", role=Role.AUDITOR
    ).exists()
    client.post("/accounts/login/", {"username": "vptu_auditor", "password": "mat-khau-demo-2024"})
    assert client.get("/reports/dashboard/").status_code == 200
    assert client.get("/office/notice/").status_code == 403

"""Demo users for a local run: a head and an officer per agency, Office staff, an auditor at the
Office, an admin."""

import secrets
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from tasks_app.models import Agency, Membership, Role
from tasks_app.selectors import OFFICE_AGENCY_CODE

OFFICE_USERNAMES = ["vptu_office"]
#: Reads every process, history and report, takes no action (role "auditor" at the Office).
AUDITOR_USERNAME = "vptu_auditor"


@dataclass
class DemoSeedResult:
    created_users: list[str] = field(default_factory=list)
    password: str | None = None  # only when it was generated now


def _ensure_user(*, username: str, password_hash: str, result: DemoSeedResult, **extra):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create(username=username, password=password_hash, **extra)
        result.created_users.append(username)
    return user


@transaction.atomic
def demo_seed(*, password: str = "") -> DemoSeedResult:
    """Create the demo users that do not exist yet; existing users are left untouched."""
    result = DemoSeedResult()
    generated = not password
    if generated:
        password = secrets.token_urlsafe(9)
    # Every demo user shares the password: hash it once, not once per user.
    password_hash = make_password(password)
    _ensure_user(
        username="admin",
        password_hash=password_hash,
        result=result,
        is_staff=True,
        is_superuser=True,
        first_name="Quản trị",
    )
    for agency in Agency.objects.order_by("code"):
        prefix = agency.code.lower()
        for suffix, role, first_name in (
            ("head", Role.HEAD, "Lãnh đạo"),
            ("officer", Role.OFFICER, "Chuyên viên"),
        ):
            user = _ensure_user(
                username=f"{prefix}_{suffix}",
                password_hash=password_hash,
                result=result,
                first_name=first_name,
                last_name=agency.name,
            )
            Membership.objects.get_or_create(user=user, agency=agency, role=role)
    office = Agency.objects.filter(code=OFFICE_AGENCY_CODE).first()
    if office is not None:
        for username in OFFICE_USERNAMES:
            user = _ensure_user(
                username=username,
                password_hash=password_hash,
                result=result,
                first_name="Chuyên viên",
                last_name="Văn phòng Tỉnh ủy",
            )
            Membership.objects.get_or_create(user=user, agency=office, role=Role.OFFICE)
        auditor = _ensure_user(
            username=AUDITOR_USERNAME,
            password_hash=password_hash,
            result=result,
            first_name="Cán bộ kiểm tra",
            last_name="Văn phòng Tỉnh ủy",
        )
        Membership.objects.get_or_create(user=auditor, agency=office, role=Role.AUDITOR)
    if generated and result.created_users:
        result.password = password
    return result

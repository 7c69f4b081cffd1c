import datetime

import factory
from django.contrib.auth import get_user_model

from tasks_app.models import Agency, AgencyKind, Assignment, Directive, Membership, Notice, Role


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("secret-pass-123")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"AG{n}")
    name = factory.LazyAttribute(lambda o: f"Cơ quan {o.code}")
    kind = AgencyKind.STATE


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = Role.OFFICER


class NoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notice

    number = factory.Sequence(lambda n: f"{100 + n}-TB/TU")
    date = datetime.date(2023, 5, 30)
    issuer = "Tỉnh ủy Tiền Giang"
    title = "Kết luận chỉ đạo"


class DirectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Directive

    notice = factory.SubFactory(NoticeFactory)
    ref = factory.Sequence(lambda n: str(n + 1))
    position = factory.Sequence(lambda n: n)
    text = "Tổ chức thực hiện."


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    directive = factory.SubFactory(DirectiveFactory)
    lead = factory.SubFactory(AgencyFactory)


def member(*, agency: Agency, role: str, username: str | None = None):
    """A user holding ``role`` in ``agency``."""
    user = UserFactory(username=username) if username else UserFactory()
    Membership.objects.create(user=user, agency=agency, role=role)
    return user

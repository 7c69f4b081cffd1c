"""Agencies, memberships, notices, directives and assignments."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

#: The Provincial Office (Văn phòng Tỉnh ủy): registers, publishes and verifies everything.
OFFICE_AGENCY_CODE = "VPTU"


class AgencyKind(models.TextChoices):
    PARTY_STAFF = "party_staff", _("Cơ quan tham mưu Tỉnh ủy")
    PARTY_INSPECTION = "party_inspection", _("Cơ quan kiểm tra")
    PARTY_SCHOOL = "party_school", _("Trường Chính trị")
    PARTY_DELEGATION = "party_delegation", _("Ban cán sự đảng, đảng đoàn")
    PARTY_COMMITTEE = "party_committee", _("Cấp ủy")
    MASS_ORGANIZATION = "mass_organization", _("Mặt trận, đoàn thể")
    STATE = "state", _("Cơ quan nhà nước")


class Agency(models.Model):
    code = models.CharField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    kind = models.CharField(_("loại"), max_length=32, choices=AgencyKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    # Other names and abbreviations the importer should recognise ("Thành Đoàn", "Sở NN&PTNT").
    aliases = models.JSONField(_("tên gọi khác, viết tắt"), default=list, blank=True)

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AgencyKind.values), name="agency_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(code=""), name="agency_code_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name


class AgencyGroup(models.Model):
    """A named set of agencies a notice may address at once ("cấp ủy huyện (tương đương)")."""

    code = models.CharField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    meaning = models.TextField(_("ý nghĩa"), blank=True)
    members = models.ManyToManyField(
        Agency, verbose_name=_("thành viên"), related_name="groups", blank=True
    )

    class Meta:
        verbose_name = _("nhóm cơ quan")
        verbose_name_plural = _("nhóm cơ quan")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    HEAD = "head", _("Lãnh đạo")
    DEPUTY = "deputy", _("Phó lãnh đạo")
    OFFICER = "officer", _("Chuyên viên")
    OFFICE = "office", _("Văn phòng Tỉnh ủy")
    AUDITOR = "auditor", _("Kiểm tra")


#: Roles that lead an agency (accept, approve, assign officers).
HEAD_ROLES = (Role.HEAD, Role.DEPUTY)


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = _("thành viên cơ quan")
        verbose_name_plural = _("thành viên cơ quan")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="membership_unique_role"
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.agency.code}"


class Notice(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        PUBLISHED = "published", _("Đã ban hành")

    number = models.CharField(_("số hiệu"), max_length=64, unique=True)
    date = models.DateField(_("ngày ban hành"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255)
    title = models.TextField(_("trích yếu"))
    signer = models.CharField(_("người ký"), max_length=255, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=255, blank=True)
    recipients = models.JSONField(_("nơi nhận"), default=list, blank=True)
    source_text = models.TextField(_("văn bản gốc"), blank=True)
    source_filename = models.CharField(_("tệp gốc"), max_length=255, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("thời điểm nhập"), auto_now_add=True)
    published_at = models.DateTimeField(_("thời điểm ban hành"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo kết luận")
        verbose_name_plural = _("thông báo kết luận")
        ordering = ["-date", "number"]
        constraints = [
            models.CheckConstraint(condition=~Q(number=""), name="notice_number_not_empty"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"]), name="notice_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="notice_published_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.date:%d/%m/%Y})"


class DirectiveState(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    PUBLISHED = "published", _("Đang thực hiện")
    CLOSED = "closed", _("Đã hoàn thành")
    CANCELLED = "cancelled", _("Đã hủy")


class Directive(models.Model):
    State = DirectiveState

    notice = models.ForeignKey(
        Notice, verbose_name=_("thông báo"), on_delete=models.CASCADE, related_name="directives"
    )
    ref = models.CharField(_("mục"), max_length=16)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    text = models.TextField(_("nội dung"))
    source = models.TextField(_("đoạn văn bản gốc"), blank=True)
    needs_review = models.BooleanField(_("cần rà soát"), default=False)
    review_reasons = models.JSONField(_("lý do cần rà soát"), default=list, blank=True)
    state = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=DirectiveState.choices,
        default=DirectiveState.DRAFT,
    )

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["notice", "position"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "ref"], name="directive_unique_ref"),
            models.CheckConstraint(
                condition=Q(state__in=DirectiveState.values), name="directive_state_valid"
            ),
            models.CheckConstraint(condition=~Q(ref=""), name="directive_ref_not_empty"),
        ]

    def __str__(self) -> str:
        return gettext("%(number)s — mục %(ref)s") % {"number": self.notice.number, "ref": self.ref}


class Recurrence(models.TextChoices):
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")
    SEMIANNUAL = "semiannual", _("Định kỳ 6 tháng")
    ANNUAL = "annual", _("Hằng năm")


class Assignment(models.Model):
    """One lead agency's share of a directive.

    A draft may name a group as lead; publishing replaces it with one assignment per member
    agency, each remembering the group it came from (``via_group``) for the roll-up view.
    """

    directive = models.ForeignKey(
        Directive,
        verbose_name=_("nhiệm vụ"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    lead = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_assignments",
    )
    lead_group = models.ForeignKey(
        AgencyGroup,
        verbose_name=_("nhóm chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_assignments",
    )
    via_group = models.ForeignKey(
        AgencyGroup,
        verbose_name=_("giao theo nhóm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expanded_assignments",
    )
    coordinators = models.ManyToManyField(
        Agency,
        verbose_name=_("cơ quan phối hợp"),
        related_name="coordinated_assignments",
        blank=True,
    )
    due_date = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    # A deadline counted in working days from publication; publishing turns it into due_date.
    due_working_days = models.PositiveIntegerField(
        _("hạn (số ngày làm việc)"), null=True, blank=True
    )
    recurrence = models.CharField(
        _("định kỳ báo cáo"), max_length=16, choices=Recurrence.choices, blank=True, default=""
    )

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")
        ordering = ["directive", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(lead__isnull=False) & Q(lead_group__isnull=True))
                | (Q(lead__isnull=True) & Q(lead_group__isnull=False)),
                name="assignment_one_lead",
            ),
            models.UniqueConstraint(
                fields=["directive", "lead"],
                condition=Q(lead__isnull=False),
                name="assignment_unique_lead",
            ),
            models.UniqueConstraint(
                fields=["directive", "lead_group"],
                condition=Q(lead_group__isnull=False),
                name="assignment_unique_group",
            ),
            models.CheckConstraint(
                condition=Q(due_working_days__isnull=True) | Q(due_working_days__gt=0),
                name="assignment_working_days_positive",
            ),
            models.CheckConstraint(
                condition=Q(recurrence__in=["", *Recurrence.values]),
                name="assignment_recurrence_valid",
            ),
        ]

    def __str__(self) -> str:
        lead = self.lead or self.lead_group
        return f"{self.directive} — {lead}"

    @property
    def lead_label(self) -> str:
        return str(self.lead or self.lead_group)

"""Agencies, memberships, notices, directives and assignments."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
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
    ARMED_FORCES = "armed_forces", _("Lực lượng vũ trang")
    PUBLIC_SERVICE = "public_service", _("Đơn vị sự nghiệp, báo chí")


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
    # The short form used in documents ("Sở TT&TT", "BTG Tỉnh ủy"); also read by the importer.
    abbreviation = models.CharField(_("tên viết tắt"), max_length=64, blank=True)
    # Other names and abbreviations the importer should recognise ("Thành Đoàn", "Sở NN&PTNT").
    aliases = models.JSONField(_("tên gọi khác, viết tắt"), default=list, blank=True)
    # A retired agency (merged or dissolved) names who carries its work now; old notices that
    # name it are read as naming the successor.
    successor = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan kế thừa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    retired_on = models.DateField(_("ngày thôi hoạt động"), null=True, blank=True)
    # Set when the Office changed the agency in the app: loading the shipped CSV again keeps it.
    edited_at = models.DateTimeField(_("thời điểm Văn phòng sửa"), null=True, blank=True)

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AgencyKind.values), name="agency_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(code=""), name="agency_code_not_empty"),
            models.CheckConstraint(
                condition=Q(successor__isnull=True) | Q(is_active=False),
                name="agency_successor_only_when_retired",
            ),
            models.CheckConstraint(
                condition=Q(successor__isnull=True) | ~Q(successor=models.F("pk")),
                name="agency_successor_not_itself",
            ),
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
    edited_at = models.DateTimeField(_("thời điểm Văn phòng sửa"), null=True, blank=True)

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


class NoticeKind(models.TextChoices):
    CONCLUSION = "conclusion", _("Thông báo kết luận")
    INSTRUCTION = "instruction", _("Ý kiến chỉ đạo")


class NoticeOrigin(models.TextChoices):
    FILE = "file", _("Tệp văn bản")
    SCAN = "scan", _("Bản quét (nhận dạng chữ)")
    MANUAL = "manual", _("Nhập tay")


#: Prefix of the number given to an instruction without a number of its own ("YKCĐ-2025-003").
INSTRUCTION_NUMBER_PREFIX = "YKCĐ"


class Notice(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        PUBLISHED = "published", _("Đã ban hành")

    Kind = NoticeKind
    Origin = NoticeOrigin

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
    kind = models.CharField(
        _("loại văn bản"), max_length=16, choices=NoticeKind.choices, default=NoticeKind.CONCLUSION
    )
    origin = models.CharField(
        _("nguồn"), max_length=16, choices=NoticeOrigin.choices, default=NoticeOrigin.FILE
    )
    # Why the whole draft needs a careful look (read from a scan, missing number …).
    review_reasons = models.JSONField(_("lưu ý khi rà soát"), default=list, blank=True)
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
        # lists and filters show the latest notices first
        indexes = [models.Index(F("date").desc(), "number", name="notice_latest_first")]
        constraints = [
            models.CheckConstraint(condition=~Q(number=""), name="notice_number_not_empty"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"]), name="notice_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="notice_published_has_time",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=NoticeKind.values), name="notice_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(origin__in=NoticeOrigin.values), name="notice_origin_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.date:%d/%m/%Y})"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def heading(self) -> str:
        """How pages name it: "Thông báo số 142-TB/TU — 30/05/2023", or for an instruction
        without a number of its own "Ý kiến chỉ đạo ngày 12/03/2025 (YKCĐ-2025-003)"."""
        if self.kind == NoticeKind.INSTRUCTION and self.number.startswith(
            INSTRUCTION_NUMBER_PREFIX + "-"
        ):
            return gettext("Ý kiến chỉ đạo ngày %(date)s (%(number)s)") % {
                "date": f"{self.date:%d/%m/%Y}",
                "number": self.number,
            }
        if self.kind == NoticeKind.INSTRUCTION:
            return gettext("Ý kiến chỉ đạo số %(number)s — %(date)s") % {
                "number": self.number,
                "date": f"{self.date:%d/%m/%Y}",
            }
        return gettext("Thông báo số %(number)s — %(date)s") % {
            "number": self.number,
            "date": f"{self.date:%d/%m/%Y}",
        }


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
    ref = models.CharField(_("mục"), max_length=32)
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
    due_date = models.DateField(_("hạn xử lý"), null=True, blank=True)
    # A deadline counted in working days from publication; publishing turns it into due_date.
    due_working_days = models.PositiveIntegerField(
        _("hạn (số ngày làm việc)"), null=True, blank=True
    )
    recurrence = models.CharField(
        _("định kỳ báo cáo"), max_length=16, choices=Recurrence.choices, blank=True, default=""
    )
    # Every dated step the importer read for this assignment ([{"date": ISO, "text": …}]);
    # the last one is the deadline it proposed.
    milestones = models.JSONField(_("các mốc thời hạn"), default=list, blank=True)

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


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang nhận dạng chữ")
    DONE = "done", _("Đã dựng bản nháp")
    FAILED = "failed", _("Không đọc được")


class ImportJob(models.Model):
    """A scan waiting for, or read by, OCR in the background; its draft notice when done.

    The uploaded file is kept only until the job ends; the text read from it stays with the
    notice (``Notice.source_text``) and here (``text``) for review.
    """

    Status = ImportJobStatus

    filename = models.CharField(_("tệp"), max_length=255)
    upload = models.FileField(_("tệp tải lên"), upload_to="imports/%Y/%m/", blank=True)
    size = models.PositiveBigIntegerField(_("kích thước"), default=0)
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=ImportJobStatus.choices,
        default=ImportJobStatus.QUEUED,
        db_index=True,
    )
    pages_done = models.PositiveIntegerField(_("số trang đã đọc"), default=0)
    pages_total = models.PositiveIntegerField(_("tổng số trang"), default=0)
    text = models.TextField(_("văn bản nhận dạng được"), blank=True)
    error = models.TextField(_("lý do không đọc được"), blank=True)
    notice = models.ForeignKey(
        Notice,
        verbose_name=_("thông báo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_jobs",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)
    started_at = models.DateTimeField(_("thời điểm bắt đầu"), null=True, blank=True)
    finished_at = models.DateTimeField(_("thời điểm kết thúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt nhận dạng bản quét")
        verbose_name_plural = _("lượt nhận dạng bản quét")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ImportJobStatus.values), name="import_job_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportJobStatus.DONE, ImportJobStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.status == ImportJobStatus.DONE:
            return 100
        if not self.pages_total:
            return 0
        return min(100, round(100 * self.pages_done / self.pages_total))

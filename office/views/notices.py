"""Notices in: the list, uploads (scans go to a background OCR job with its progress page),
and notices entered by hand."""

import datetime

from django.contrib import messages
from django.http import JsonResponse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from office.forms import NoticeForm, NoticeUploadForm
from project.exceptions import ApplicationError, InvalidInput, get_or_not_found
from tasks_app import services
from tasks_app.models import ImportJob, Notice, NoticeKind
from workflows.links import notice_path

from .common import OfficeOnlyMixin

#: A job still waiting after this long was probably lost by the broker: offer to send it again.
STALLED_AFTER = datetime.timedelta(minutes=2)


#: The issuer a notice entered by hand starts with (the province's Party Committee).
DEFAULT_ISSUER = "Tỉnh ủy Tiền Giang"


class NoticeListView(OfficeOnlyMixin, TemplateView):
    template_name = "office/notice_list.html"

    def get_context_data(self, **kwargs):
        notices = Notice.objects.order_by("-created_at")
        jobs = ImportJob.objects.exclude(status=ImportJob.Status.DONE).order_by("-created_at")[:10]
        return super().get_context_data(
            notices=[
                (n, self.viewset_url("review", pk=n.pk), n.directives.count()) for n in notices
            ],
            jobs=[(job, self.viewset_url("job", pk=job.pk)) for job in jobs],
            import_url=self.viewset_url("import"),
            create_url=self.viewset_url("create"),
            **kwargs,
        )


def _imported_message(notice: Notice) -> str:
    count = notice.directives.count()
    return ngettext(
        "Đã nhập thông báo %(number)s: %(count)s nhiệm vụ. Hãy rà soát trước khi ban hành.",
        "Đã nhập thông báo %(number)s: %(count)s nhiệm vụ. Hãy rà soát trước khi ban hành.",
        count,
    ) % {"number": notice.number, "count": count}


class NoticeImportView(OfficeOnlyMixin, TemplateView):
    template_name = "office/notice_import.html"

    def existing_notice_error(self, exc) -> str:
        """The refusal with a link to the notice imported before: its draft to review, or its
        published page."""
        notice = exc.notice
        if notice is None:
            return exc.message
        if notice.is_draft:
            url, label = self.viewset_url("review", pk=notice.pk), _("Mở bản nháp để rà soát")
        else:
            url, label = notice_path(notice.pk), _("Xem thông báo đã ban hành")
        if not url:
            return exc.message
        return format_html('{} <a href="{}">{}</a>', exc.message, url, label)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", NoticeUploadForm())
        return super().get_context_data(list_url=self.viewset_url("index"), **kwargs)

    def post(self, request, *args, **kwargs):
        form = NoticeUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = services.notice_upload(
                    content=upload.read(), filename=upload.name, by=request.user
                )
            except services.NoticeAlreadyImported as exc:
                form.add_error("file", self.existing_notice_error(exc))
            except ApplicationError as exc:
                form.add_error("file", exc.message)
            else:
                if isinstance(result, ImportJob):
                    messages.info(
                        request,
                        _(
                            "Tệp %(name)s là bản quét: đang nhận dạng chữ (%(pages)s trang), "
                            "bản nháp sẽ có khi xong."
                        )
                        % {"name": result.filename, "pages": result.pages_total},
                    )
                    return self.back("job", pk=result.pk)
                messages.success(request, _imported_message(result))
                return self.back("review", pk=result.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


def _job_state(job: ImportJob, review_url: str) -> dict:
    return {
        "status": job.status,
        "label": str(job.get_status_display()),
        "pages_done": job.pages_done,
        "pages_total": job.pages_total,
        "percent": job.percent,
        "finished": job.is_finished,
        "error": job.error,
        "review_url": review_url if job.notice_id else "",
    }


class ImportJobView(OfficeOnlyMixin, TemplateView):
    """A scan being read: status and progress (the page asks for updates), then the draft's
    link and the text read, or the one-line reason it could not be read."""

    template_name = "office/import_job.html"

    def get_context_data(self, **kwargs):
        job = get_or_not_found(ImportJob, pk=self.kwargs["pk"])
        review_url = self.viewset_url("review", pk=job.notice_id) if job.notice_id else ""
        stalled = (
            job.status == ImportJob.Status.QUEUED
            and timezone.now() - job.created_at > STALLED_AFTER
        )
        return super().get_context_data(
            job=job,
            review_url=review_url,
            status_url=self.viewset_url("job_status", pk=job.pk),
            requeue_url=self.viewset_url("job_requeue", pk=job.pk),
            import_url=self.viewset_url("import"),
            stalled=stalled,
            **kwargs,
        )


class ImportJobStatusView(OfficeOnlyMixin, View):
    """The job's state as JSON, for the progress page's script."""

    def get(self, request, pk):
        job = get_or_not_found(ImportJob, pk=pk)
        review_url = self.viewset_url("review", pk=job.notice_id) if job.notice_id else ""
        response = JsonResponse(_job_state(job, review_url))
        response["Cache-Control"] = "no-store"
        return response


class ImportJobRequeueView(OfficeOnlyMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        job = get_or_not_found(ImportJob, pk=pk)
        services.import_job_requeue(job=job, by=request.user)
        messages.info(request, _("Đã gửi lại tệp cho máy chủ nhận dạng chữ."))
        return self.back("job", pk=job.pk)


def _notice_input(data: dict) -> services.NoticeInput:
    return services.NoticeInput(
        kind=data["kind"],
        number=data.get("number") or "",
        date=data.get("date"),
        issuer=data.get("issuer") or "",
        title=data.get("title") or "",
        signer=data.get("signer") or "",
        signer_title=data.get("signer_title") or "",
    )


def apply_refusal(form, exc: InvalidInput) -> None:
    """Show a refusal once: under the field it names, else above the form."""
    form.add_error(exc.form_field(form.fields), exc.message)


class NoticeCreateView(OfficeOnlyMixin, TemplateView):
    """A notice, or an instruction given at a meeting, entered by hand: its data first, then
    its directives on the review page."""

    template_name = "office/notice_form.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault(
            "form",
            NoticeForm(
                initial={
                    "kind": NoticeKind.INSTRUCTION,
                    "date": timezone.localdate(),
                    "issuer": DEFAULT_ISSUER,  # data, the same in every language
                }
            ),
        )
        return super().get_context_data(
            heading=_("Nhập tay văn bản chỉ đạo"),
            submit=_("Tạo và thêm nhiệm vụ"),
            back_url=self.viewset_url("index"),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = NoticeForm(request.POST)
        if form.is_valid():
            try:
                notice = services.notice_create(
                    data=_notice_input(form.cleaned_data), by=request.user
                )
            except InvalidInput as exc:
                apply_refusal(form, exc)
            else:
                messages.success(
                    request,
                    _("Đã tạo %(notice)s. Hãy thêm các nhiệm vụ rồi ban hành.")
                    % {"notice": notice.heading},
                )
                return self.back("review", anchor="them-nhiem-vu", pk=notice.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class NoticeEditView(OfficeOnlyMixin, TemplateView):
    """Correct a draft's own data (a number or a date misread from a scan)."""

    template_name = "office/notice_form.html"

    def notice(self) -> Notice:
        return get_or_not_found(Notice, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        notice = self.notice()
        kwargs.setdefault(
            "form",
            NoticeForm(
                initial={
                    "kind": notice.kind,
                    "number": notice.number,
                    "date": notice.date,
                    "issuer": notice.issuer,
                    "title": notice.title,
                    "signer": notice.signer,
                    "signer_title": notice.signer_title,
                }
            ),
        )
        return super().get_context_data(
            notice=notice,
            heading=_("Sửa thông tin: %(notice)s") % {"notice": notice.heading},
            submit=_("Lưu thông tin"),
            back_url=self.viewset_url("review", pk=notice.pk),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        notice = self.notice()
        form = NoticeForm(request.POST)
        if form.is_valid():
            try:
                services.notice_update(
                    notice=notice, data=_notice_input(form.cleaned_data), by=request.user
                )
            except InvalidInput as exc:
                apply_refusal(form, exc)
            else:
                messages.success(request, _("Đã lưu thông tin văn bản."))
                return self.back("review", pk=notice.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)

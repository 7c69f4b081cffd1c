"""Publishing: a summary of what will start (processes per agency, assignments without a
deadline) and what stops it (past deadlines, items not reviewed, items without a lead), then
the confirmation that starts it."""

from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from project.exceptions import InvalidInput, get_or_not_found
from tasks_app.models import Notice
from tasks_app.selectors import notice_publish_summary
from workflows import services as workflow_services

from .common import OfficeOnlyMixin


class NoticePublishView(OfficeOnlyMixin, TemplateView):
    template_name = "office/notice_publish.html"

    def get_context_data(self, **kwargs):
        notice = get_or_not_found(Notice, pk=self.kwargs["pk"])
        summary = notice_publish_summary(notice=notice, today=timezone.localdate())
        return super().get_context_data(
            notice=notice,
            summary=summary,
            review_url=self.viewset_url("review", pk=notice.pk),
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        notice = get_or_not_found(Notice, pk=self.kwargs["pk"])
        if not notice.is_draft:
            messages.info(
                request, _("Thông báo %(number)s đã ban hành.") % {"number": notice.number}
            )
            return self.back("review", pk=notice.pk)
        return super().get(request, *args, **kwargs)

    def post(self, request, pk):
        notice = get_or_not_found(Notice, pk=pk)
        if request.POST.get("confirm") != "1":
            return self.back("publish", pk=notice.pk)
        try:
            assignments = workflow_services.notice_publish(notice=notice, by=request.user)
        except InvalidInput as exc:
            messages.error(request, exc.message)
            return self.render_to_response(self.get_context_data(), status=400)
        messages.success(
            request,
            ngettext(
                "Đã ban hành thông báo %(number)s: %(count)s phân công được giao.",
                "Đã ban hành thông báo %(number)s: %(count)s phân công được giao.",
                len(assignments),
            )
            % {"number": notice.number, "count": len(assignments)},
        )
        return self.back("review", pk=notice.pk)

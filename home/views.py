"""The home page of each role and the read-only pages of published notices."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.views.generic import TemplateView

from project.exceptions import NotFound, get_or_not_found
from tasks_app.models import Notice
from tasks_app.selectors import user_display_name, user_is_office
from workflows.links import process_path

from . import selectors


class HomeView(LoginRequiredMixin, TemplateView):
    """Where everyone lands after signing in: their work, soonest deadline first."""

    template_name = "home/index.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        page = selectors.home_page(user=self.request.user, today=today)
        return super().get_context_data(
            page=page,
            today=today,
            person=user_display_name(self.request.user),
            review_url_base=selectors.url_or_empty("office:notice:index"),
            history_url=selectors.url_or_empty("reports:history:index"),
            dashboard_url=selectors.url_or_empty("reports:dashboard:index"),
            process_list_url=selectors.url_or_empty("workflow:flows:directive:process_list"),
            **kwargs,
        )


class NoticeListView(LoginRequiredMixin, TemplateView):
    """Published notices the user takes part in (every notice for the Office and auditors)."""

    template_name = "home/notice_list.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            notices=selectors.notices_visible(
                user=self.request.user, today=today, page=self.request.GET.get("page")
            ),
            drafts=(
                list(selectors.draft_notices()) if user_is_office(user=self.request.user) else []
            ),
            **kwargs,
        )


class NoticeDetailView(LoginRequiredMixin, TemplateView):
    """A published notice: each item with the processes of its lead agencies (those the user
    may see), their step, deadline and state, each linking to its process page.

    A notice the user has no process of is "not found", like a process they may not see.
    """

    template_name = "home/notice_detail.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        notice = get_or_not_found(Notice.objects.all(), pk=kwargs["pk"])
        blocks = selectors.notice_directives(user=self.request.user, notice=notice, today=today)
        if not blocks:
            raise NotFound()
        return super().get_context_data(
            notice=notice,
            blocks=blocks,
            today=today,
            process_path=process_path,
            **kwargs,
        )

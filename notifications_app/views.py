"""The signed-in user's notifications: list, mark read (POST only), channel preferences."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from notifications_app.forms import PreferenceForm
from notifications_app.models import NotificationPreference
from notifications_app.selectors import notifications_visible_to
from project.exceptions import get_or_not_found


class NotificationListView(LoginRequiredMixin, TemplateView):
    template_name = "notifications_app/list.html"

    def get_context_data(self, **kwargs):
        qs = notifications_visible_to(user=self.request.user)
        if self.request.GET.get("unread"):
            qs = qs.unread()
        page = Paginator(qs.order_by("-timestamp"), 30).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page=page, only_unread=bool(self.request.GET.get("unread")), **kwargs
        )


class MarkReadView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk=None):
        # Scoped to the signed-in user's own notifications: another user's id is a 404.
        if pk is None:
            request.user.notifications.unread().update(unread=False)
            messages.success(request, _("Đã đánh dấu tất cả là đã đọc."))
            return redirect("personal:alerts:index")
        notification = get_or_not_found(request.user.notifications.all(), pk=pk)
        notification.mark_as_read()
        link = (notification.data or {}).get("link")
        if request.POST.get("open") and link and url_has_allowed_host_and_scheme(link, None):
            return redirect(link)
        return redirect("personal:alerts:index")


class PreferenceView(LoginRequiredMixin, TemplateView):
    template_name = "notifications_app/preferences.html"

    def _instance(self):
        return NotificationPreference.objects.filter(
            user=self.request.user
        ).first() or NotificationPreference(user=self.request.user)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", PreferenceForm(instance=self._instance()))
        return super().get_context_data(**kwargs)

    def post(self, request):
        form = PreferenceForm(request.POST, instance=self._instance())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        form.save()
        messages.success(request, _("Đã lưu tùy chọn nhận thông báo."))
        return redirect(reverse("personal:alerts:preferences"))

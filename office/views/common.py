"""What every Office page shares: Office staff only, links within the viewset."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy

from project.exceptions import PermissionRefused
from tasks_app.permissions import user_can_edit_notices, user_can_edit_registry


class OfficeOnlyMixin(LoginRequiredMixin):
    refusal = gettext_lazy("Chỉ Văn phòng Tỉnh ủy được dùng chức năng này.")

    def allowed(self, user) -> bool:
        return user_can_edit_notices(user=user)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.allowed(request.user):
            # project.middleware.AuditedSiteMiddleware logs a refused POST.
            raise PermissionRefused(self.refusal)
        return super().dispatch(request, *args, **kwargs)

    def viewset_url(self, name, **kwargs):
        return self.request.resolver_match.viewset.reverse(name, kwargs=kwargs or None)

    def back(self, name, anchor="", **kwargs):
        url = self.viewset_url(name, **kwargs)
        return redirect(f"{url}#{anchor}" if anchor else url)


class RegistryEditorMixin(OfficeOnlyMixin):
    refusal = gettext_lazy("Chỉ Văn phòng Tỉnh ủy được sửa danh mục cơ quan.")

    def allowed(self, user) -> bool:
        return user_can_edit_registry(user=user)


def form_errors(form) -> str:
    """Every error of a form (and its formset rows) as one line."""
    messages = []
    for errors in form.errors.values():
        messages.extend(str(e) for e in errors)
    return " ".join(dict.fromkeys(messages))

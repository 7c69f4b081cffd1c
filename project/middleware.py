from django.core.exceptions import PermissionDenied
from viewflow.middleware import SiteMiddleware


class AuditedSiteMiddleware(SiteMiddleware):
    """viewflow's site middleware (site/app permission checks) that logs refused actions."""

    def process_view(self, request, callback, callback_args, callback_kwargs):
        try:
            return super().process_view(request, callback, callback_args, callback_kwargs)
        except PermissionDenied:
            if request.method == "POST" and request.user.is_authenticated:
                from audit.services import audit_refusal

                audit_refusal(
                    actor=request.user,
                    action=request.path,
                    reason="Không có quyền truy cập chức năng này.",
                )
            raise

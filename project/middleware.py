from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _
from viewflow.middleware import SiteMiddleware

from audit.services import audit_refusal
from project.exceptions import ApplicationError, NotFound, PermissionRefused, error_response


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose another language (the language cookie).

    Django's LocaleMiddleware also follows the browser's Accept-Language; the product speaks
    Vietnamese to its users whatever their browser says, and English only on request.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        translation.activate(chosen if chosen in supported else settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        # The language is the request's: leave the thread in the default language afterwards,
        # so work done later in the same thread (tests, workers) does not inherit it.
        try:
            return super().process_response(request, response)
        finally:
            translation.deactivate()


class AuditedSiteMiddleware(SiteMiddleware):
    """viewflow's site middleware (site/app permission checks) that also logs refused actions.

    A POST refused by the site or app permission, or by the view itself (403, or 404 for an
    object the user may not see), is written to the audit log after the view's transaction
    has rolled back. Refusals inside services are logged by the services themselves; the views
    show those as messages, not as errors, so nothing is logged twice.
    """

    def process_view(self, request, callback, callback_args, callback_kwargs):
        try:
            return super().process_view(request, callback, callback_args, callback_kwargs)
        except PermissionDenied as exc:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            self._log_refusal(request, exc)
            raise

    def process_exception(self, request, exception):
        """Log refusals; an application error becomes its HTTP status (403/400/409/404), never
        a 500 (the one mapping: :func:`project.exceptions.http_status`)."""
        if isinstance(exception, PermissionDenied | Http404 | PermissionRefused | NotFound):
            self._log_refusal(request, exception)
        if isinstance(exception, ApplicationError):
            return error_response(request, exception)
        return None

    @staticmethod
    def _log_refusal(request, exception) -> None:
        if request.method != "POST" or not request.user.is_authenticated:
            return
        if getattr(exception, "audited", False):  # the service logged it already
            return
        reason = str(exception) or _("Không có quyền truy cập chức năng này.")
        audit_refusal(actor=request.user, action=request.path, reason=reason)

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _
from viewflow.middleware import SiteMiddleware


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
                    reason=_("Không có quyền truy cập chức năng này."),
                )
            raise

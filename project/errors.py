"""The server-error page (500): says an e-mail went to the administrators only when one did."""

from django.conf import settings
from django.http import HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

#: E-mail backends that send nothing anyone reads.
_NOT_SENT = (
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
)


def admins_mailed() -> bool:
    """Whether a server error reaches the administrators by e-mail (ADMINS and real mail)."""
    return bool(settings.ADMINS) and settings.EMAIL_BACKEND not in _NOT_SENT


@requires_csrf_token
def server_error(request, template_name="500.html"):
    template = loader.get_template(template_name)
    return HttpResponseServerError(template.render({"admins_mailed": admins_mailed()}))

"""Absolute links for what leaves the site (e-mails, calendar feeds written by workers).

Pages build links from the request (``request.build_absolute_uri``); work done outside a request
(a Celery worker writing an e-mail) uses ``SITE_URL``.
"""

from django.conf import settings


def absolute_url(path: str) -> str:
    """``SITE_URL`` + ``path`` for a site path; anything else is returned unchanged."""
    if not path:
        return ""
    return f"{settings.SITE_URL.rstrip('/')}{path}" if path.startswith("/") else path

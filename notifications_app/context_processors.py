import functools

from django.utils.functional import SimpleLazyObject

from notifications_app.selectors import BELL_CAP, unread_count


def unread_notifications(request):
    """Unread count for the bell on every page; computed only when a template shows it, and
    only up to what the bell says ("99+")."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    count = functools.cache(lambda: unread_count(user=user))
    return {
        "unread_notification_count": SimpleLazyObject(count),
        "unread_notification_label": SimpleLazyObject(
            lambda: f"{BELL_CAP}+" if count() > BELL_CAP else str(count())
        ),
    }

from django.utils.functional import SimpleLazyObject

from notifications_app.selectors import notifications_visible_to


def unread_notifications(request):
    """Unread count for the bell on every page; computed only when a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notification_count": SimpleLazyObject(
            lambda: notifications_visible_to(user=user).unread().count()
        )
    }

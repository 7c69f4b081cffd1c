import pytest
from notifications.models import Notification
from notifications.signals import notify

from notifications_app.models import NotificationPreference
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LIST = "/personal/alerts/"


@pytest.fixture
def alice(client):
    user = UserFactory(username="alice")
    client.force_login(user)
    return user


def _notify(user, verb):
    notify.send(user, recipient=user, verb=verb)
    return Notification.objects.filter(recipient=user).latest("pk")


def test_list_shows_only_my_notifications_and_the_bell_counts_unread(client, alice):
    bob = UserFactory(username="bob")
    _notify(alice, "Sắp đến hạn 15/03/2024")
    _notify(bob, "Việc của người khác")
    page = client.get(LIST).content.decode()
    assert "Sắp đến hạn 15/03/2024" in page
    assert "Việc của người khác" not in page
    assert 'data-unread="1"' in page


def test_marking_read_is_post_only(client, alice):
    note = _notify(alice, "Hôm nay là hạn xử lý")
    assert client.get(f"{LIST}{note.pk}/read/").status_code == 405
    assert client.get(f"{LIST}read_all/").status_code == 405
    note.refresh_from_db()
    assert note.unread
    assert client.post(f"{LIST}{note.pk}/read/").status_code == 302
    note.refresh_from_db()
    assert not note.unread


def test_another_users_notification_cannot_be_touched(client, alice):
    bob = UserFactory(username="bob")
    theirs = _notify(bob, "Việc của người khác")
    assert client.post(f"{LIST}{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.unread


def test_mark_all_read_clears_only_mine(client, alice):
    bob = UserFactory(username="bob")
    _notify(alice, "Một")
    _notify(alice, "Hai")
    _notify(bob, "Ba")
    client.post(f"{LIST}read_all/")
    assert not Notification.objects.filter(recipient=alice, unread=True).exists()
    assert Notification.objects.filter(recipient=bob, unread=True).count() == 1
    assert 'data-unread="' not in client.get(LIST).content.decode()


def test_open_follows_the_link_of_the_notification(client, alice):
    notify.send(alice, recipient=alice, verb="Quá hạn", data={"link": "/workflow/"})
    note = Notification.objects.get(recipient=alice)
    response = client.post(f"{LIST}{note.pk}/read/", {"open": "1"})
    assert response.status_code == 302 and response.url == "/workflow/"


def test_preferences_are_saved_per_user(client, alice):
    response = client.post(f"{LIST}preferences/", {"in_app": "on", "daily_digest": "on"})
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=alice)
    assert preference.in_app and preference.daily_digest and not preference.email

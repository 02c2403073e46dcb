"""Sign-in: throttled after repeated failures, sessions end when idle, passwords are checked in full."""

import datetime

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from accounts.services import DEMO_PASSWORD, demo_accounts_ensure
from config.middleware import SessionRenewalMiddleware

pytestmark = pytest.mark.django_db


def sign_in(client, password, username="admin", address="198.51.100.7"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_after_five_wrong_passwords_even_the_right_one_is_refused_with_a_message(client, settings):
    demo_accounts_ensure()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert "用户名或密码不正确" in sign_in(client, "wrong").content.decode()
    locked = sign_in(client, "wrong")
    assert locked.status_code == 429 and "暂时锁定" in locked.content.decode()
    right = sign_in(client, DEMO_PASSWORD)
    assert right.status_code == 429 and "_auth_user_id" not in client.session
    # Another address is not locked out with it (the lock is on the account from that address).
    assert sign_in(client, DEMO_PASSWORD, address="203.0.113.9").status_code == 302


def test_the_lock_ends_after_the_cool_off(client, settings):
    from axes.models import AccessAttempt

    demo_accounts_ensure()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong")
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(1))
    assert sign_in(client, DEMO_PASSWORD).status_code == 302


def test_an_idle_session_expires(client, settings):
    demo_accounts_ensure()
    assert sign_in(client, DEMO_PASSWORD).status_code == 302
    assert client.get(reverse("review:workbench")).status_code == 200
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE == 30 * 60
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))  # 30 minutes idle
    response = client.get(reverse("review:workbench"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_request_renews_the_idle_timeout_at_most_once_a_minute(client):
    """Working on keeps a session open; the pages of a busy minute write the session once, not each time."""
    demo_accounts_ensure()
    assert sign_in(client, DEMO_PASSWORD).status_code == 302
    assert client.get(reverse("review:workbench")).status_code == 200
    session = Session.objects.get()
    near_the_end = timezone.now() + datetime.timedelta(minutes=2)
    Session.objects.update(expire_date=near_the_end)  # 28 minutes idle (the renewal a minute ago)
    data = session.get_decoded()
    data[SessionRenewalMiddleware.KEY] -= 61
    Session.objects.update(session_data=Session.objects.encode(data))
    assert client.get(reverse("review:workbench")).status_code == 200
    renewed = Session.objects.get().expire_date
    assert renewed > timezone.now() + datetime.timedelta(minutes=29)  # 30 minutes from now again
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("review:workbench")).status_code == 200
    assert not [q for q in queries.captured_queries if "UPDATE" in q["sql"] and "django_session" in q["sql"]]
    assert Session.objects.get().expire_date == renewed


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1!", "太短"),
        ("12345678901234", "只包含数字"),
        ("password123", "太常见"),
        ("drafter-unit-2026x", "太相似"),
    ],
)
def test_passwords_are_checked_by_the_full_set_of_validators(password, message):
    user = User(username="drafter-unit-2026", first_name="张")
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        validate_password(password, user)
    assert any(message in m for m in error.value.messages), error.value.messages

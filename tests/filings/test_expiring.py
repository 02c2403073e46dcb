import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from filings import selectors
from filings.models import Status

from ..factories import DocumentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def expiring(unit, other_unit):
    today = timezone.localdate()

    def doc(title, days, issuer=unit, **kwargs):
        return DocumentFactory(title=title, issuer_unit=issuer, expires=today + datetime.timedelta(days=days), **kwargs)

    return {
        "soon": doc("下月到期的办法", 30),
        "later": doc("五个月后到期的办法", 150),
        "far": doc("明年底到期的办法", 400),
        "past": doc("已到期的办法", -1),
        "repealed": doc("已废止的办法", 10, status=Status.REPEALED),
        "other": doc("别的单位的办法", 20, issuer=other_unit),
    }


def titles(client):
    response = client.get(reverse("filings:document_expiring"))
    assert response.status_code == 200
    return [d.title for d in response.context["page"].object_list]


def test_each_unit_sees_its_own_documents_expiring_within_six_months_soonest_first(client, drafter, expiring):
    client.force_login(drafter)
    assert titles(client) == ["下月到期的办法", "五个月后到期的办法"]


def test_the_register_office_sees_every_unit(client, archivist, expiring):
    client.force_login(archivist)
    assert titles(client) == ["别的单位的办法", "下月到期的办法", "五个月后到期的办法"]


def test_the_window_is_a_setting(client, drafter, expiring, settings):
    settings.EXPIRY_ALERT_MONTHS = 1
    client.force_login(drafter)
    assert titles(client) == ["下月到期的办法"]


def test_an_empty_list_says_so_and_visitors_must_sign_in(client, expiring):
    assert client.get(reverse("filings:document_expiring")).status_code == 302
    client.force_login(UserFactory(username="nounit2", unit=None))
    assert "6 个月内没有到期的文件" in client.get(reverse("filings:document_expiring")).content.decode()


def test_month_arithmetic_keeps_the_end_of_month():
    assert selectors.months_later(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)
    assert selectors.months_later(datetime.date(2026, 11, 23), 6) == datetime.date(2027, 5, 23)

"""Machine clients' tokens: made by an administrator for an account of their unit, the key shown once and
stored hashed, revoked with a confirmation; a call with the token acts as that account, nothing more."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from api.models import ApiToken
from filings.models import Document

from ..factories import DocumentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(unit):
    return UserFactory(username="unit-admin", unit=unit, role=Role.ADMINISTRATOR)


def make_token(client, administrator, account, name="政务服务平台同步") -> str:
    client.force_login(administrator)
    page = client.post(reverse("api_tokens"), {"user": account.pk, "name": name})
    assert page.status_code == 200
    return page.context["key"]


def test_an_administrator_makes_a_token_that_acts_as_the_account_and_is_shown_once(
    client, administrator, drafter, other_drafter
):
    draft = DocumentFactory(title="本单位草稿", stage=Document.Stage.DRAFT, drafting_unit=drafter.unit)
    other_draft = DocumentFactory(title="他单位草稿", stage=Document.Stage.DRAFT, drafting_unit=other_drafter.unit)
    key = make_token(client, administrator, drafter)
    token = ApiToken.objects.get()
    assert key.startswith("gfk_") and key not in token.digest and token.prefix == key[:10]
    listing = client.get(reverse("api_tokens")).content.decode()
    assert "政务服务平台同步" in listing and key not in listing  # never shown again
    client.logout()

    bearer = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get(f"/api/v1/documents/{draft.pk}/", **bearer).status_code == 200
    assert client.get(f"/api/v1/documents/{other_draft.pk}/", **bearer).status_code == 404  # the account's view
    token.refresh_from_db()
    assert token.last_used_at is not None
    wrong = client.get("/api/v1/documents/", HTTP_AUTHORIZATION="Bearer gfk_not-a-token")
    assert wrong.status_code == 401 and wrong.json()["detail"] == "凭据无效。"
    assert client.get("/api/v1/documents/").headers["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_revoked_token_or_a_disabled_account_is_refused_and_the_record_stays(client, administrator, drafter):
    key = make_token(client, administrator, drafter)
    token = ApiToken.objects.get()
    confirm = client.get(reverse("api_token_revoke", args=[token.pk]))
    assert "确认吊销" in confirm.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None  # looking at the confirmation revokes nothing
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == administrator
    client.logout()
    assert client.get("/api/v1/documents/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401

    second = make_token(client, administrator, drafter, name="门户网站")
    client.logout()
    drafter.is_active = False
    drafter.save()
    assert client.get("/api/v1/documents/", HTTP_AUTHORIZATION=f"Bearer {second}").status_code == 401
    assert ApiToken.objects.count() == 2


def test_only_an_administrator_makes_tokens_and_only_for_their_own_unit(client, administrator, drafter, other_drafter):
    client.force_login(drafter)
    assert client.get(reverse("api_tokens")).status_code == 403
    client.force_login(administrator)
    refused = client.post(reverse("api_tokens"), {"user": other_drafter.pk, "name": "越权"})
    assert "user" in refused.context["form"].errors and not ApiToken.objects.exists()
    assert client.post(reverse("api_tokens"), {"user": drafter.pk, "name": "  "}).context["form"].errors["name"]
    other_admin = UserFactory(username="other-admin", unit=other_drafter.unit, role=Role.ADMINISTRATOR)
    make_token(client, other_admin, other_drafter)
    theirs = ApiToken.objects.get()
    client.force_login(administrator)
    assert client.get(reverse("api_token_revoke", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("api_token_revoke", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_each_token_has_its_own_rate_budget(client, administrator, drafter, settings):
    from django.core.cache import cache

    cache.clear()
    settings.API_THROTTLE = {"anon": "100/minute", "user": "2/minute"}
    first, second = make_token(client, administrator, drafter), make_token(client, administrator, drafter, "门户")
    client.logout()
    calls = [client.get("/api/v1/documents/", HTTP_AUTHORIZATION=f"Bearer {first}").status_code for _ in range(3)]
    assert calls == [200, 200, 429]
    assert client.get("/api/v1/documents/", HTTP_AUTHORIZATION=f"Bearer {second}").status_code == 200
    cache.clear()

"""Who sees and does what in the register; the refusals as well as the successes."""

import pytest
from django.urls import reverse

from accounts.services import DEMO_PASSWORD, demo_accounts_ensure
from filings.models import Document

from ..factories import DocumentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    return DocumentFactory(title="已公布的办法")


@pytest.fixture
def draft(unit):
    return DocumentFactory(title="本单位的草稿", stage=Document.Stage.DRAFT, drafting_unit=unit, issuer_unit=unit)


def test_the_home_page_asks_a_visitor_to_sign_in(client):
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert "登录" in response.content.decode()


@pytest.mark.parametrize("name", ["filings:document_list", "filings:document_register_external"])
def test_register_pages_need_a_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_document_page_needs_a_sign_in(client, published):
    for name in ["filings:document_detail", "filings:document_docx"]:
        response = client.get(reverse(name, args=[published.pk]))
        assert response.status_code == 302, name


def test_signing_in_with_a_demo_account_lands_on_the_workbench(client, published):
    demo_accounts_ensure()
    response = client.post(reverse("login"), {"username": "reviewer", "password": DEMO_PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("review:workbench")
    assert "工作台" in response.content.decode()
    assert "已公布的办法" in client.get(reverse("filings:document_list")).content.decode()


def test_a_wrong_password_is_refused_with_a_message(client):
    demo_accounts_ensure()
    response = client.post(reverse("login"), {"username": "reviewer", "password": "wrong"})
    assert "用户名或密码不正确" in response.content.decode()


def test_every_signed_in_user_sees_published_documents(client, reviewer, published):
    client.force_login(reviewer)
    assert client.get(reverse("filings:document_detail", args=[published.pk])).status_code == 200
    assert client.get(reverse("filings:document_docx", args=[published.pk])).status_code == 200


def test_a_drafting_unit_sees_its_own_draft(client, drafter, draft):
    client.force_login(drafter)
    assert client.get(reverse("filings:document_detail", args=[draft.pk])).status_code == 200
    listed = client.get(reverse("filings:document_list"), {"stage": "draft"}).context["page"].object_list
    assert list(listed) == [draft]


@pytest.mark.parametrize("who", ["other_drafter", "reviewer"])
def test_nobody_else_sees_an_unpublished_draft(client, request, draft, published, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("filings:document_detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("filings:document_docx", args=[draft.pk])).status_code == 404
    listed = client.get(reverse("filings:document_list")).context["page"].object_list
    assert list(listed) == [published]


def test_a_user_without_a_unit_sees_no_drafts(client, draft, published):
    client.force_login(UserFactory(username="nounit", unit=None))
    assert client.get(reverse("filings:document_detail", args=[draft.pk])).status_code == 404


@pytest.mark.parametrize("who", ["drafter", "reviewer"])
def test_only_the_register_office_registers_outside_documents(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("filings:document_register_external")).status_code == 403
    assert client.post(reverse("filings:document_register_external"), {"title": "x"}).status_code == 403
    assert not Document.objects.filter(title="x").exists()


def test_archivists_reach_the_admin_and_drafters_do_not(client, archivist, drafter, published):
    client.force_login(archivist)
    assert client.get(reverse("admin:filings_document_change", args=[published.pk])).status_code == 200
    client.force_login(drafter)
    assert client.get(reverse("admin:filings_document_changelist")).status_code == 302  # to the admin login

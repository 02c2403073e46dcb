import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from filings.models import Document, DocumentEvent, Level, Status

from ..factories import DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def register():
    return {
        "law": DocumentFactory(title="甲法", level=Level.LAW, status=Status.IN_FORCE, issuer="全国人民代表大会",
                               promulgated=datetime.date(2019, 1, 1)),
        "old": DocumentFactory(title="乙条例", level=Level.ADMINISTRATIVE_REGULATION, status=Status.REPEALED,
                               issuer="国务院", promulgated=datetime.date(2001, 5, 1)),
        "unknown": DocumentFactory(title="丙办法", level=Level.NORMATIVE_DOCUMENT, status="", issuer="某市人民政府",
                                   promulgated=datetime.date(2019, 7, 1)),
    }  # fmt: skip


def titles(client, **params):
    response = client.get(reverse("filings:document_list"), params)
    assert response.status_code == 200
    return [d.title for d in response.context["page"].object_list]


def test_filters_by_level_status_issuer_and_year(client, reviewer, register):
    client.force_login(reviewer)
    assert titles(client, level="law") == ["甲法"]
    assert titles(client, status="repealed") == ["乙条例"]
    assert titles(client, status="unknown") == ["丙办法"]
    assert titles(client, issuer="国务院") == ["乙条例"]
    assert titles(client, year=2019) == ["丙办法", "甲法"]
    assert titles(client, year=2019, level="normative_document") == ["丙办法"]


def test_sorting(client, reviewer, register):
    client.force_login(reviewer)
    assert titles(client) == ["丙办法", "甲法", "乙条例"]  # newest first
    assert titles(client, sort="promulgated") == ["乙条例", "甲法", "丙办法"]


def test_bad_filter_values_are_ignored_with_a_note(client, reviewer, register):
    client.force_login(reviewer)
    response = client.get(reverse("filings:document_list"), {"year": "abc", "level": "nonsense"})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 3
    assert "筛选条件有误" in response.content.decode()


def test_pagination_keeps_the_filters(client, reviewer, settings):
    settings.DOCUMENTS_PER_PAGE = 2
    for i in range(5):
        DocumentFactory(title=f"文件{i}", level=Level.LAW)
    client.force_login(reviewer)
    response = client.get(reverse("filings:document_list"), {"level": "law", "page": 3})
    assert response.context["page"].number == 3
    assert len(response.context["page"].object_list) == 1
    assert "level=law&amp;page=2" in response.content.decode()
    assert client.get(reverse("filings:document_list"), {"page": 999}).context["page"].number == 3


def test_an_empty_result_says_so(client, reviewer):
    client.force_login(reviewer)
    assert "没有符合条件的文件" in client.get(reverse("filings:document_list"), {"level": "law"}).content.decode()


def test_an_edit_in_the_admin_rebuilds_articles_and_is_recorded(client, archivist):
    doc = DocumentFactory(title="待修改的办法")
    client.force_login(archivist)
    url = reverse("admin:filings_document_change", args=[doc.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update(
        text="待修改的办法\n第一条　修改后。\n第二条　依照《中华人民共和国行政处罚法》。\n第三条　施行。",
        promulgated="2020-01-01",
        **{"articles-TOTAL_FORMS": "0", "articles-INITIAL_FORMS": "0"},
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    doc.refresh_from_db()
    assert doc.articles.filter(kind="article").count() == 3
    assert doc.citations.get().title_key == "行政处罚法"
    event = DocumentEvent.objects.filter(document=doc, kind=DocumentEvent.Kind.UPDATED).latest("at")
    assert event.actor == archivist and "text" in event.detail


def test_demo_accounts_can_be_loaded_twice(db):
    call_command("load_demo_accounts", stdout=io.StringIO())
    call_command("load_demo_accounts", stdout=io.StringIO())
    assert (
        User.objects.filter(username__in=["drafter", "reviewer", "filer", "expert", "archivist", "admin"]).count() == 6
    )
    assert Document.objects.count() == 0

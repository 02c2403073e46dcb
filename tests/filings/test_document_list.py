import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from filings.models import Document, DocumentEvent, Level, Status

from ..factories import DocumentFactory, UserFactory

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


def test_the_year_filter_offers_each_year_of_the_register_once_newest_first(client, reviewer, register):
    DocumentFactory(title="丁宪法", promulgated=datetime.date(1954, 9, 20))
    DocumentFactory(title="戊通知", promulgated=None)
    client.force_login(reviewer)
    response = client.get(reverse("filings:document_list"))
    assert response.context["years"] == [2019, 2001, 1954]
    assert '<option value="1954" >1954</option>' in response.content.decode()


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


def _admin_post(client, doc, **changes):
    url = reverse("admin:filings_document_change", args=[doc.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update(**changes, **{"articles-TOTAL_FORMS": "0", "articles-INITIAL_FORMS": "0"})
    return client.post(url, data)


def test_an_archivist_corrects_an_imported_documents_particulars_with_old_and_new_in_its_history(client, archivist):
    doc = DocumentFactory(title="待更正的办法", doc_number="某政发〔2019〕1号", origin=Document.Origin.IMPORTED)
    client.force_login(archivist)
    form = client.get(reverse("admin:filings_document_change", args=[doc.pk])).context["adminform"].form
    assert "doc_number" in form.fields and "text" not in form.fields and "register_number" not in form.fields
    response = _admin_post(client, doc, doc_number="某政发〔2019〕11号", promulgated="2019-03-01")
    assert response.status_code == 302, response.context["adminform"].form.errors
    doc.refresh_from_db()
    assert doc.doc_number == "某政发〔2019〕11号" and doc.locally_edited
    event = DocumentEvent.objects.get(document=doc, kind=DocumentEvent.Kind.CORRECTED)
    assert event.actor == archivist
    assert event.changes["doc_number"] == ["某政发〔2019〕1号", "某政发〔2019〕11号"]
    assert "文号：某政发〔2019〕1号 → 某政发〔2019〕11号" in event.detail


def test_a_document_published_through_the_workflow_is_read_only_in_the_admin_for_everyone(client, archivist):
    doc = DocumentFactory(title="统一公布的办法", doc_number="市监规〔2026〕1号", origin=Document.Origin.WORKFLOW,
                          register_number="2026-00001")  # fmt: skip
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    for user in (archivist, admin):
        client.force_login(user)
        form = client.get(reverse("admin:filings_document_change", args=[doc.pk])).context["adminform"].form
        assert not {"title", "doc_number", "text", "status", "stage", "promulgated", "effective"} & set(form.fields)
        _admin_post(client, doc, doc_number="篡改〔2026〕9号", text="篡改", status="repealed")
        doc.refresh_from_db()
        assert doc.doc_number == "市监规〔2026〕1号" and doc.text != "篡改" and doc.status != "repealed"
    assert not DocumentEvent.objects.filter(document=doc, kind=DocumentEvent.Kind.CORRECTED).exists()


def test_nobody_adds_or_deletes_documents_in_the_admin(client, archivist):
    doc = DocumentFactory(title="不能删除的办法")
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    for user in (archivist, admin):
        client.force_login(user)
        assert client.get(reverse("admin:filings_document_add")).status_code == 403
        assert client.post(reverse("admin:filings_document_delete", args=[doc.pk]), {"post": "yes"}).status_code == 403
    assert Document.objects.filter(pk=doc.pk).exists()


def test_demo_accounts_can_be_loaded_twice(db):
    call_command("load_demo_accounts", stdout=io.StringIO())
    call_command("load_demo_accounts", stdout=io.StringIO())
    assert (
        User.objects.filter(username__in=["drafter", "reviewer", "filer", "expert", "archivist", "admin"]).count() == 6
    )
    assert Document.objects.count() == 0


def test_a_document_page_names_its_source_in_words_and_keeps_the_raw_record_for_administrators(
    client, drafter, archivist
):
    basis = "flk时效性(国家法律法规数据库) as recorded in DLCNCC/laws frontmatter"
    doc = DocumentFactory(title="某法", external_id="flk-abc", source="DLCNCC/laws:content/法律/abc.md",
                          status="in_force", status_basis=basis)  # fmt: skip
    client.force_login(drafter)
    page = client.get(reverse("filings:document_detail", args=[doc.pk])).content.decode()
    assert "国家法律法规数据库" in page and "DLCNCC" not in page and "frontmatter" not in page and "flk-abc" not in page
    client.force_login(archivist)
    page = client.get(reverse("filings:document_detail", args=[doc.pk])).content.decode()
    assert "DLCNCC/laws:content/法律/abc.md" in page and "flk-abc" in page


def test_a_document_page_with_panels_counts_the_header_badges_once(client, drafter):
    """The findings panel is rendered with the request, which ran the header's counts a second time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    doc = DocumentFactory(title="某法", status="in_force")
    client.force_login(drafter)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("filings:document_detail", args=[doc.pk]))
    assert page.status_code == 200 and "task_badge" in page.context
    sql = [q["sql"] for q in queries.captured_queries]
    assert sum("COUNT(" in s and "viewflow_task" in s for s in sql) == 1
    assert sum("COUNT(" in s and "notifications_notification" in s for s in sql) == 1

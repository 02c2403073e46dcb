"""/api/v1/documents: the register as the pages show it, to whom the pages show it; errors as problem
details; the schema and its documentation page served locally."""

import base64
import json
import re

import pytest
from django.urls import reverse

from filings import services as filings_services
from filings.models import Document, Level, Status

from ..factories import DocumentFactory

pytestmark = pytest.mark.django_db
MEDICAL = "医疗机构管理条例"


@pytest.fixture
def register(starter_records):
    records = starter_records(MEDICAL)[MEDICAL]
    filings_services.documents_import(lines=[json.dumps(r, ensure_ascii=False) for r in records])
    return [Document.objects.get(external_id=r["id"]) for r in records]


def test_signed_in_users_list_the_register_with_filters_sorting_and_pages(client, drafter, register):
    DocumentFactory(title="甲市医疗机构执业登记办法", status=Status.IN_FORCE, text="甲市医疗机构执业登记办法\n"
                    "第一条　依照《医疗机构管理条例》第十五条，执业须登记。")  # fmt: skip
    client.force_login(drafter)
    page = client.get("/api/v1/documents/", {"level": Level.ADMINISTRATIVE_REGULATION, "sort": "promulgated"}).json()
    assert page["count"] == 2 and [d["promulgated"] for d in page["results"]] == ["2016-02-06", "2022-03-29"]
    assert page["results"][0]["level_label"] == "行政法规" and page["results"][1]["status_label"] == "有效"
    first = client.get("/api/v1/documents/", {"page_size": 1}).json()
    second = client.get(first["next"]).json()
    assert first["count"] == 3 and {first["results"][0]["id"], second["results"][0]["id"]} <= {
        d.pk for d in Document.objects.all()} and first["results"][0]["id"] != second["results"][0]["id"]  # fmt: skip


def test_a_documents_detail_has_its_articles_citations_versions_and_findings(client, drafter, register):
    local = DocumentFactory(title="甲市医疗机构执业登记办法", status=Status.IN_FORCE, text="甲市医疗机构执业登记办法\n"
                            "第一条　依照《医疗机构管理条例》第十五条，执业须登记。")  # fmt: skip
    client.force_login(drafter)
    detail = client.get(f"/api/v1/documents/{local.pk}/").json()
    assert [a["anchor"] for a in detail["articles"]] == ["a1"]
    [citation] = detail["citations"]
    assert citation["cited_title"] == MEDICAL and citation["article_label"] == "第十五条"
    # The version in force on the citing document's date (2020): the 2016 text.
    assert citation["target_id"] == register[0].pk and citation["target_anchor"] == "a15"
    law = client.get(f"/api/v1/documents/{register[1].pk}/").json()
    assert [v["promulgated"] for v in law["versions"]] == ["2016-02-06", "2022-03-29"]
    assert law["findings"] == []


def test_the_pages_refusals_hold_as_problem_details_in_chinese(client, drafter, other_drafter):
    draft = DocumentFactory(title="某市草稿", stage=Document.Stage.DRAFT, drafting_unit=drafter.unit)
    anonymous = client.get("/api/v1/documents/")
    assert anonymous.status_code == 401 and anonymous["Content-Type"] == "application/problem+json"
    assert anonymous.json()["title"] == "需要登录或提供令牌" and "WWW-Authenticate" in anonymous
    # Machine clients use tokens (test_tokens.py); a password sent with every call is not accepted.
    basic = "Basic " + base64.b64encode(f"{drafter.username}:pw-for-tests-2026".encode()).decode()
    assert client.get("/api/v1/documents/", HTTP_AUTHORIZATION=basic).status_code == 401
    client.force_login(other_drafter)
    hidden = client.get(f"/api/v1/documents/{draft.pk}/")  # another unit's draft: not disclosed
    assert hidden.status_code == 404 and hidden.json() == {
        "type": "/api/v1/docs/#problems",
        "title": "未找到",
        "status": 404,
        "detail": "没有找到该资源，或您无权查看。",
    }
    assert draft.pk not in {d["id"] for d in client.get("/api/v1/documents/", {"stage": "draft"}).json()["results"]}
    client.force_login(drafter)
    assert client.get(f"/api/v1/documents/{draft.pk}/").status_code == 200
    wrong = client.get("/api/v1/documents/", {"level": "statute", "year": "20x6"})
    assert wrong.status_code == 400 and set(wrong.json()["errors"]) == {"level", "year"}
    assert client.post("/api/v1/documents/", {}).status_code in (403, 405)  # read only
    for odd in ("abc", "9" * 30):
        assert client.get(f"/api/v1/documents/{odd}/").status_code == 404


def test_calls_beyond_the_rate_are_refused_with_the_wait(client, drafter, settings):
    from django.core.cache import cache

    cache.clear()
    settings.API_THROTTLE = {"anon": "2/minute", "user": "2/minute"}
    client.force_login(drafter)
    assert [client.get("/api/v1/documents/").status_code for _ in range(3)] == [200, 200, 429]
    refused = client.get("/api/v1/documents/")
    assert refused["Content-Type"] == "application/problem+json" and "秒后再试" in refused.json()["detail"]
    cache.clear()


def test_the_schema_and_its_documentation_page_are_served_without_a_cdn(client):
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    spec = json.loads(schema.content)
    assert spec["openapi"].startswith("3.") and "/api/v1/documents/{id}/" in spec["paths"]
    assert spec["paths"]["/api/v1/documents/"]["get"]["summary"] == "登记簿文件列表"
    docs = client.get(reverse("api:docs"))
    page = docs.content.decode()
    assert docs.status_code == 200 and "swagger-ui" in page
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets and all(a.startswith("/") for a in assets)  # every asset from this server
    assert client.get(f"{reverse('api:docs')}?script=").status_code == 200  # the page's script, no inline code


def test_odd_calls_get_a_problem_not_a_server_error(client, drafter):
    """What schemathesis found: page 0, a list where text belongs, an id past any row, a wrong address."""
    client.force_login(drafter)
    page = client.get("/api/v1/documents/", {"page": 0})
    assert page.status_code == 400 and page.json()["errors"] == {"page": ["页码无效或超出范围。"]}
    odd = client.post("/api/v1/submissions/", {"title": [None], "text": {"a": 1}}, content_type="application/json")
    assert odd.status_code == 400 and set(odd.json()["errors"]) == {"title", "text"}
    for url in ("/api/v1/drafts/18446744073709551617/", "/api/v1/no-such-thing/"):
        missing = client.get(url)
        assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"
    client.logout()
    wrong = client.post("/api/v1/drafts/%C2%84/comments/", {"text": "x"}, content_type="application/json")
    assert wrong.status_code == 404 and wrong.json()["status"] == 404

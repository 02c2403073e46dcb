"""The API's reads besides the register: search gives the search page's results in its order, the gazette,
备案目录 and cleanup results are public as their pages, the 修改对照表 keeps the register's visibility."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from cleanup.models import Campaign, Item, Outcome
from filings.models import Document, Status
from jurisdictions.demo import hierarchy_ensure
from review.flows import DocumentReviewFlow
from review.models import Filing, ReviewProcess

from ..factories import DocumentFactory, UserFactory
from ..search.conftest import indexed, real_records  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query", [{"q": "中华人民共和国公司法"}, {"q": "非法集资 解释", "match": "words"}, {"q": "公司", "level": "law"}]
)
def test_search_answers_what_the_search_page_shows_in_its_order(indexed, client, reviewer, query):  # noqa: F811
    client.force_login(reviewer)
    page = client.get(reverse("search:search"), query).context["result"]
    answer = client.get("/api/v1/search/", query).json()
    assert answer["total"] == page.total > 0
    assert [r["id"] for r in answer["results"]] == [r.document.pk for r in page.results]
    assert "<mark>" in answer["results"][0]["title_html"] + answer["results"][0]["snippet_html"]
    assert {f["value"] for f in answer["facets"]["level"]} == {f.value for f in page.facets["level"]}


def test_search_refuses_anonymous_callers_and_names_a_wrong_parameter(indexed, client, reviewer):  # noqa: F811
    assert client.get("/api/v1/search/", {"q": "公司"}).status_code == 401
    client.force_login(reviewer)
    wrong = client.get("/api/v1/search/", {"q": " ", "date_from": "2020-13-01", "match": "fuzzy"})
    assert wrong.status_code == 400 and set(wrong.json()["errors"]) == {"date_from", "match"}
    assert client.get("/api/v1/search/", {"q": "  "}).json()["errors"] == {"q": ["请输入检索词。"]}
    backwards = client.get("/api/v1/search/", {"q": "公司", "date_from": "2021-01-01", "date_to": "2020-01-01"})
    assert backwards.json()["errors"] == {"date_to": ["起始日期晚于截止日期。"]}
    assert client.get("/api/v1/search/", {"q": '"《》（）OR AND NOT * ? [ ] { } ~ ^'}).status_code == 200


def test_the_gazette_and_catalogue_are_public_as_their_pages(client):
    units = hierarchy_ensure()
    published = DocumentFactory(
        title="甲市公布的办法", issuer_unit=units["甲市人民政府"], register_number="甲市2026001", status=Status.IN_FORCE
    )
    DocumentFactory(
        title="甲市已废止的办法",
        issuer_unit=units["甲市人民政府"],
        register_number="甲市2026002",
        status=Status.REPEALED,
    )
    DocumentFactory(title="甲市草稿", stage=Document.Stage.DRAFT, issuer_unit=units["甲市人民政府"])
    rows = client.get("/api/v1/gazette/").json()["results"]
    assert [r["title"] for r in rows] == ["甲市公布的办法"] and rows[0]["register_number"] == "甲市2026001"
    assert client.get("/api/v1/gazette/", {"q": "没有这个"}).json()["count"] == 0
    unknown = client.get("/api/v1/gazette/", {"jurisdiction": 99999})
    assert unknown.status_code == 400 and unknown.json()["errors"] == {"jurisdiction": ["没有这个行政区域。"]}
    assert client.get("/api/v1/gazette/", {"jurisdiction": "x"}).status_code == 400

    drafter = UserFactory(username="dq-drafter", unit=units["东旗人民政府"], role=Role.DRAFTER)
    process = ReviewProcess.objects.create(
        flow_class=DocumentReviewFlow,
        document=published,
        drafting_unit=units["东旗人民政府"],
        submitter=drafter,
        explanation="-",
        legal_bases="-",
    )
    march = timezone.make_aware(datetime.datetime(2026, 3, 10, 9))
    Filing.objects.create(
        process=process,
        document=published,
        body_name="甲市人民政府",
        body=units["甲市人民政府"],
        reviewer_unit=units["甲市司法局"],
        status=Filing.Status.REGISTERED,
        registered_at=march,
        due=timezone.localdate(),
    )
    catalogue = client.get("/api/v1/catalogues/", {"body": units["甲市司法局"].pk, "year": 2026, "month": 3}).json()
    assert catalogue["body"] == units["甲市司法局"].issuer and [f["title"] for f in catalogue["filings"]] == [
        "甲市公布的办法"
    ]
    april = client.get("/api/v1/catalogues/", {"body": units["甲市司法局"].pk, "year": 2026, "month": 4}).json()
    assert april["filings"] == []
    not_a_body = client.get("/api/v1/catalogues/", {"body": units["甲市人民政府"].pk, "year": 2026, "month": 13})
    assert not_a_body.status_code == 400 and set(not_a_body.json()["errors"]) == {"body", "month"}


def test_only_published_cleanup_results_are_given(client):
    admin = UserFactory(username="root", is_superuser=True)
    doc = DocumentFactory(title="被清理的文件", doc_number="甲政规〔2019〕3号")
    fields = {"kind": Campaign.Kind.PERIODIC, "started_by": admin, "due": "2026-12-31"}
    done = Campaign.objects.create(
        title="2026年清理",
        state=Campaign.State.PUBLISHED,
        published_by=admin,
        published_at="2026-11-30T00:00:00+08:00",
        number="甲政清〔2026〕1号",
        **fields,
    )
    Item.objects.create(
        campaign=done,
        document=doc,
        title=doc.title,
        doc_number=doc.doc_number,
        unit=admin.unit,
        suggested=Outcome.REPEAL,
        outcome=Outcome.REPEAL,
        reason="上位法已废止。",
    )
    underway = Campaign.objects.create(title="进行中的清理", **fields)
    assert [c["title"] for c in client.get("/api/v1/cleanup-results/").json()["results"]] == ["2026年清理"]
    result = client.get(f"/api/v1/cleanup-results/{done.pk}/").json()
    repealed = next(g for g in result["groups"] if g["outcome"] == Outcome.REPEAL)
    assert repealed["label"] == Outcome.REPEAL.label
    assert repealed["items"] == [
        {
            "document_id": doc.pk,
            "title": "被清理的文件",
            "doc_number": "甲政规〔2019〕3号",
            "issuer": "",
            "reason": "上位法已废止。",
        }
    ]
    assert client.get(f"/api/v1/cleanup-results/{underway.pk}/").status_code == 404


def test_the_comparison_table_between_two_versions_keeps_the_registers_visibility(client, drafter, other_drafter):
    old = DocumentFactory(
        title="某市停车办法",
        promulgated=datetime.date(2019, 1, 1),
        text="某市停车办法\n第一条　为了规范停车，制定本办法。\n第二条　本办法自公布之日起施行。",
    )
    new = DocumentFactory(
        title="某市停车办法",
        promulgated=datetime.date(2024, 1, 1),
        text="某市停车办法\n"
        "第一条　为了规范停车，制定本办法。\n第二条　停车应当付费。\n第三条　本办法自公布之日起施行。",
    )
    draft = DocumentFactory(title="某市停车办法（修订草案）", stage=Document.Stage.DRAFT, drafting_unit=drafter.unit)
    client.force_login(other_drafter)
    table = client.get(f"/api/v1/documents/{old.pk}/compare/{new.pk}/").json()
    assert table["old_id"] == old.pk and table["new_id"] == new.pk  # the older on the left, whichever order asked
    assert table["counts"] == {"changed": 0, "added": 1, "deleted": 0}
    assert [r["change"] for r in table["rows"]][1] == "新增"
    assert client.get(f"/api/v1/documents/{draft.pk}/compare/{new.pk}/").status_code == 404  # another unit's draft
    client.logout()
    assert client.get(f"/api/v1/documents/{old.pk}/compare/{new.pk}/").status_code == 401

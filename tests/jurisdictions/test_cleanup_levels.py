"""A cleanup started at one level reaches the levels below when chosen; each issuer decides its own documents
only ("谁制定、谁清理", 立法法 art. 116); issuers outside the platform are listed, never decided."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from cleanup.models import Campaign, Outcome
from jurisdictions.demo import hierarchy_ensure
from tests.factories import DocumentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    units = hierarchy_ensure()
    docs = {
        name: DocumentFactory(title=title, issuer=units[name].issuer if name in units else name,
                              issuer_unit=units.get(name), level="normative_document")
        for name, title in [("甲市市场监督管理局", "甲市市场检查办法"), ("东旗农牧和科技局", "东旗草场管理办法"),
                            ("乙市教育局", "乙市校车管理办法"), ("国务院办公厅", "国务院办公厅关于某事的通知")]
    }  # fmt: skip
    people = {
        "admin": UserFactory(username="jia-admin", unit=units["甲市人民政府"], role=Role.ADMINISTRATOR),
        "archivist": UserFactory(username="jia-archivist", unit=units["甲市人民政府"], role=Role.ARCHIVIST),
        "qx": UserFactory(username="qx-drafter", unit=units["东旗农牧和科技局"], role=Role.DRAFTER),
        "jia": UserFactory(username="jia-drafter", unit=units["甲市市场监督管理局"], role=Role.DRAFTER),
    }
    return docs, people


def start(client, admin, **extra):
    client.force_login(admin)
    data = {"title": "2026年度定期清理", "kind": "periodic", "levels": ["normative_document"], "confirm": "1", **extra}
    assert client.post(reverse("cleanup:campaign_new"), data).status_code == 302
    return Campaign.objects.latest("pk")


def test_a_city_campaign_reaches_the_county_below_and_each_issuer_decides_its_own(client, world):
    docs, people = world
    campaign = start(client, people["admin"], include_below="on")
    titles = set(campaign.items.values_list("title", flat=True))
    assert titles == {"甲市市场检查办法", "东旗草场管理办法"}  # not 乙市's, not the State Council's
    own = start(client, people["admin"], title="甲市本级清理")
    assert set(own.items.values_list("title", flat=True)) == {"甲市市场检查办法"}

    county_item = campaign.items.get(title="东旗草场管理办法")
    url = reverse("cleanup:item_detail", args=[campaign.pk, county_item.pk])
    client.force_login(people["archivist"])  # 甲市's register office does not decide 东旗's document
    assert client.post(url, {"outcome": Outcome.LAPSE, "reason": "x"}).status_code == 403
    client.force_login(people["jia"])
    assert client.post(url, {"outcome": Outcome.LAPSE, "reason": "x"}).status_code == 404  # not its list
    client.force_login(people["qx"])
    assert client.post(url, {"outcome": Outcome.KEEP, "reason": "仍需执行"}).status_code == 302
    county_item.refresh_from_db()
    assert county_item.outcome == Outcome.KEEP and county_item.decided_by == people["qx"]
    client.force_login(people["archivist"])
    page = client.get(reverse("cleanup:campaign_detail", args=[campaign.pk])).content.decode()
    progress = page[page.index('id="jurisdiction-progress"') :]
    assert "<td>东旗</td><td>1</td><td>1</td>" in progress and "<td>甲市</td><td>1</td><td>0</td>" in progress


def test_a_special_campaign_lists_outside_issuers_without_deciding_them(client, world):
    _, people = world
    law = DocumentFactory(title="中华人民共和国某法", level="law", issuer_unit=None)
    units = {u.name: u for u in (people["jia"].unit, people["qx"].unit)}
    for title, unit in [
        ("甲市某法实施办法", units["甲市市场监督管理局"]),
        ("东旗某法实施细则", units["东旗农牧和科技局"]),
        ("国务院办公厅关于实施某法的通知", None),
    ]:
        DocumentFactory(
            title=title,
            issuer=unit.issuer if unit else "国务院办公厅",
            issuer_unit=unit,
            level="normative_document",
            text=f"{title}\n第一条　根据《中华人民共和国某法》，制定本办法。",
        )
    client.force_login(people["admin"])
    data = {"title": "某法专项清理", "kind": "special", "levels": ["normative_document"], "basis": law.pk,
            "basis_text": law.title, "confirm": "1", "include_below": "on"}  # fmt: skip
    assert client.post(reverse("cleanup:campaign_new"), data).status_code == 302
    campaign = Campaign.objects.latest("pk")
    items = {i.title: i for i in campaign.items.all()}
    assert set(items) == {"甲市某法实施办法", "东旗某法实施细则", "国务院办公厅关于实施某法的通知"}
    assert items["国务院办公厅关于实施某法的通知"].out_of_scope
    assert not items["东旗某法实施细则"].out_of_scope
    page = client.get(reverse("cleanup:campaign_detail", args=[campaign.pk])).content.decode()
    assert "平台外制定机关的文件（列出，不作决定）" in page and "国务院办公厅关于实施某法的通知" in page

"""What a special cleanup takes in: the acts an amending decision lists, a subject's keywords, documents added
and removed by hand, and — offered on a new version's page — exactly the documents citing an article the
new version changed, moved or deleted. Real laws of the starter data."""

import datetime
import json

import pytest
from django.urls import reverse

from accounts.roles import Role
from cleanup.models import Campaign
from filings import services as filings_services
from filings.models import Document, Level, Status
from search import services as search_services

from ..factories import DocumentFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db
DECISION = "国务院关于修改和废止部分行政法规的决定"
MEDICAL = "医疗机构管理条例"
HOTELS = "旅馆业治安管理办法"


def _local(title, text, promulgated=datetime.date(2020, 6, 1)):
    return DocumentFactory(title=title, issuer="某市卫生健康委员会", status=Status.IN_FORCE, promulgated=promulgated,
                           text=f"{title}\n{text}\n第九条　本办法自公布之日起施行。")  # fmt: skip


@pytest.fixture
def register(starter_records, django_capture_on_commit_callbacks):
    found = starter_records(DECISION, MEDICAL, HOTELS)
    records = [r for versions in found.values() for r in versions]
    with django_capture_on_commit_callbacks(execute=True):
        filings_services.documents_import(lines=[json.dumps(r, ensure_ascii=False) for r in records])
        search_services.declarations_refresh()
    return {
        "article15": _local("某市医疗机构执业登记办法", "第一条　依照《医疗机构管理条例》第十五条，执业须登记。"),
        "article2": _local("某市医疗机构名录管理办法", "第一条　《医疗机构管理条例》第二条所称医疗机构，纳入名录。"),
        "no_article": _local("某市医疗卫生服务规定", "第一条　根据《医疗机构管理条例》，制定本规定。"),
        "hotels": _local("某市旅馆业管理办法", "第一条　根据《旅馆业治安管理办法》，制定本办法。"),
        "family": _local("某市计划生育奖励扶助办法", "第一条　为做好计划生育奖励扶助工作，制定本办法。"),
        "unrelated": _local("某市广告牌设置管理办法", "第一条　为规范户外广告，制定本办法。"),
    }


@pytest.fixture
def administrator():
    return UserFactory(username="admin", unit=UnitFactory(name="市政府办公室"), role=Role.ADMINISTRATOR)


def _preview(client, **data):
    fields = {"title": "专项清理", "kind": "special", "levels": [Level.NORMATIVE_DOCUMENT], "reason": "", **data}
    return client.post(reverse("cleanup:campaign_new"), fields)


def _listed(response) -> set[int]:
    return {d.pk for d in response.context["listed"] if d.pk not in response.context["removed"]}


def test_a_cleanup_on_the_2022_amending_decision_takes_in_the_documents_citing_the_acts_it_changed(
    client, register, administrator
):
    decision = Document.objects.get(title=DECISION, promulgated=datetime.date(2022, 3, 29))
    client.force_login(administrator)
    several = _preview(client, basis_text=DECISION)
    assert "有多份文件与之相符" in several.content.decode()  # three decisions share the title

    preview = _preview(client, basis_text=DECISION, basis=decision.pk)
    expected = {register[k].pk for k in ("article15", "article2", "no_article", "hotels")}
    assert _listed(preview) == expected  # 医疗机构管理条例 and 旅馆业治安管理办法 are among the acts it amends
    assert "及其修改、废止的" in preview.context["described"]

    _preview(client, basis_text=DECISION, basis=decision.pk, confirm="1")
    campaign = Campaign.objects.get()
    assert {i.document_id for i in campaign.items.all()} == expected
    assert "及其修改、废止的" in campaign.events.get(kind="started").detail


def test_a_cleanup_on_a_subject_takes_in_the_documents_naming_it(client, register, administrator):
    client.force_login(administrator)
    preview = _preview(client, keywords="计划生育 社会抚养费")
    assert _listed(preview) == {register["family"].pk}
    empty = _preview(client, kind="special")
    assert "须写明发生变化的上位法，或填写清理主题词" in empty.content.decode()


def test_documents_are_added_and_removed_by_hand_before_confirming(client, register, administrator):
    client.force_login(administrator)
    first = _preview(client, basis_text=HOTELS)
    assert _listed(first) == {register["hotels"].pk}

    added = _preview(client, basis_text=HOTELS, add_text="某市广告牌设置管理办法")
    assert _listed(added) == {register["hotels"].pk, register["unrelated"].pk}
    assert "手工加入" in added.content.decode()
    missing = _preview(client, basis_text=HOTELS, add_text="某市不存在的办法")
    assert "登记簿中没有找到这份现行文件" in missing.content.decode()

    kept = added.context["added_value"]
    removed = _preview(client, basis_text=HOTELS, added=kept, removed=[register["hotels"].pk])
    assert _listed(removed) == {register["unrelated"].pk}
    assert register["hotels"].pk in {d.pk for d in removed.context["listed"]}  # still listed, ticked, to undo

    _preview(client, basis_text=HOTELS, added=kept, removed=[register["hotels"].pk], confirm="1")
    campaign = Campaign.objects.get()
    assert {i.document_id for i in campaign.items.all()} == {register["unrelated"].pk}
    assert campaign.added == [register["unrelated"].pk] and campaign.removed == [register["hotels"].pk]


def test_a_new_version_lists_the_documents_citing_what_it_changed_and_offers_their_cleanup(
    client, register, administrator, drafter
):
    new = Document.objects.get(title=MEDICAL, promulgated=datetime.date(2022, 3, 29))
    client.force_login(administrator)
    page = client.get(reverse("filings:document_detail", args=[new.pk])).content.decode()
    panel = page[page.index('id="impact"') :]
    panel = panel[: panel.index("发起专项清理")]
    assert "本版本对现行文件的影响" in panel and "1 件现行文件引用的条款被修改、移动或删除" in panel
    assert "某市医疗机构执业登记办法" in panel and "第十五条已修改，现为第十四条" in panel
    assert "某市医疗机构名录管理办法" not in panel  # its 第二条 did not change
    assert "1 件所引条款未变；1 件引用本法未注明条款" in panel
    offer = f"{reverse('cleanup:campaign_new')}?basis={new.pk}&amp;articles_only=1"
    assert offer in page

    form = client.get(offer.replace("&amp;", "&")).content.decode()
    assert f'value="{new.pk}"' in form and "修改专项清理" in form
    _preview(client, title="医疗机构管理条例修改专项清理", basis_text=MEDICAL, basis=new.pk, articles_only="on",
             confirm="1")  # fmt: skip
    campaign = Campaign.objects.get()
    [item] = campaign.items.all()
    assert item.document_id == register["article15"].pk
    assert {s["kind"] for s in item.suggestions} == {"cited_article_changed"}
    assert item.suggested == "amend"

    client.force_login(drafter)
    page = client.get(reverse("filings:document_detail", args=[new.pk])).content.decode()
    assert "本版本对现行文件的影响" not in page

"""Cleanup campaigns (清理): an administrator starts one, each unit decides its own list, the archivist
publishes the results, and the register and the search index follow."""

import datetime
import io
import json
import re
import threading

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from cleanup import services
from cleanup.models import Campaign, Event, Item, Outcome
from filings import services as filings_services
from filings.models import Document, DocumentEvent, Level, Status
from search import selectors as search_selectors
from search import services as search_services

from ..factories import DocumentFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db
CONTRACT_LAW = "中华人民共和国合同法"


@pytest.fixture
def register(starter_records, unit, other_unit, django_capture_on_commit_callbacks):
    """The Contract Law and the Civil Code that repealed it (real records), and four local documents
    citing the Contract Law: two of one unit, one of another, one of an issuer no unit in the system has."""
    found = starter_records(CONTRACT_LAW, "中华人民共和国民法典")
    records = [r for versions in found.values() for r in versions]
    with django_capture_on_commit_callbacks(execute=True):
        filings_services.documents_import(lines=[json.dumps(r, ensure_ascii=False) for r in records])
        search_services.declarations_refresh()

        def local(title, issuer, extra="", promulgated=datetime.date(2023, 3, 1)):
            text = (f"{title}\n第一条　根据《中华人民共和国合同法》第五十二条，制定本办法。{extra}\n"
                    "第二条　本办法自公布之日起施行。")  # fmt: skip
            return DocumentFactory(title=title, issuer=issuer, text=text, status=Status.IN_FORCE,
                                   promulgated=promulgated)  # fmt: skip

        docs = {
            "amend": local("某市合同示范文本管理办法", unit.issuer),
            "lapsed": local(
                "某市合同备案暂行规定", unit.issuer, "本规定有效期至2020年12月31日。", datetime.date(2018, 1, 1)
            ),  # fmt: skip
            "other": local("某市运输合同管理规定", other_unit.issuer),
            "nobody": local("某省合同监督办法", "某省人民政府"),
            "unrelated": DocumentFactory(title="某市广告牌设置管理办法", issuer=unit.issuer, status=Status.IN_FORCE),
        }
    return docs


@pytest.fixture
def administrator():
    return UserFactory(username="admin", unit=UnitFactory(name="市政府办公室"), role=Role.ADMINISTRATOR)


def start_special(client, administrator, **extra):
    client.force_login(administrator)
    data = {"title": "《民法典》施行专项清理", "kind": "special", "basis_text": CONTRACT_LAW, "reason": "民法典施行",
            "levels": [Level.NORMATIVE_DOCUMENT, Level.LAW], **extra}  # fmt: skip
    return client.post(reverse("cleanup:campaign_new"), data)


def test_a_special_campaign_takes_in_every_document_citing_the_changed_law(client, register, administrator):
    preview = start_special(client, administrator)
    assert preview.status_code == 200
    # The unrelated document, the law's own versions and the Civil Code that repealed it stay out.
    assert preview.context["scope_count"] == 4
    assert "确认发起" in preview.content.decode()
    assert not Campaign.objects.exists()  # nothing is started before confirmation

    response = start_special(client, administrator, confirm="1")
    campaign = Campaign.objects.get()
    assert response["Location"] == reverse("cleanup:campaign_detail", args=[campaign.pk])
    page = client.get(response["Location"]).content.decode()
    assert "纳入 4 件文件" in page and "正在检查" not in page  # small enough to be checked at once
    assert campaign.basis.title == CONTRACT_LAW
    items = {i.document_id: i for i in campaign.items.all()}
    assert set(items) == {register[k].pk for k in ("amend", "lapsed", "other", "nobody")}
    amend, lapsed = items[register["amend"].pk], items[register["lapsed"].pk]
    assert amend.unit.name == "市市场监督管理局" and items[register["other"].pk].unit.name == "市交通运输局"
    assert items[register["nobody"].pk].unit is None  # decided by the register office
    assert amend.suggested == Outcome.AMEND
    assert {s["kind"] for s in amend.suggestions} == {"cites_repealed"}
    assert "《中华人民共和国合同法》第五十二条" in amend.suggestions[0]["evidence"]
    assert lapsed.suggested == Outcome.LAPSE  # its own term ended before today
    assert Event.objects.filter(campaign=campaign, kind=Event.Kind.STARTED).exists()


def test_starting_needs_a_known_law_or_a_scope_and_the_permission(client, register, administrator, drafter, archivist):
    unknown = start_special(client, administrator, basis_text="中华人民共和国不存在法", confirm="1")
    assert "登记簿中没有找到这部上位法" in unknown.content.decode()
    client.force_login(administrator)
    no_levels = client.post(reverse("cleanup:campaign_new"), {"title": "定期清理", "kind": "periodic", "confirm": "1"})
    assert "请选定至少一个效力层级" in no_levels.content.decode()
    assert not Campaign.objects.exists()
    for user in (drafter, archivist):
        client.force_login(user)
        assert client.get(reverse("cleanup:campaign_new")).status_code == 403
        assert client.post(reverse("cleanup:campaign_new"), {"title": "x", "kind": "periodic"}).status_code == 403


def test_a_periodic_campaign_covers_the_chosen_levels_in_force(client, register, administrator):
    Document.objects.filter(pk=register["unrelated"].pk).update(status=Status.REPEALED)
    client.force_login(administrator)
    data = {"title": "2026年定期清理", "kind": "periodic", "levels": [Level.NORMATIVE_DOCUMENT], "confirm": "1"}
    client.post(reverse("cleanup:campaign_new"), data)
    campaign = Campaign.objects.get()
    titles = set(campaign.items.values_list("title", flat=True))
    assert titles == {"某市合同示范文本管理办法", "某市合同备案暂行规定", "某市运输合同管理规定", "某省合同监督办法"}
    assert CONTRACT_LAW not in titles  # a law is not at the chosen level; the repealed document is not in force


def test_each_unit_sees_and_decides_only_its_own_list(client, register, administrator, drafter, other_drafter):
    start_special(client, administrator, confirm="1")
    campaign = Campaign.objects.get()
    mine = campaign.items.get(document=register["amend"])
    theirs = campaign.items.get(document=register["other"])

    client.force_login(drafter)
    workbench = client.get(reverse("review:workbench")).content.decode()
    assert "文件清理待决定" in workbench and "2 件文件待决定" in workbench
    listing = client.get(reverse("cleanup:campaign_list")).content.decode()
    assert "待本单位决定" in listing and "2 件未决定" in listing
    Campaign.objects.filter(pk=campaign.pk).update(due=timezone.localdate() - datetime.timedelta(days=3))
    overdue = client.get(reverse("review:workbench")).content.decode()
    assert 'class="badge card-red">已超期 3 天' in overdue  # the unit sees it is late
    page = client.get(reverse("cleanup:campaign_detail", args=[campaign.pk])).content.decode()
    assert "某市合同示范文本管理办法" in page and "某市运输合同管理规定" not in page
    assert client.get(reverse("cleanup:item_detail", args=[campaign.pk, theirs.pk])).status_code == 404
    url = reverse("cleanup:item_detail", args=[campaign.pk, mine.pk])
    item_page = client.get(url).content.decode()
    assert "引用已废止的文件" in item_page and "《中华人民共和国合同法》" in item_page

    no_reason = client.post(url, {"outcome": Outcome.AMEND, "reason": "  "})
    assert no_reason.status_code == 200 and "该字段是必填项" in no_reason.content.decode()
    mine.refresh_from_db()
    assert mine.outcome == ""
    client.post(url, {"outcome": Outcome.AMEND, "reason": "依据改为《民法典》合同编"})
    mine.refresh_from_db()
    assert (mine.outcome, mine.reason, mine.decided_by) == (Outcome.AMEND, "依据改为《民法典》合同编", drafter)
    client.post(url, {"outcome": Outcome.REPEAL, "reason": "示范文本已由省里统一发布"})  # a change of mind is recorded
    details = list(mine.events.values_list("detail", flat=True))
    assert len(details) == 2 and "（原为修改）" in details[0]

    client.force_login(other_drafter)
    assert client.post(url, {"outcome": Outcome.KEEP, "reason": "x"}).status_code == 404
    mine.refresh_from_db()
    assert mine.outcome == Outcome.REPEAL


def test_who_may_see_campaigns(client, register, administrator):
    start_special(client, administrator, confirm="1")
    campaign = Campaign.objects.get()
    client.logout()
    assert client.get(reverse("cleanup:campaign_list")).status_code == 302  # sign in first
    client.force_login(UserFactory(username="expert", role=Role.EXPERT))
    assert client.get(reverse("cleanup:campaign_list")).status_code == 403
    assert client.get(reverse("cleanup:campaign_detail", args=[campaign.pk])).status_code == 403
    client.logout()
    assert client.get(reverse("cleanup_results", args=[campaign.pk])).status_code == 404  # not published yet


def test_results_are_published_once_all_is_decided_and_reach_register_and_index(
    client, register, administrator, drafter, other_drafter, archivist, reviewer, django_capture_on_commit_callbacks
):
    start_special(client, administrator, confirm="1")
    campaign = Campaign.objects.get()
    publish = reverse("cleanup:campaign_publish", args=[campaign.pk])

    client.force_login(archivist)
    # Four documents, three of them of issuers on the platform: the fourth is listed, and decided by nobody.
    assert "还有 3 件文件未作清理决定" in client.get(publish).content.decode()
    refused = client.post(publish, follow=True)
    assert "还有 3 件文件未作清理决定，不能公布结果" in refused.content.decode()
    outside = campaign.items.get(document=register["nobody"])
    assert outside.out_of_scope
    decide_outside = reverse("cleanup:item_detail", args=[campaign.pk, outside.pk])
    assert client.post(decide_outside, {"outcome": Outcome.LAPSE, "reason": "x"}).status_code == 403  # 谁制定、谁清理

    decisions = [
        (drafter, "amend", Outcome.AMEND, "依据改为《民法典》"),
        (drafter, "lapsed", Outcome.LAPSE, "有效期已届满"),
        (other_drafter, "other", Outcome.REPEAL, "《民法典》已有规定"),
    ]
    for user, key, outcome, reason in decisions:
        client.force_login(user)
        item = campaign.items.get(document=register[key])
        client.post(reverse("cleanup:item_detail", args=[campaign.pk, item.pk]), {"outcome": outcome, "reason": reason})
    assert list(campaign.items.filter(outcome="")) == [outside]

    client.force_login(drafter)
    assert client.post(publish).status_code == 403
    # The units' proposals go to the legal office first.
    client.force_login(archivist)
    assert "须经本级司法行政机关法制审核" in client.post(publish, follow=True).content.decode()
    client.force_login(reviewer)
    legal = reverse("cleanup:campaign_legal_review", args=[campaign.pk])
    assert client.post(legal, {"note": "同意各单位意见。"}).status_code == 302
    client.force_login(archivist)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(publish)
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.PUBLISHED and campaign.published_by == archivist
    assert re.fullmatch(rf".+清〔{timezone.localdate().year}〕1号", campaign.number)  # its 发文字号

    statuses = dict(Document.objects.filter(pk__in=[d.pk for d in register.values()]).values_list("title", "status"))
    assert statuses["某市运输合同管理规定"] == Status.REPEALED
    assert statuses["某市合同备案暂行规定"] == Status.LAPSED
    assert statuses["某市合同示范文本管理办法"] == Status.IN_FORCE  # amended when its new version is published
    assert DocumentEvent.objects.filter(document=register["amend"], kind=DocumentEvent.Kind.CLEANUP).exists()
    only_repealed = search_selectors.SearchFilters(status=Status.REPEALED)
    repealed = search_selectors.rank('"运输合同管理规定"', filters=only_repealed)
    assert [h.pk for h in repealed.hits] == [register["other"].pk]

    client.logout()
    page = client.get(reverse("cleanup_results", args=[campaign.pk]))
    assert page.status_code == 200
    groups = {label: [i.title for i in items] for label, items in page.context["groups"]}
    assert groups == {"继续有效": [], "修改": ["某市合同示范文本管理办法"],
                      "废止": ["某市运输合同管理规定"], "宣布失效": ["某市合同备案暂行规定"]}  # fmt: skip
    assert [i.title for i in page.context["out_of_scope"]] == ["某省合同监督办法"]  # listed, not decided
    assert statuses["某省合同监督办法"] == register["nobody"].status  # untouched
    assert "《民法典》已有规定" in page.content.decode()
    assert "《民法典》施行专项清理" in client.get(reverse("cleanup_results_list")).content.decode()
    word = client.get(reverse("cleanup_results_docx", args=[campaign.pk]))
    cells = [c.text for t in docx.Document(io.BytesIO(word.content)).tables for r in t.rows for c in r.cells]
    assert "某市运输合同管理规定" in cells and "《民法典》已有规定" in cells

    client.force_login(drafter)
    item = campaign.items.get(document=register["amend"])
    assert client.post(reverse("cleanup:item_detail", args=[campaign.pk, item.pk]),
                       {"outcome": Outcome.KEEP, "reason": "x"}).status_code == 403  # fmt: skip
    assert Item.objects.get(pk=item.pk).outcome == Outcome.AMEND


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks across connections need PostgreSQL (.ci/run)")
@pytest.mark.django_db(transaction=True)
def test_a_decision_racing_the_publication_is_either_in_the_results_or_refused(
    register, administrator, drafter, other_drafter, archivist, reviewer
):
    campaign = services.campaign_start(title="专项清理", kind=Campaign.Kind.SPECIAL, reason="", basis=_law(),
                                       levels=[Level.NORMATIVE_DOCUMENT], actor=administrator)  # fmt: skip
    deciders = {drafter.unit_id: drafter, other_drafter.unit_id: other_drafter}  # each issuer its own
    for item in campaign.items.filter(unit__isnull=False):
        services.item_decide(item=item, outcome=Outcome.KEEP, reason="仍需要", actor=deciders[item.unit_id])
    services.campaign_legal_review(campaign=campaign, actor=reviewer, note="")
    item = campaign.items.get(document=register["amend"])
    publishing, decided = threading.Event(), {}

    def change_of_mind():
        publishing.wait()
        try:
            services.item_decide(item=item, outcome=Outcome.REPEAL, reason="改为废止", actor=drafter)
            decided["outcome"] = "recorded"
        except ValidationError as error:
            decided["outcome"] = error.messages[0]
        finally:
            connections.close_all()

    thread = threading.Thread(target=change_of_mind)
    thread.start()
    with transaction.atomic():
        Campaign.objects.select_for_update().get(pk=campaign.pk)  # publication has begun and holds the campaign
        publishing.set()
        thread.join(timeout=1)
        assert thread.is_alive()  # the decision waits for the publication
        services.campaign_publish(campaign=campaign, actor=archivist)
    thread.join()
    assert decided["outcome"] == "清理结果已公布，不能再修改决定。"
    item.refresh_from_db()
    assert item.outcome == Outcome.KEEP
    assert Document.objects.get(pk=register["amend"].pk).status == Status.IN_FORCE


def _law():
    return Document.objects.filter(title=CONTRACT_LAW).latest("promulgated")


def test_a_large_campaign_is_checked_by_the_dispatcher_with_progress_shown(
    client, register, administrator, drafter, settings
):
    settings.CLEANUP_PREPARE_INLINE = 2  # the four documents of this campaign count as large
    response = start_special(client, administrator, confirm="1")
    campaign = Campaign.objects.get()
    assert campaign.state == Campaign.State.PREPARING and campaign.scope_total == 4
    page = client.get(response["Location"]).content.decode()
    assert "正在检查 4 件文件" in page and "已检查 <strong>0</strong> / 4 件文件" in page
    assert 'http-equiv="refresh"' in page
    client.force_login(drafter)
    assert "文件清理待决定" not in client.get(reverse("review:workbench")).content.decode()  # not yet
    with pytest.raises(ValidationError, match="还在检查中"):  # nothing to publish while checking
        services.campaign_publish(campaign=campaign, actor=administrator)

    assert services.campaign_prepare(campaign=campaign, batch=3) == 4  # two batches, each committed
    assert services.campaign_prepare(campaign=campaign) == 0  # a second dispatcher finds nothing to add
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.OPEN and campaign.items.count() == 4
    assert campaign.events.filter(kind=Event.Kind.OPENED).exists()
    workbench = client.get(reverse("review:workbench")).content.decode()
    assert "文件清理待决定" in workbench and "2 件文件待决定" in workbench


def test_the_dispatcher_prepares_waiting_campaigns(client, register, administrator, settings):
    settings.CLEANUP_PREPARE_INLINE = 0
    start_special(client, administrator, confirm="1")
    call_command("run_dispatcher", "--once", stdout=io.StringIO())
    campaign = Campaign.objects.get()
    assert campaign.state == Campaign.State.OPEN and campaign.items.count() == 4


def test_an_administrator_can_withdraw_a_campaign_started_by_mistake(
    client, register, administrator, drafter, archivist
):
    start_special(client, administrator, confirm="1")
    campaign = Campaign.objects.get()
    url = reverse("cleanup:campaign_cancel", args=[campaign.pk])
    client.force_login(archivist)
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "x"}).status_code == 403

    client.force_login(administrator)
    assert "确认撤销" in client.get(url).content.decode()  # a confirmation page first
    no_reason = client.post(url, {"reason": ""})
    assert no_reason.status_code == 200 and "该字段是必填项" in no_reason.content.decode()
    assert Campaign.objects.get().state == Campaign.State.OPEN
    client.post(url, {"reason": "范围选错，重新发起"})
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.CANCELLED
    assert campaign.events.filter(kind=Event.Kind.CANCELLED, detail="范围选错，重新发起").exists()

    client.force_login(drafter)
    assert "文件清理待决定" not in client.get(reverse("review:workbench")).content.decode()
    item = campaign.items.get(document=register["amend"])
    assert client.post(reverse("cleanup:item_detail", args=[campaign.pk, item.pk]),
                       {"outcome": Outcome.KEEP, "reason": "x"}).status_code == 403  # fmt: skip
    with pytest.raises(ValidationError, match="已撤销"):
        services.campaign_publish(campaign=campaign, actor=archivist)
    client.logout()
    assert client.get(reverse("cleanup_results", args=[campaign.pk])).status_code == 404

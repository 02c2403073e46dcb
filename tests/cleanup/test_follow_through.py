"""Cleanup followed through (DOMAIN.md stage 9): the legal office reviews the proposals, the results are the
authority's decision, a 规章 is repealed by an order, a 修改 is carried to the published new version; the
re-evaluation before a term ends, the lapse at its end, the 后评估 of a 规章."""

import datetime
import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from cleanup import services
from cleanup.models import Campaign, Outcome
from filings.models import Document, Level, Status
from followups.models import FollowUp
from followups.services import followups_prepare
from notifications.models import Notification
from review.models import ReviewProcess
from tests.factories import UnitFactory, UserFactory
from tests.review.conftest import LAWFUL, SUBMISSION, do
from tests.review.test_materials import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator():
    return UserFactory(username="admin", unit=UnitFactory(name="市政府办公室"), role=Role.ADMINISTRATOR)


def published(client, drafter, reviewer, archivist, **overrides) -> ReviewProcess:
    client.force_login(drafter)
    before = set(ReviewProcess.objects.values_list("pk", flat=True))
    from review.flows import DocumentReviewFlow

    data = {**SUBMISSION, "secret": "on", "secret_reason": "涉密", **overrides}
    assert client.post(DocumentReviewFlow.start.reverse("execute"), data).status_code == 302
    process = ReviewProcess.objects.exclude(pk__in=before).get()
    do(client, reviewer, process, "legality_review", {**LAWFUL, "material_comment_handling": ""}, take_first=True)
    today = timezone.localdate()
    do(client, archivist, process, "deliberate", {"meeting": "市政府常务会议", "held_on": today.isoformat(),
       "decision": "adopted"}, take_first=True)  # fmt: skip
    publication = {"promulgated": today.isoformat(), "effective": (today + datetime.timedelta(days=30)).isoformat(),
                   "signatory": "市长　王明", "gazette_issue": f"{today.year}年第1期"}  # fmt: skip
    assert do(client, archivist, process, "publish", publication, take_first=True).status_code == 302
    process.refresh_from_db()
    return process


def campaign_decided(administrator, decider, outcome, reason):
    campaign = services.campaign_start(title="2026年度规范性文件清理", kind=Campaign.Kind.PERIODIC, reason="",
                                       basis=None, levels=[Level.NORMATIVE_DOCUMENT, Level.LOCAL_GOVERNMENT_RULE],
                                       actor=administrator)  # fmt: skip
    for item in campaign.items.filter(unit=decider.unit):
        services.item_decide(item=item, outcome=outcome, reason=reason, actor=decider)
    return campaign


def test_a_cleanup_amendment_is_carried_to_the_published_new_version(
    client, drafter, reviewer, archivist, administrator
):
    old = published(client, drafter, reviewer, archivist).document
    campaign = campaign_decided(administrator, drafter, Outcome.AMEND, "上位法已修改，第二条须调整。")
    detail = reverse("cleanup:campaign_detail", args=[campaign.pk])
    publish = reverse("cleanup:campaign_publish", args=[campaign.pk])

    # The legal office reviews the proposals first; it may send one back, which is then decided again.
    client.force_login(archivist)
    assert "须经本级司法行政机关法制审核" in client.post(publish, follow=True).content.decode()
    client.force_login(drafter)
    assert client.post(reverse("cleanup:campaign_legal_review", args=[campaign.pk])).status_code == 403
    item = campaign.items.get(document=old)
    client.force_login(reviewer)
    returned = client.post(reverse("cleanup:item_return", args=[campaign.pk, item.pk]), {"note": "请写明修改的条文。"})
    assert returned.status_code == 302
    item.refresh_from_db()
    assert item.outcome == ""
    services.item_decide(item=item, outcome=Outcome.AMEND, reason="第二条依据已修改，须修改第二条。", actor=drafter)
    assert (
        client.post(reverse("cleanup:campaign_legal_review", args=[campaign.pk]), {"note": "同意。"}).status_code == 302
    )
    client.force_login(archivist)
    assert client.post(publish).status_code == 302
    campaign.refresh_from_db()
    results = docx.Document(io.BytesIO(client.get(reverse("cleanup_results_docx", args=[campaign.pk])).content))
    text = "\n".join(p.text for p in results.paragraphs)
    assert "结果的决定" in text and "经司法行政机关法制审核" in text and "自本决定公布之日起" in text

    # The 修改 opens the amending work for its issuer, with a deadline, tracked on the campaign.
    followup = FollowUp.objects.get(kind=FollowUp.Kind.AMEND, document=old)
    assert followup.unit == drafter.unit and followup.due > timezone.localdate() and followup.is_open
    assert Notification.objects.filter(user=drafter, url=reverse("followups:detail", args=[followup.pk])).exists()
    client.force_login(drafter)
    assert "1 项待办理" in client.get(reverse("review:workbench")).content.decode()
    page = client.get(reverse("followups:detail", args=[followup.pk])).content.decode()
    start = reverse("documentreview:start:execute") + f"?amends={old.pk}"
    assert start in page.replace("&amp;", "&")
    assert client.get(start).context["form"]["amends"].value() == old.pk
    assert "待起草" in client.get(detail).content.decode()

    new = published(client, drafter, reviewer, archivist, amends=old.pk, title="某市电动自行车停放管理办法（修订）")
    followup.refresh_from_db()
    assert not followup.is_open and followup.successor == new.document
    old.refresh_from_db()
    assert old.status == Status.AMENDED and new.document.doc_number in old.status_basis
    client.force_login(administrator)
    tracking = client.get(detail).content.decode()
    assert f'新版本已公布：<a href="{reverse("filings:document_detail", args=[new.document.pk])}">' in tracking
    assert new.document.doc_number in tracking


def test_a_rule_repealed_in_a_cleanup_is_repealed_by_its_governments_order(
    client, drafter, reviewer, archivist, administrator
):
    drafter.unit.may_issue_rules = True
    drafter.unit.save()
    rule = published(client, drafter, reviewer, archivist, level="local_government_rule", interpretation="").document
    assert rule.doc_number.endswith("令第1号")
    campaign_decided(administrator, drafter, Outcome.REPEAL, "所规范的事项已由法规规定。")
    campaign = Campaign.objects.get()
    services.campaign_legal_review(campaign=campaign, actor=reviewer, note="")
    services.campaign_publish(campaign=campaign, actor=archivist)
    item = campaign.items.get(document=rule)
    assert item.order_number == rule.doc_number.replace("第1号", "第2号")  # the same continuous series
    rule.refresh_from_db()
    assert rule.status == Status.REPEALED and f"以{item.order_number}废止" in rule.status_basis


def test_a_term_ending_opens_a_re_evaluation_and_the_document_lapses_at_its_end(
    client, drafter, reviewer, archivist, settings
):
    document = published(client, drafter, reviewer, archivist).document
    today = timezone.localdate()
    Document.objects.filter(pk=document.pk).update(status=Status.IN_FORCE, expires=today + datetime.timedelta(days=150))
    central = Document.objects.create(title="国务院办公厅关于某事项的通知", level=Level.NORMATIVE_DOCUMENT,
                                      issuer="国务院办公厅", status=Status.IN_FORCE, text="……",
                                      expires=today + datetime.timedelta(days=100))  # fmt: skip
    assert followups_prepare(today=today) == 1
    assert followups_prepare(today=today) == 0  # once
    followup = FollowUp.objects.get(kind=FollowUp.Kind.REEVALUATE)
    assert followup.document == document and not FollowUp.objects.filter(document=central).exists()
    client.force_login(drafter)
    url = reverse("followups:detail", args=[followup.pk])
    assert "请写明理由" in client.post(url, {"decision": "lapse", "note": ""}).context["form"].errors["note"][0]
    assert client.post(url, {"decision": "lapse", "note": "阶段性工作已完成，不再需要。"}).status_code == 302
    followup.refresh_from_db()
    assert not followup.is_open and followup.decision == "lapse"
    followups_prepare(today=today + datetime.timedelta(days=151))
    document.refresh_from_db()
    central.refresh_from_db()
    assert document.status == Status.LAPSED and "届满" in document.status_basis
    assert central.status == Status.IN_FORCE  # not the platform's own document


def test_a_rule_gets_its_post_evaluation_after_the_set_period(client, drafter, reviewer, archivist, other_drafter):
    drafter.unit.may_issue_rules = True
    drafter.unit.save()
    rule = published(client, drafter, reviewer, archivist, level="local_government_rule", interpretation="").document
    today = timezone.localdate()
    Document.objects.filter(pk=rule.pk).update(status=Status.IN_FORCE, promulgated=today.replace(year=today.year - 3))
    assert followups_prepare(today=today) == 1
    followup = FollowUp.objects.get(kind=FollowUp.Kind.POST_EVALUATION, document=rule)
    url = reverse("followups:detail", args=[followup.pk])
    client.force_login(other_drafter)
    assert client.get(url).status_code == 404
    client.force_login(drafter)
    no_report = client.post(url, {"decision": "reported", "note": "实施情况良好。"})
    assert "请上传评估报告" in no_report.context["form"].errors["report"][0]
    report = SimpleUploadedFile("后评估报告.pdf", PDF, content_type="application/pdf")
    assert (
        client.post(url, {"decision": "reported", "note": "实施情况良好，建议继续实施。", "report": report}).status_code
        == 302
    )
    followup.refresh_from_db()
    assert not followup.is_open and followup.report_name == "后评估报告.pdf"

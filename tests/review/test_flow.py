"""One draft through every stage, as the real roles do, with the return loops."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from filings.models import Document, Status
from review.models import Filing, LegalityReview

from .conftest import LAWFUL, close_comment_window, do, submit

pytestmark = pytest.mark.django_db


def test_a_draft_travels_from_submission_to_filing_review(
    client, drafter, reviewer, archivist, filer, expert_user, expert_user2, settings
):
    settings.COMMENT_CHALLENGE_AFTER = 100  # three comments from the test client's one address
    process = submit(client, drafter, technical="on")
    assert process.document.is_draft and process.comment_closes is not None

    # public comment, two identical voices and one other: two groups
    for text in ["建议增加充电设施的规定。", "建议增加充电设施的规定！", "第二条应明确停放区域由谁划定。"]:
        client.logout()
        response = client.post(reverse("public_draft", args=[process.pk]), {"text": text})
        assert response.status_code == 302
    assert process.comment_groups.count() == 2
    assert close_comment_window(process) == 1

    groups = list(process.comment_groups.order_by("-size"))
    handle = reverse("review:comment_groups_handle", args=[process.pk])
    client.force_login(drafter)
    assert client.post(handle, {"groups": [groups[0].pk], "handling": "adopted"}).status_code == 302
    response = do(client, drafter, process, "handle_comments", {})
    assert "还有 1 组意见未处理" in response.content.decode()
    client.post(handle, {"groups": [groups[1].pk], "handling": "not_adopted", "reason": "已由他法规定"})
    assert do(client, drafter, process, "handle_comments", {}).status_code == 302

    # expert argument: each picked expert answers his own task
    experts = [expert_user.expert.pk, expert_user2.expert.pk]
    assert do(client, drafter, process, "pick_experts", {"experts": experts}).status_code == 302
    for user in (expert_user, expert_user2):
        response = do(client, user, process, "expert_opinion", {"opinion": "可行。", "signature": user.username})
        assert response.status_code == 302
    process.refresh_from_db()
    assert process.expert_closed_note == "全部专家已答复"

    # legality review: incomplete materials → supplement → amendments → lawful
    incomplete = {**LAWFUL, "material_procedure": "", "conclusion": "supplement"}
    assert do(client, reviewer, process, "legality_review", incomplete, take_first=True).status_code == 302
    supplement = {
        "explanation": "补充说明。",
        "legal_bases": "《中华人民共和国道路交通安全法》",
        "procedure_note": "已征求意见。",
    }
    assert do(client, drafter, process, "supplement", supplement).status_code == 302
    amend = {**LAWFUL, "conclusion": "amend", "amendments": "删去第二条的罚款。"}
    assert do(client, reviewer, process, "legality_review", amend, take_first=True).status_code == 302
    revised = process.document.text.replace("停放。", "停放，不得占用盲道。")
    response = do(
        client, drafter, process, "amend", {"title": process.document.title, "text": revised, "note": "已修改"}
    )
    assert response.status_code == 302
    assert do(client, reviewer, process, "legality_review", LAWFUL, take_first=True).status_code == 302
    assert [r.conclusion for r in process.legality_reviews.all()] == ["supplement", "amend", "lawful"]

    today = timezone.localdate()
    deliberation = {"meeting": "市政府第5次常务会议", "held_on": today.isoformat(), "decision": "adopted"}
    assert do(client, archivist, process, "deliberate", deliberation, take_first=True).status_code == 302

    publication = {"promulgated": today.isoformat(), "effective": (today + datetime.timedelta(days=30)).isoformat()}
    assert do(client, archivist, process, "publish", publication, take_first=True).status_code == 302
    document = Document.objects.get(pk=process.document.pk)
    assert document.stage == Document.Stage.PUBLISHED and document.doc_number == f"市监规〔{today.year}〕1号"
    assert "不得占用盲道" in document.text

    # filing: deferred → corrected → registered → explanation requested → no problem
    assert do(client, drafter, process, "submit_filing", {"report": "报送备案。"}).status_code == 302
    defer = {"decision": "deferred", "note": "缺少电子文本。"}
    assert do(client, filer, process, "register_filing", defer, take_first=True).status_code == 302
    assert do(client, drafter, process, "correct_filing", {"note": "补交电子文本。"}).status_code == 302
    assert do(client, filer, process, "register_filing", {"decision": "registered"}, take_first=True).status_code == 302
    ask = {"outcome": "explanation", "note": "请说明第二条的依据。"}
    assert do(client, filer, process, "filing_review", ask, take_first=True).status_code == 302
    assert do(client, drafter, process, "explain", {"text": "依据道路交通安全法。"}).status_code == 302
    done = {"outcome": "no_problem"}
    assert do(client, filer, process, "filing_review", done, take_first=True).status_code == 302

    process.refresh_from_db()
    filing = Filing.objects.get(process=process)
    assert filing.status == Filing.Status.REGISTERED and filing.outcome == Filing.Outcome.NO_PROBLEM
    assert filing.deferred_count == 1
    assert process.finished is not None
    page = client.get(reverse("review:process_detail", args=[process.pk])).content.decode()
    assert "完成" in page and "备案审查：未发现问题" in page
    assert LegalityReview.objects.filter(process=process).count() == 3
    assert Document.objects.get(pk=document.pk).status in (Status.NOT_YET_IN_FORCE, Status.IN_FORCE)

"""The texts a process passes through stay as they were: the 征求意见稿 the public read, each review round's
text, the adopted and the published text; the public sees how its comments were handled."""

import datetime
import io

import docx
import pytest
from django.urls import reverse
from django.utils import timezone

from review import services
from review.models import TextSnapshot

from .conftest import LAWFUL, close_comment_window, do, open_task, submit, take, task_url

pytestmark = pytest.mark.django_db


def test_the_public_page_shows_the_text_put_out_for_comment_not_a_later_one(client, drafter, reviewer):
    process = submit(client, drafter)
    frozen = TextSnapshot.objects.get(process=process, stage=TextSnapshot.Stage.COMMENT)
    assert "电动自行车应当在划定的停放区域内停放" in frozen.text
    # The drafter's internal text changes later (after comments, after review)…
    from filings.services import draft_revise

    draft_revise(document=process.document, title=process.document.title,
                 text=process.document.text.replace("划定的停放区域", "内部修改后的区域"), actor=drafter,
                 note="内部修改")  # fmt: skip
    client.logout()
    page = client.get(reverse("public_draft", args=[process.pk])).content.decode()
    assert "电动自行车应当在划定的停放区域内停放" in page and "内部修改后的区域" not in page
    assert "（征求意见稿）（征求意见稿）" not in page and "对本条提意见" in page
    # …and a comment on an article of the frozen text is accepted.
    assert (
        client.post(reverse("public_draft", args=[process.pk]), {"text": "好", "article_anchor": "a2"}).status_code
        == 302
    )


def test_after_the_window_the_public_reads_how_each_group_was_handled(client, drafter):
    process = submit(client, drafter)
    for text in ["建议增加充电设施。", "第二条应明确停放区域由谁划定。"]:
        client.post(reverse("public_draft", args=[process.pk]), {"text": text, "article_anchor": "a2"})
    close_comment_window(process)
    client.logout()
    page = client.get(reverse("public_draft", args=[process.pk])).content.decode()
    assert "正在处理收到的意见" in page
    groups = list(process.comment_groups.order_by("id"))
    services.comment_groups_handle(process=process, group_ids=[groups[0].pk], handling="adopted", reason="",
                                   actor=drafter)  # fmt: skip
    services.comment_groups_handle(process=process, group_ids=[groups[1].pk], handling="not_adopted",
                                   reason="由区人民政府划定，已有规定。", actor=drafter)  # fmt: skip
    page = client.get(reverse("public_draft", args=[process.pk])).content.decode()
    assert "意见采纳情况" in page and "不予采纳" in page and "由区人民政府划定，已有规定。" in page
    assert "第二条" in page and "正在处理" not in page


def test_each_stage_keeps_its_text_and_the_opinion_quotes_the_round_it_is_about(client, drafter, reviewer, archivist):
    process = submit(client, drafter, secret="on", secret_reason="涉密")
    amend = {**LAWFUL, "material_comment_handling": "", "conclusion": "amend", "amendments": "删去第二条。",
             "finding_0_article": "a2", "finding_0_note": "无上位法依据。"}  # fmt: skip
    response = do(client, reviewer, process, "legality_review", amend, take_first=True)
    assert response.status_code == 302, response.content.decode()[:2000]
    lines = ["某市电动自行车停放管理办法", "第一条　为了规范电动自行车停放，制定本办法。",
             "第二条　本办法自公布之日起30日后施行。"]  # fmt: skip
    revised = "\n".join(lines)
    do(client, drafter, process, "amend", {"title": process.document.title, "text": revised, "note": "删去原第二条"})
    assert do(client, reviewer, process, "legality_review", {**LAWFUL, "material_comment_handling": ""},
              take_first=True).status_code == 302  # fmt: skip
    today = timezone.localdate()
    do(client, archivist, process, "deliberate", {"meeting": "常务会议", "held_on": today.isoformat(),
       "decision": "adopted"}, take_first=True)  # fmt: skip
    do(client, archivist, process, "publish", {"promulgated": today.isoformat(),
       "effective": (today + datetime.timedelta(days=30)).isoformat()}, take_first=True)  # fmt: skip
    stages = [(s.stage, s.round) for s in process.snapshots.all()]
    assert stages == [("review", 1), ("review", 2), ("adopted", None), ("published", None)]
    first, second = process.snapshots.filter(stage="review").order_by("round")
    assert "电动自行车应当在划定的停放区域内停放" in first.text and "停放区域内停放" not in second.text
    # Round 1's opinion, downloaded now, quotes round 1's article 2, not the amended one.
    from review.docx_out import legality_opinion

    review = process.legality_reviews.get(round=1)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(legality_opinion(review))).paragraphs)
    assert "第二条：无上位法依据。" in text and "电动自行车应当在划定的停放区域内停放" in text
    with pytest.raises(Exception):  # noqa: B017 - append-only: PermissionDenied
        first.delete()


def test_the_reviewer_is_offered_the_comparison_with_the_last_round_as_page_and_docx(client, drafter, reviewer):
    process = submit(client, drafter, secret="on", secret_reason="涉密")
    amend = {**LAWFUL, "material_comment_handling": "", "conclusion": "amend", "amendments": "第二条补充盲道。"}
    do(client, reviewer, process, "legality_review", amend, take_first=True)
    revised = process.document.text.replace("停放区域内停放。", "停放区域内停放，不得占用盲道。")
    do(client, drafter, process, "amend", {"title": process.document.title, "text": revised, "note": "补充"})
    take(client, reviewer, open_task(process, "legality_review"))
    page = client.get(task_url(open_task(process, "legality_review"))).content.decode()
    assert "修改对照表：第 1 轮审核稿 → 当前草案" in page
    url = reverse("review:process_compare", args=[process.pk])
    first = process.snapshots.get(stage="review", round=1)
    table = client.get(url, {"a": first.pk, "b": "current"})
    rows = table.context["rows"]
    changed = [r for r in rows if r.changed]
    assert [(r.old_label, r.new_label, r.change) for r in changed] == [("第二条", "第二条", "修改")]
    assert "不得占用盲道" in table.content.decode()
    data = client.get(url, {"a": first.pk, "b": "current", "format": "docx"}).content
    cells = [[c.text for c in row.cells] for row in docx.Document(io.BytesIO(data)).tables[0].rows]
    assert cells[0] == ["原条文", "修改后条文", "修改说明"]
    assert any("不得占用盲道" in row[1] and row[2] == "修改" for row in cells)


def test_two_register_versions_compare_article_by_article(client, reviewer):
    from tests.factories import DocumentFactory

    old = DocumentFactory(title="某条例", promulgated="2010-01-01",
                          text="某条例\n第一条　甲。\n第二条　罚款一千元。")  # fmt: skip
    new = DocumentFactory(title="某条例", promulgated="2020-01-01",
                          text="某条例\n第一条　甲。\n第二条　新增规定。\n第三条　罚款二千元。")  # fmt: skip
    client.force_login(reviewer)
    assert (
        f"/documents/{new.pk}/compare/{old.pk}/"
        in client.get(reverse("filings:document_detail", args=[new.pk])).content.decode()
    )
    response = client.get(reverse("filings:document_compare", args=[old.pk, new.pk]))  # either order
    changes = [(r.old_label, r.new_label, r.change) for r in response.context["rows"]]
    assert changes == [
        ("第一条", "第一条", "未修改"),
        ("", "第二条", "新增"),
        ("第二条", "第三条", "修改（第二条改为第三条）"),
    ]

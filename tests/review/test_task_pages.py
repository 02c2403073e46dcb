"""Links a role is given on its task pages open, and every drafting-unit filing task page renders."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from .conftest import LAWFUL, do, open_task, submit, take, task_url

pytestmark = pytest.mark.django_db


def _links(html: str) -> list[str]:
    return re.findall(r'href="([^"#]+)(?:#[^"]*)?"[^>]*>草案全文', html)


def test_the_reviewer_and_the_expert_open_the_draft_from_their_task_pages(
    client, drafter, reviewer, other_drafter, expert_user
):
    process = submit(client, drafter, secret="on", secret_reason="涉密", technical="on")
    assert do(client, drafter, process, "pick_experts", {"experts": [expert_user.expert.pk]}).status_code == 302
    for user, task in ((expert_user, open_task(process, "expert_opinion")),):
        client.force_login(user)
        page = client.get(task_url(task)).content.decode()
        (link,) = _links(page)
        draft = client.get(link)
        assert (
            draft.status_code == 200
            and "第二条" in draft.content.decode()
            and "电动自行车应当" in draft.content.decode()
        )
        assert client.get(reverse("review:process_draft_docx", args=[process.pk])).status_code == 200
    do(client, expert_user, process, "expert_opinion", {"opinion": "可行。", "signature": "expert"})
    take(client, reviewer, open_task(process, "legality_review"))
    page = client.get(task_url(open_task(process, "legality_review"))).content.decode()
    (link,) = _links(page)
    assert client.get(link).status_code == 200
    client.force_login(other_drafter)
    assert client.get(link).status_code == 404
    assert client.get(reverse("review:process_draft_docx", args=[process.pk])).status_code == 404


def _to_filing_review(client, drafter, reviewer, archivist, filer):
    process = submit(client, drafter, secret="on", secret_reason="涉密")
    assert do(client, reviewer, process, "legality_review", {**LAWFUL, "material_comment_handling": ""},
              take_first=True).status_code == 302  # fmt: skip
    today = timezone.localdate()
    do(client, archivist, process, "deliberate", {"meeting": "常务会议", "held_on": today.isoformat(),
       "decision": "adopted"}, take_first=True)  # fmt: skip
    do(client, archivist, process, "publish", {"promulgated": today.isoformat(),
       "effective": (today + datetime.timedelta(days=30)).isoformat()}, take_first=True)  # fmt: skip
    do(client, drafter, process, "submit_filing", {"report": "报送备案。"})
    do(client, filer, process, "register_filing", {"decision": "registered"}, take_first=True)
    return process


@pytest.mark.parametrize(
    ("outcome", "node", "asked", "answer"),
    [
        ("explanation", "explain", "某市人民政府（备案审查机关）要求说明：请说明第二条的依据。", {}),
        ("self_correction", "report_back", "某市人民政府审查意见（", {"action": "none"}),
    ],
)
def test_the_drafters_answer_to_the_filing_review_opens_and_can_be_sent(
    client, drafter, reviewer, archivist, filer, outcome, node, asked, answer
):
    process = _to_filing_review(client, drafter, reviewer, archivist, filer)
    ask = {"outcome": outcome, "note": "请说明第二条的依据。"}
    assert do(client, filer, process, "filing_review", ask, take_first=True).status_code == 302
    task = open_task(process, node)
    client.force_login(drafter)
    page = client.get(task_url(task))
    assert page.status_code == 200 and asked in page.content.decode()
    assert client.post(task_url(task), {**answer, "text": "依据道路交通安全法。"}).status_code == 302


def test_the_workbench_shows_what_the_user_may_take_beside_its_own_tasks(client, drafter, reviewer):
    process = submit(client, drafter, secret="on", secret_reason="涉密")
    client.force_login(reviewer)
    page = client.get(reverse("review:workbench")).content.decode()
    assert "可领取的任务（1）" in page and "合法性审核" in page and "领取" in page
    assert process.document.title in page


def test_date_fields_show_their_default_and_a_calendar_day_deadline_is_counted_in_days(
    client, drafter, reviewer, archivist
):
    process = submit(client, drafter, secret="on", secret_reason="涉密")
    assert do(client, reviewer, process, "legality_review", {**LAWFUL, "material_comment_handling": ""},
              take_first=True).status_code == 302  # fmt: skip
    today = timezone.localdate()
    take(client, archivist, open_task(process, "deliberate"))
    do(client, archivist, process, "deliberate", {"meeting": "常务会议", "held_on": today.isoformat(),
       "decision": "adopted"})  # fmt: skip
    take(client, archivist, open_task(process, "publish"))
    page = client.get(task_url(open_task(process, "publish"))).content.decode()
    assert f'value="{today.isoformat()}"' in page  # an ISO value the browser's date input shows
    assert "个工作日" in page  # publication: working days


def test_the_year_filter_lists_each_year_once(client, reviewer):
    from ..factories import DocumentFactory

    for day in ("2020-01-01", "2020-06-01", "2021-03-01"):
        DocumentFactory(promulgated=day)
    client.force_login(reviewer)
    assert client.get(reverse("filings:document_list")).context["years"] == [2021, 2020]


def test_a_deadline_in_calendar_days_is_shown_in_days():
    from review.selectors import deadline_card

    today = datetime.date(2026, 12, 1)
    assert deadline_card(datetime.date(2026, 12, 11), today, workdays=False).label == "剩 10 天"
    assert deadline_card(datetime.date(2026, 12, 11), today).label == "剩 8 个工作日"


def test_the_header_counts_the_tasks_waiting_for_the_user(client, drafter, reviewer, other_drafter):
    submit(client, drafter, secret="on", secret_reason="涉密")
    client.force_login(reviewer)
    page = client.get(reverse("filings:document_list")).content.decode()
    assert re.search(r'工作台 <span class="count"[^>]*>1</span>', page)
    client.force_login(other_drafter)
    assert 'class="count"' not in client.get(reverse("filings:document_list")).content.decode()


def test_the_expert_picker_shows_peoples_names(client):
    from accounts.models import User
    from accounts.services import demo_accounts_ensure
    from review.services import demo_experts_ensure

    demo_accounts_ensure()
    demo_experts_ensure()
    drafter = User.objects.get(username="drafter")
    process = submit(client, drafter, secret="on", secret_reason="涉密", technical="on")
    page = client.get(task_url(open_task(process, "pick_experts"))).content.decode()
    assert "陈教授（行政法，甲市法学会专家库）" in page
    assert "张明（drafter）" in page  # the header names the person signed in


def test_after_a_task_the_user_goes_to_the_next_one_or_the_workbench(client, drafter, reviewer):
    first = submit(client, drafter, secret="on", secret_reason="涉密")
    second = submit(client, drafter, secret="on", secret_reason="涉密")
    take(client, reviewer, open_task(first, "legality_review"))
    take(client, reviewer, open_task(second, "legality_review"))
    data = {**LAWFUL, "material_comment_handling": ""}
    response = client.post(task_url(open_task(first, "legality_review")), data)
    assert response["Location"] == task_url(open_task(second, "legality_review"))
    response = client.post(task_url(open_task(second, "legality_review")), data)
    assert response["Location"] == reverse("review:workbench")


def test_a_re_review_keeps_the_ticked_materials_and_the_drafter_is_told_what_is_missing(client, drafter, reviewer):
    process = submit(client, drafter, secret="on", secret_reason="涉密")
    incomplete = {**LAWFUL, "material_comment_handling": "", "material_procedure": "", "conclusion": "supplement"}
    assert do(client, reviewer, process, "legality_review", incomplete, take_first=True).status_code == 302
    client.force_login(drafter)
    page = client.get(task_url(open_task(process, "supplement"))).content.decode()
    assert "缺少：起草及程序说明、征求意见及采纳情况" in page
    do(client, drafter, process, "supplement", {"explanation": "说明", "legal_bases": "《道路交通安全法》",
                                                "procedure_note": "已调研。"})  # fmt: skip
    take(client, reviewer, open_task(process, "legality_review"))
    form = client.get(task_url(open_task(process, "legality_review"))).context["form"]
    assert form["material_draft"].value() is True and not form["material_procedure"].value()


def test_the_dashboards_unit_filter_offers_only_drafting_units(client, drafter, other_drafter, reviewer):
    client.force_login(reviewer)
    offered = {u.name for u in client.get(reverse("review:dashboard")).context["form"].fields["unit"].queryset}
    assert offered == {drafter.unit.name, other_drafter.unit.name}


@pytest.mark.parametrize("written", ["《行政处罚法》", "行政处罚法", "中华人民共和国行政处罚法", "处罚法"])
def test_the_higher_law_field_accepts_what_citations_accept(client, drafter, reviewer, written):
    from filings.models import Document, TitleAlias
    from review.models import ReviewFinding

    from ..factories import DocumentFactory

    law = DocumentFactory(title="中华人民共和国行政处罚法", level="law", status="in_force")
    TitleAlias.objects.create(alias="处罚法", title="中华人民共和国行政处罚法")
    process = submit(client, drafter, secret="on", secret_reason="涉密")
    amend = {**LAWFUL, "material_comment_handling": "", "conclusion": "amend", "amendments": "修改",
             "finding_0_article": "a2", "finding_0_law": written, "finding_0_law_article": "第九条",
             "finding_0_note": "设定了处罚"}  # fmt: skip
    assert do(client, reviewer, process, "legality_review", amend, take_first=True).status_code == 302
    assert ReviewFinding.objects.get().higher_law == law
    assert Document.objects.filter(pk=law.pk).exists()


def test_publication_confirms_the_title_without_the_draft_mark_and_defaults_to_the_texts_date(
    client, drafter, reviewer, archivist
):
    from filings.models import Document

    title = "某市电动自行车停放管理办法（征求意见稿）"
    process = submit(client, drafter, secret="on", secret_reason="涉密", title=title,
                     text=f"{title}\n第一条　规范停放。\n第二条　本办法自2027年3月1日起施行。")  # fmt: skip
    assert do(client, reviewer, process, "legality_review", {**LAWFUL, "material_comment_handling": ""},
              take_first=True).status_code == 302  # fmt: skip
    today = timezone.localdate()
    do(client, archivist, process, "deliberate", {"meeting": "常务会议", "held_on": today.isoformat(),
       "decision": "adopted"}, take_first=True)  # fmt: skip
    take(client, archivist, open_task(process, "publish"))
    form = client.get(task_url(open_task(process, "publish"))).context["form"]
    assert form["title"].value() == "某市电动自行车停放管理办法"
    assert form["effective"].value() == datetime.date(2027, 3, 1)
    data = {"title": form["title"].value(), "promulgated": today.isoformat(), "effective": "2027-03-01"}
    assert client.post(task_url(open_task(process, "publish")), data).status_code == 302
    assert Document.objects.get(pk=process.document.pk).title == "某市电动自行车停放管理办法"


def test_a_draft_sent_back_returns_to_the_reviewer_who_sent_it(client, drafter, reviewer):
    from accounts.roles import Role

    from ..factories import UnitFactory, UserFactory

    other = UserFactory(username="reviewer2", unit=UnitFactory(name="市司法局二处"), role=Role.LEGALITY_REVIEWER)
    process = submit(client, drafter, secret="on", secret_reason="涉密")
    amend = {**LAWFUL, "material_comment_handling": "", "conclusion": "amend", "amendments": "删去第二条。"}
    do(client, reviewer, process, "legality_review", amend, take_first=True)
    do(client, drafter, process, "amend", {"title": process.document.title, "text": process.document.text,
                                           "note": "已按意见修改"})  # fmt: skip
    again = open_task(process, "legality_review")
    assert again.owner == reviewer  # in his inbox, not in everyone's queue
    client.force_login(other)
    assert again.pk not in [t.pk for t in client.get(reverse("review:workbench")).context["queue"]]
    assert client.post(task_url(again), {**LAWFUL, "material_comment_handling": ""}).status_code == 403
    # A first review waits in the queue.
    fresh = submit(client, drafter, secret="on", secret_reason="涉密")
    assert open_task(fresh, "legality_review").owner is None


def test_the_process_chart_is_drawn_at_a_readable_size_with_chinese_branches(client, drafter):
    process = submit(client, drafter, secret="on", secret_reason="涉密")
    page = client.get(reverse("review:process_detail", args=[process.pk])).content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'width="100%"' not in svg.split(">", 1)[0] and 'font-size="15px"' in svg
    assert re.search(r">\s*是\s*<", svg) and not re.search(r">\s*(yes|no)\s*<", svg)


def _field_error(response, field: str) -> str:
    """The error shown next to `field` (rendered in the field's own errorlist, not at the top)."""
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors and not form.non_field_errors(), form.errors
    html = response.content.decode()
    assert str(form[field].errors) in html
    return " ".join(form.errors[field])


def test_a_services_refusal_is_shown_next_to_the_field_it_concerns(client, drafter, reviewer, archivist, filer):
    from .conftest import through_filing

    process = submit(client, drafter, secret="on", secret_reason="涉密")
    amend = {**LAWFUL, "conclusion": "amend", "amendments": ""}
    response = do(client, reviewer, process, "legality_review", amend, take_first=True)
    assert _field_error(response, "amendments") == "“修改后合法”须列明修改意见。"
    unlawful = {**LAWFUL, "conclusion": "unlawful"}
    response = do(client, reviewer, process, "legality_review", unlawful)
    assert _field_error(response, "note") == "请在审核要点或说明中写明不合法或程序欠缺之处。"

    response = client.post(
        task_url(open_task(process, "legality_review")), {**LAWFUL, "material_procedure": "", "conclusion": "lawful"}
    )
    assert "只能退回补充材料" in _field_error(response, "conclusion")

    filed = through_filing(client, drafter, reviewer, archivist)
    response = do(client, filer, filed, "register_filing", {"decision": "deferred", "note": ""}, take_first=True)
    assert _field_error(response, "note") == "暂缓登记的，须写明需要补正的内容。"
    # 备案审查条例 art. 9: 15 days from the notice; a deadline of tomorrow is refused.
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = do(
        client, filer, filed, "register_filing", {"decision": "deferred", "note": "补", "correction_due": tomorrow}
    )
    assert "自收到暂缓登记通知之日起 15 日内补正" in _field_error(response, "correction_due")


def test_publication_refusals_sit_next_to_the_dates(client, drafter, reviewer, archivist):
    process = submit(client, drafter, secret="on", secret_reason="涉密")
    do(client, reviewer, process, "legality_review", LAWFUL, take_first=True)
    today = timezone.localdate()
    meeting = {"meeting": "市政府第5次常务会议", "held_on": today.isoformat(), "decision": "adopted"}
    do(client, archivist, process, "deliberate", meeting, take_first=True)
    soon = {"promulgated": today.isoformat(), "effective": (today + datetime.timedelta(days=5)).isoformat()}
    response = do(client, archivist, process, "publish", soon, take_first=True)
    assert _field_error(response, "early_reason") == "自公布之日起不足 30 日施行的，须说明理由。"
    backwards = {"promulgated": today.isoformat(), "effective": (today - datetime.timedelta(days=1)).isoformat()}
    assert (
        _field_error(do(client, archivist, process, "publish", backwards), "effective") == "施行日期不能早于公布日期。"
    )


def test_the_history_lists_each_action_once_in_order_with_peoples_names(client, drafter, reviewer, archivist):
    from .conftest import through_filing

    drafter.last_name, drafter.first_name = "张", "明"
    drafter.save()
    process = through_filing(client, drafter, reviewer, archivist)
    page = client.get(reverse("review:process_detail", args=[process.pk])).content.decode()
    history = page[page.index('<ol class="history">') : page.index("</ol>", page.index('<ol class="history">'))]
    lines = [re.sub(r"^\S+ \d\d:\d\d ", "", line) for line in re.findall(r"<li>(.*?)</li>", history)]
    today = timezone.localdate()
    year = today.year
    assert lines == [
        "张明：提交草稿（依法不公开征求意见）", "张明：政策解读", "reviewer：领取任务：合法性审核",
        "reviewer：合法性审核第 1 轮：修改后合法", "张明：按审核意见修改草案：已改",
        "reviewer：合法性审核第 2 轮：合法", "archivist：领取任务：集体审议",
        f"archivist：集体审议：市政府第5次常务会议（{year}年{today.month}月{today.day}日）：通过",
        "archivist：领取任务：统一登记、编号、公布",
        f"archivist：统一公布：市监规〔{year}〕1号，登记编号 {year}-00001", "张明：报送备案：某市人民政府",
    ]  # fmt: skip

"""The pre-check's procedure finding: what the workflow's own records show missing for the draft."""

import datetime

import pytest
from django.utils import timezone

from decisions.models import FairCompetitionReview
from review.models import ReviewProcess
from review.procedure import procedure_gaps

from .conftest import LAWFUL, open_task, submit, take, task_url

pytestmark = pytest.mark.django_db
NOW_TEXT = "某市电动自行车停放管理办法\n第一条　为规范停放，制定本办法。\n第二条　本办法自公布之日起施行。"


def _gaps(process):
    process.refresh_from_db()
    gaps = procedure_gaps(process, today=timezone.localdate(), competition_flagged=False)
    return {g.text.split("，")[0]: g.advisory for g in gaps}


def test_the_records_tell_which_required_step_is_missing(client, drafter):
    process = submit(client, drafter, secret="on", secret_reason="涉及国家秘密", text=NOW_TEXT)
    gaps = _gaps(process)
    assert gaps == {"正文规定“自公布之日起施行”": True}  # publication will ask for the reason

    ReviewProcess.objects.filter(pk=process.pk).update(secret_reason="", technical=True, touches_market=True)
    gaps = _gaps(process)
    assert gaps["未公开征求意见"] is False
    assert gaps["草案专业性、技术性较强（或属重大行政决策）"] is False
    assert gaps["涉及经营者经济活动"] is True  # recorded before deliberation, told now

    ReviewProcess.objects.filter(pk=process.pk).update(
        early_effect_reason="防汛需要", secret_reason="涉及国家秘密", technical=False
    )
    FairCompetitionReview.objects.create(
        process=process, recorded_by=drafter, conclusion=FairCompetitionReview.Conclusion.COMPLIANT,
        reasons="无排除、限制竞争的内容。", reviewed_on=datetime.date.today(),
    )  # fmt: skip
    assert _gaps(process) == {}


def test_a_missing_step_is_shown_to_the_reviewer_and_a_lawful_conclusion_beside_it_needs_a_reason(
    client, drafter, reviewer
):
    process = submit(client, drafter, secret="on", secret_reason="涉及国家秘密", text=NOW_TEXT)
    ReviewProcess.objects.filter(pk=process.pk).update(technical=True)  # and no expert was ever asked
    take(client, reviewer, open_task(process, "legality_review"))
    url = task_url(open_task(process, "legality_review"))
    page = client.get(url)
    labels = [(f.label, f.advisory) for f in page.context["precheck"]]
    assert ("程序缺失", False) in labels and ("程序缺失", True) in labels
    assert "（提示）" in page.content.decode()
    assert page.context["form"]["point_procedure"].value() == "problem"

    refused = client.post(url, {**LAWFUL, "material_comment_handling": ""})
    assert (
        refused.status_code == 200 and "预审查提示 1 项问题" in refused.content.decode()
    )  # the advisory one is not counted
    accepted = client.post(
        url, {**LAWFUL, "material_comment_handling": "", "precheck_override": "已书面征询专家意见。"}
    )
    assert accepted.status_code == 302


def test_the_newer_findings_point_the_reviewer_to_their_article(client, drafter, reviewer):
    text = (
        "某市网约车驾驶员从业管理办法\n第一条　为规范从业，制定本办法。\n"
        "第二条　申请从事网约车驾驶的，须提供无犯罪记录证明。\n"
        "第三条　外地企业在本市承揽网约车业务的，应当在本市设立分支机构。\n第四条　本办法自公布之日起30日后施行。"
    )
    process = submit(client, drafter, secret="on", secret_reason="涉及国家秘密", text=text)
    take(client, reviewer, open_task(process, "legality_review"))
    precheck = client.get(task_url(open_task(process, "legality_review"))).context["precheck"]
    articles = {f.kind: f.article.label for f in precheck if f.article}
    assert articles == {"added_requirement": "第二条", "fair_competition": "第三条"}

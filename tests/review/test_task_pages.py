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


@pytest.mark.parametrize(("outcome", "node"), [("explanation", "explain"), ("self_correction", "report_back")])
def test_the_drafters_answer_to_the_filing_review_opens_and_can_be_sent(
    client, drafter, reviewer, archivist, filer, outcome, node
):
    process = _to_filing_review(client, drafter, reviewer, archivist, filer)
    ask = {"outcome": outcome, "note": "请说明第二条的依据。"}
    assert do(client, filer, process, "filing_review", ask, take_first=True).status_code == 302
    task = open_task(process, node)
    client.force_login(drafter)
    page = client.get(task_url(task))
    assert page.status_code == 200 and "备案审查机关要求：请说明第二条的依据。" in page.content.decode()
    assert client.post(task_url(task), {"text": "依据道路交通安全法。"}).status_code == 302

"""A filing body works its filings through the API as on its task pages: only the filings sent to its unit,
only by its filing reviewers, only at the step the filing is at, with the pages' messages."""

import pytest

from review.models import Filing
from tests.jurisdictions.test_levels import people, to_publication, units  # noqa: F401 - fixtures
from tests.review.conftest import do, open_task, submit, take

pytestmark = pytest.mark.django_db


def submitted(client, people):  # noqa: F811
    p = people
    process = submit(client, p["qx_drafter"], secret="on", secret_reason="涉密", title="东旗草原防火管理办法")
    to_publication(client, process, p["qx_reviewer"], p["qx_archivist"])
    assert do(client, p["qx_drafter"], process, "submit_filing", {"report": "报送备案。"}).status_code == 302
    client.logout()
    return process, process.filings.get()


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_the_filing_body_registers_and_concludes_through_the_api(client, people):  # noqa: F811
    process, filing = submitted(client, people)
    body = people["qx_reviewer"]  # 东旗司法局: reviews 东旗's filings
    client.force_login(body)
    [row] = client.get("/api/v1/filings/").json()["results"]
    assert row["id"] == filing.pk and row["status"] == "submitted" and row["title"] == "东旗草原防火管理办法"

    url = f"/api/v1/filings/{filing.pk}/"
    deferred = post(client, url + "register/", {"decision": "deferred"})
    assert deferred.status_code == 400 and deferred.json()["errors"] == {"note": ["暂缓登记的，须写明需要补正的内容。"]}
    assert open_task(process, "register_filing").status == "NEW"  # the refusal left the task untaken
    wrong_step = post(client, url + "outcome/", {"outcome": "no_problem"})
    assert wrong_step.status_code == 409 and "备案审查" in wrong_step.json()["detail"]

    registered = post(client, url + "register/", {"decision": "registered", "note": "材料齐全"})
    assert registered.status_code == 200 and registered.json()["status"] == "registered"
    assert registered.json()["review_due"]
    assert post(client, url + "register/", {"decision": "registered"}).status_code == 409  # done once
    open_task(process, "filing_review")  # the flow moved on, as from the task page
    no_note = post(client, url + "outcome/", {"outcome": "self_correction"})
    assert no_note.json()["errors"] == {"note": ["请写明审查意见。"]}
    concluded = post(client, url + "outcome/", {"outcome": "no_problem"})
    assert concluded.status_code == 200 and concluded.json()["outcome_label"] == "未发现问题"
    filing.refresh_from_db()
    assert filing.closed_at is not None and filing.outcome == Filing.Outcome.NO_PROBLEM
    assert "备案审查：未发现问题" in " ".join(process.events.values_list("what", flat=True))
    [on_document] = client.get(f"/api/v1/documents/{filing.document_id}/").json()["filings"]
    assert on_document["status_label"] == "已登记" and on_document["outcome_label"] == "未发现问题"


def test_others_are_refused_as_on_the_pages(client, people):  # noqa: F811
    process, filing = submitted(client, people)
    url = f"/api/v1/filings/{filing.pk}/"
    assert client.get("/api/v1/filings/").status_code == 401
    client.force_login(people["qx_drafter"])  # the issuer's drafter: not a filing body
    assert client.get("/api/v1/filings/").status_code == 403
    assert post(client, url + "register/", {"decision": "registered"}).status_code == 403
    client.force_login(people["qx2_reviewer"])  # 西旗司法局: not sent to it
    assert client.get("/api/v1/filings/").json()["results"] == []
    assert post(client, url + "register/", {"decision": "registered"}).status_code == 404
    assert client.get(url).status_code == 404
    bad = post(client, url + "register/", {"decision": "maybe"})
    assert bad.status_code == 404  # what it may not see is not disclosed, whatever the body
    filing.refresh_from_db()
    assert filing.status == Filing.Status.SUBMITTED
    # Someone of the body has taken the task on its page: the API says who, and does nothing.
    colleague = people["qx_reviewer"]
    take(client, colleague, open_task(process, "register_filing"))
    other = type(colleague).objects.create(username="qx-reviewer-2", unit=colleague.unit)
    other.groups.set(colleague.groups.all())
    client.force_login(other)
    taken = post(client, url + "register/", {"decision": "registered"})
    assert taken.status_code == 409 and "已由" in taken.json()["detail"]

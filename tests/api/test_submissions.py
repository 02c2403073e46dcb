"""A drafting unit submits a draft through the API as on the submit page: typed or as .docx, in its own
name or its government's, with the page's checks; nobody else can, and a refusal stores nothing."""

import io

import docx
import pytest

from filings.models import Document
from review.models import ReviewProcess

from ..review.conftest import SUBMISSION

pytestmark = pytest.mark.django_db


def submission(drafter, **overrides):
    return {**SUBMISSION, "issuer_unit": drafter.unit.pk, "comment_days": 30, **overrides}


def test_a_drafter_submits_a_typed_draft_and_a_docx(client, drafter):
    client.force_login(drafter)
    made = client.post("/api/v1/submissions/", submission(drafter), content_type="application/json")
    assert made.status_code == 201, made.content
    body = made.json()
    process = ReviewProcess.objects.get(pk=body["process_id"])
    assert body["articles"] == 3 and body["title"] == "某市电动自行车停放管理办法"
    assert process.submitter == drafter and process.comment_closes is not None
    assert "提交草稿（征求意见 30 日）" in process.events.values_list("what", flat=True)

    out = docx.Document()
    out.add_heading("某市共享单车管理办法", level=1)
    out.add_paragraph("第一条　为了规范共享单车管理，制定本办法。")
    out.add_paragraph("第二条　本办法自公布之日起施行。")
    buffer = io.BytesIO()
    out.save(buffer)
    buffer.seek(0)
    buffer.name = "草案.docx"
    fields = {k: v for k, v in submission(drafter).items() if k not in ("title", "text")}
    uploaded = client.post("/api/v1/submissions/", {**fields, "file": buffer})
    assert uploaded.status_code == 201 and uploaded.json()["title"] == "某市共享单车管理办法"
    assert uploaded.json()["articles"] == 2


def test_bad_drafts_and_the_wrong_people_are_refused_and_nothing_is_stored(client, drafter, other_drafter, reviewer):
    url = "/api/v1/submissions/"
    assert client.post(url, submission(drafter), content_type="application/json").status_code == 401
    client.force_login(reviewer)  # not a drafting unit
    assert client.post(url, submission(drafter), content_type="application/json").status_code == 403
    client.force_login(other_drafter)  # in another unit's name
    foreign = client.post(url, submission(drafter), content_type="application/json")
    assert foreign.status_code == 400 and "issuer_unit" in foreign.json()["errors"]
    client.force_login(drafter)
    empty = client.post(url, submission(drafter, title="", text=""), content_type="application/json")
    assert empty.status_code == 400
    assert "请填写标题和正文，或上传 Word 文件。" in str(empty.json()["errors"])
    short = client.post(url, submission(drafter, comment_days=10), content_type="application/json")
    assert "须说明理由" in str(short.json()["errors"]["comment_short_reason"])
    broken = io.BytesIO(b"PK\x03\x04 not really a zip")
    broken.name = "草案.docx"
    damaged = client.post(url, {**submission(drafter), "file": broken})
    assert damaged.status_code == 400 and "文件已损坏" in str(damaged.json()["errors"])
    assert not ReviewProcess.objects.exists() and not Document.objects.exists()

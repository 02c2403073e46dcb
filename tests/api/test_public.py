"""The public's endpoints (no account): comments on an open draft with the page's limits and challenge,
审查建议 and their status by number and code, with the page's messages."""

import pytest
from captcha.models import CaptchaStore
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import Role
from jurisdictions.demo import hierarchy_ensure
from review.models import Comment
from review_requests.models import ReviewRequest

from ..factories import DocumentFactory, UserFactory
from ..review.conftest import close_comment_window, submit

pytestmark = pytest.mark.django_db


def comment(client, process, text, address="10.0.0.1", **extra):
    return client.post(f"/api/v1/drafts/{process.pk}/comments/", {"text": text, **extra},
                       content_type="application/json", REMOTE_ADDR=address)  # fmt: skip


def test_the_public_reads_an_open_draft_and_comments_within_the_pages_limits(client, drafter, settings):
    settings.COMMENT_CHALLENGE_AFTER = 2
    process = submit(client, drafter)
    client.logout()
    [row] = client.get("/api/v1/drafts/").json()["results"]
    assert row["id"] == process.pk and row["title"] == "某市电动自行车停放管理办法"
    draft = client.get(f"/api/v1/drafts/{process.pk}/", REMOTE_ADDR="10.0.0.1").json()
    assert [a["anchor"] for a in draft["articles"]] == ["a1", "a2", "a3"] and draft["challenge_needed"] is False

    made = comment(client, process, "建议第二条增加充电设施。\x07", article_anchor="a2")
    assert made.status_code == 201 and made.json()["detail"] == "感谢您的意见，已收到。"
    assert Comment.objects.get().text == "建议第二条增加充电设施。"  # the control character never stored
    too_long = comment(client, process, "长" * (settings.COMMENT_MAX_CHARS + 1))
    assert too_long.status_code == 400 and too_long["Content-Type"] == "application/problem+json"
    assert too_long.json()["errors"]["text"] == [
        f"意见过长：{settings.COMMENT_MAX_CHARS + 1} 字，上限 {settings.COMMENT_MAX_CHARS} 字。"
    ]
    assert comment(client, process, "意见", article_anchor="a99").json()["errors"] == {
        "article_anchor": ["所选条文不存在。"]
    }
    assert comment(client, process, "关于施行日期：建议延后。").status_code == 201

    # Two from one address: the third needs the picture challenge, as on the page.
    assert client.get(f"/api/v1/drafts/{process.pk}/", REMOTE_ADDR="10.0.0.1").json()["challenge_needed"] is True
    refused = comment(client, process, "关于停放区域：建议公布地图。")
    assert refused.status_code == 400 and "captcha/" in refused.json()["errors"]["captcha_answer"][0]
    challenge = client.post("/api/v1/captcha/").json()
    assert "/captcha/image/" in challenge["image_url"]
    wrong = comment(
        client, process, "关于停放区域：建议公布地图。", captcha_key=challenge["captcha_key"], captcha_answer="nope"
    )
    assert wrong.status_code == 400 and wrong.json()["errors"]["captcha_answer"] == ["验证码不正确，请重新获取并输入。"]
    assert not CaptchaStore.objects.filter(hashkey=challenge["captcha_key"]).exists()  # one guess per picture
    challenge = client.post("/api/v1/captcha/").json()
    answer = CaptchaStore.objects.get(hashkey=challenge["captcha_key"]).response  # what a person reads off it
    assert comment(client, process, "关于停放区域：建议公布地图。", captcha_key=challenge["captcha_key"],
                   captcha_answer=answer).status_code == 201  # fmt: skip
    assert comment(client, process, "另一个地址的意见。", address="10.0.0.2").status_code == 201
    assert Comment.objects.count() == 4

    close_comment_window(process)
    assert client.get(f"/api/v1/drafts/{process.pk}/").status_code == 404
    closed = comment(client, process, "迟到的意见。", address="10.0.0.3")
    assert closed.status_code == 400 and closed.json()["errors"] == {
        "non_field_errors": ["该草案当前不在征求意见期内。"]
    }
    assert (
        client.post("/api/v1/drafts/999999/comments/", {"text": "x"}, content_type="application/json").status_code
        == 404
    )
    assert Comment.objects.count() == 4


@pytest.fixture
def published(settings):
    settings.REVIEW_REQUEST_MAX_PER_DAY = 2
    units = hierarchy_ensure()
    document = DocumentFactory(title="甲市共享单车停放管理办法", issuer_unit=units["甲市市场监督管理局"])
    filer = UserFactory(username="jia-filer", unit=units["甲市司法局"], role=Role.FILING_REVIEWER)
    return document, filer


REQUEST = {"requester_kind": "citizen", "requester_name": "王某", "contact": "13800000000", "articles": "第二条",
           "reasons": "第二条设定的罚款没有法律依据。"}  # fmt: skip


def test_a_review_request_is_made_and_followed_by_its_code(client, published):
    document, filer = published
    url = f"/api/v1/documents/{document.pk}/review-requests/"
    made = client.post(url, REQUEST, content_type="application/json")
    assert made.status_code == 201, made.content
    body = made.json()
    request = ReviewRequest.objects.get(number=body["number"])
    assert request.body.name == "甲市司法局" and body["body"] == request.body.issuer
    assert body["code"] not in request.code_hash

    status = client.post("/api/v1/review-requests/status/", {"number": body["number"], "code": body["code"]},
                         content_type="application/json").json()  # fmt: skip
    assert status["status"] == "received" and status["status_label"] == "已收到，待登记"
    assert status["events"][0]["what"].startswith("收到审查建议") and status["answer"] == ""
    wrong = client.post("/api/v1/review-requests/status/", {"number": body["number"], "code": "WRONG"},
                        content_type="application/json")  # fmt: skip
    assert wrong.status_code == 400 and wrong.json()["errors"] == {"non_field_errors": ["编号或查询码不正确。"]}

    with_file = client.post(url, {**REQUEST, "attachment_file": SimpleUploadedFile("依据.pdf", b"%PDF-1.4\n%%EOF")})
    assert (
        with_file.status_code == 201
        and ReviewRequest.objects.get(number=with_file.json()["number"]).attachment_name == "依据.pdf"
    )
    flood = client.post(url, REQUEST, content_type="application/json")
    assert flood.status_code == 400 and "每天最多 2 件" in flood.json()["errors"]["non_field_errors"][0]

    missing = client.post(url, {"requester_kind": "alien"}, content_type="application/json")
    assert missing.status_code == 400 and {"requester_kind", "requester_name", "contact", "reasons"} <= set(
        missing.json()["errors"]
    )
    fake = client.post(url, {**REQUEST, "attachment_file": SimpleUploadedFile("x.pdf", b"not a pdf")})
    assert fake.status_code == 400 and "attachment_file" in fake.json()["errors"]
    draft = DocumentFactory(title="草稿", stage="draft")
    assert client.post(f"/api/v1/documents/{draft.pk}/review-requests/", REQUEST,
                       content_type="application/json").status_code == 404  # fmt: skip
    assert ReviewRequest.objects.count() == 2

"""审查建议 from the public: submitted without an account to the office that reviews the document's filing,
followed by its number and code, registered, answered (or forwarded), with refusals of the wrong people."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import Role
from jurisdictions.demo import hierarchy_ensure
from review_requests.models import ReviewRequest
from tests.factories import DocumentFactory, UserFactory

pytestmark = pytest.mark.django_db

REQUEST = {"requester_kind": "citizen", "requester_name": "王某", "contact": "13800000000", "articles": "第二条",
           "reasons": "第二条设定的罚款没有法律依据。"}  # fmt: skip


@pytest.fixture
def setting(settings):
    settings.REVIEW_REQUEST_MAX_PER_DAY = 2
    units = hierarchy_ensure()
    document = DocumentFactory(title="甲市共享单车停放管理办法", issuer_unit=units["甲市市场监督管理局"])
    filer = UserFactory(username="jia-filer", unit=units["甲市司法局"], role=Role.FILING_REVIEWER)
    other = UserFactory(username="xi-filer", unit=units["西旗司法局"], role=Role.FILING_REVIEWER)
    return document, filer, other


def submit(client, document, **extra):
    return client.post(reverse("review_request_new", args=[document.pk]), {**REQUEST, **extra})


def test_a_request_is_answered_and_followed_by_its_code(client, setting):
    document, filer, other = setting
    page = client.get(reverse("review_request_new", args=[document.pk])).content.decode()
    assert "本建议由 <b>甲市司法局</b> 受理" in page  # the office that reviews filings with 甲市人民政府
    response = submit(client, document, attachment_file=SimpleUploadedFile("依据.pdf", b"%PDF-1.4\n%%EOF"))
    html = response.content.decode()
    number = re.search(r'class="request-number">([^<]+)<', html).group(1)
    code = re.search(r'class="request-code">([^<]+)<', html).group(1)
    request = ReviewRequest.objects.get(number=number)
    assert request.body.name == "甲市司法局" and request.attachment_name == "依据.pdf"
    assert code not in request.code_hash  # stored hashed

    follow = reverse("review_request_follow")
    assert "编号或查询码不正确" in client.post(follow, {"number": number, "code": "WRONG"}).content.decode()
    assert "已收到，待登记" in client.post(follow, {"number": number, "code": code}).content.decode()

    desk = reverse("review_requests:desk_detail", args=[request.pk])
    client.force_login(other)  # 西旗司法局: not addressed to it
    assert client.get(desk).status_code == 404
    assert "甲市共享单车" not in client.get(reverse("review_requests:desk_list")).content.decode()
    client.force_login(filer)
    assert "甲市共享单车停放管理办法" in client.get(reverse("review_requests:desk_list")).content.decode()
    assert client.get(reverse("review_requests:desk_attachment", args=[request.pk])).status_code == 200
    assert client.post(desk, {"action": "answer", "answer": "x"}).status_code == 200  # not registered yet
    assert client.post(desk, {"action": "register", "note": "已受理"}).status_code == 302
    assert "已登记，审查中（剩 60 天）" in client.get(desk).content.decode()  # the answer's calendar days
    response = client.post(desk, {"action": "answer", "answer": ""})
    assert "请填写答复内容。" in str(response.context["form"].errors["answer"])
    reply = {"action": "answer", "answer": "经审查，已建议制定机关修改第二条。", "publish": "on"}
    assert client.post(desk, reply).status_code == 302
    dashboard = client.get(reverse("review:dashboard")).content.decode()
    assert "审查建议：收到 1 件，已答复或转送 1 件，按期 1 件" in dashboard  # counted in the statistics

    client.logout()
    status = client.post(follow, {"number": number, "code": code.lower()}).content.decode()
    assert "已答复" in status and "已建议制定机关修改第二条" in status and "已登记受理：已受理" in status
    assert "已建议制定机关修改第二条" in client.get(reverse("review_request_answers")).content.decode()


def test_forwarded_to_the_competent_body_and_the_requester_is_told(client, setting):
    document, filer, _ = setting
    html = submit(client, document).content.decode()
    number = re.search(r'class="request-number">([^<]+)<', html).group(1)
    code = re.search(r'class="request-code">([^<]+)<', html).group(1)
    request = ReviewRequest.objects.get(number=number)
    client.force_login(filer)
    desk = reverse("review_requests:desk_detail", args=[request.pk])
    assert "请填写转送的有权机关" in client.post(desk, {"action": "forward", "to": ""}).content.decode()
    client.post(desk, {"action": "forward", "to": "甲市人大常委会", "note": "涉及地方性法规"})
    client.logout()
    status = client.post(reverse("review_request_follow"), {"number": number, "code": code}).content.decode()
    assert "已转送 <b>甲市人大常委会</b> 处理" in status


def test_a_flood_and_a_document_outside_the_platform_are_refused_with_the_reason(client, setting):
    document, *_ = setting
    for _ in range(2):
        assert "request-number" in submit(client, document).content.decode()
    assert "提交过于频繁：每天最多 2 件" in submit(client, document).content.decode()
    law = DocumentFactory(title="中华人民共和国某法", issuer_unit=None)
    page = client.get(reverse("review_request_new", args=[law.pk])).content.decode()
    assert "不由本平台的机关备案审查" in page
    assert "不由本平台的机关备案审查" in submit(client, law).content.decode()
    assert ReviewRequest.objects.count() == 2


def test_the_dashboard_offers_the_request_desk_only_to_those_who_may_open_it(client, setting):
    from jurisdictions.demo import hierarchy_ensure

    archivist = UserFactory(username="jia-archivist", unit=hierarchy_ensure()["甲市人民政府"], role=Role.ARCHIVIST)
    client.force_login(archivist)
    assert reverse("review_requests:desk_list") not in client.get(reverse("review:dashboard")).content.decode()
    assert client.get(reverse("review_requests:desk_list")).status_code == 403
    _, filer, _ = setting
    client.force_login(filer)
    assert reverse("review_requests:desk_list") in client.get(reverse("review:dashboard")).content.decode()


def test_a_registered_request_starts_a_review_that_the_issuer_answers(client, setting):
    from filings.models import DocumentEvent
    from notifications.models import Notification
    from review_requests.models import RequestedReview

    document, filer, other = setting
    units = hierarchy_ensure()
    issuer = UserFactory(username="jia-drafter", unit=units["甲市市场监督管理局"], role=Role.DRAFTER)
    stranger = UserFactory(username="jiao-drafter", unit=units["甲市交通运输局"], role=Role.DRAFTER)
    html = submit(client, document).content.decode()
    request = ReviewRequest.objects.get(number=re.search(r'class="request-number">([^<]+)<', html).group(1))
    client.force_login(filer)
    start = reverse("review_requests:review_start", args=[request.pk])
    client.post(start)  # not registered yet: refused
    assert not RequestedReview.objects.exists()
    client.post(reverse("review_requests:desk_detail", args=[request.pk]), {"action": "register"})
    assert client.post(start).status_code == 302
    review = RequestedReview.objects.get(request=request)
    conclude = reverse("review_requests:review_conclude", args=[request.pk])
    client.post(conclude, {"outcome": "self_correction", "note": ""})  # advice needs its reasons
    review.refresh_from_db()
    assert review.outcome == ""
    client.post(conclude, {"outcome": "self_correction", "note": "第二条的罚款没有上位法依据，建议修改。"})
    review.refresh_from_db()
    assert review.outcome == "self_correction" and review.answer_due is not None
    assert DocumentEvent.objects.filter(document=document, detail__contains="依申请审查").exists()
    assert Notification.objects.filter(user=issuer, text__contains="建议自行纠正").exists()
    client.force_login(other)  # 西旗司法局: neither the desk nor the review
    assert client.post(conclude, {"outcome": "no_problem"}).status_code == 404
    answer = reverse("review_requests:review_answer", args=[review.pk])
    client.force_login(stranger)  # another department of 甲市 does not answer for the issuer
    assert client.get(answer).status_code == 404
    client.force_login(issuer)
    assert "第二条的罚款没有上位法依据" in client.get(answer).content.decode()
    assert client.post(answer, {"text": "已启动修改程序。"}).status_code == 302
    review.refresh_from_db()
    assert review.issuer_answer == "已启动修改程序。" and not review.awaits_issuer
    client.force_login(filer)
    assert "已启动修改程序。" in client.get(reverse("review_requests:desk_detail", args=[request.pk])).content.decode()

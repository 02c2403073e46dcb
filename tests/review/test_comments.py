"""Public comments under pressure: a flood of distinct comments, a sender who keeps going, proxies,
and a handling page that never becomes one huge form."""

import random
import re

import pytest
from captcha.models import CaptchaStore
from django.urls import reverse

from review import services, similarity
from review.models import Comment, CommentGroup

from .conftest import close_comment_window, do, open_task, submit, task_url

pytestmark = pytest.mark.django_db

TOPICS = ["停放区域", "充电设施", "收费标准", "执法程序", "施行日期", "占用盲道", "小区门口", "电池安全", "夜间照明",
          "老旧小区"]  # fmt: skip


POOL = (
    "".join(TOPICS) + "建议增加设施规定明确责任部门加强管理保障群众出行安全方便合理收费标准公开透明程序依法执行监督检查"
)


def distinct_comment(i: int) -> str:
    """A comment of its own (people who write their own words share few character pairs)."""
    rng = random.Random(i)
    return f"关于{TOPICS[i % 10]}：" + "".join(rng.choice(POOL) for _ in range(rng.randint(30, 120))) + "。"


def post_comment(client, process, text, address, **extra):
    return client.post(reverse("public_draft", args=[process.pk]), {"text": text, **extra}, REMOTE_ADDR=address)


def solve_challenge(page: str) -> dict:
    """What a person reads off the picture (the challenge's answer is kept server-side)."""
    key = re.search(r'name="captcha_0" value="([^"]+)"', page).group(1)
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}


def test_after_a_few_comments_one_address_must_answer_the_picture_challenge(client, drafter, settings):
    settings.COMMENT_CHALLENGE_AFTER = 2
    process = submit(client, drafter)
    client.logout()
    for i in range(2):
        assert post_comment(client, process, distinct_comment(i), "10.0.0.1").status_code == 302
    url = reverse("public_draft", args=[process.pk])
    page = client.get(url, REMOTE_ADDR="10.0.0.1").content.decode()
    assert "验证码" in page and "/captcha/image/" in page
    refused = post_comment(client, process, distinct_comment(2), "10.0.0.1", captcha_0="x", captcha_1="wrong")
    assert refused.status_code == 200 and Comment.objects.count() == 2
    answer = solve_challenge(client.get(url, REMOTE_ADDR="10.0.0.1").content.decode())
    assert post_comment(client, process, distinct_comment(2), "10.0.0.1", **answer).status_code == 302
    assert Comment.objects.count() == 3
    # Another address is not challenged.
    assert "验证码" not in client.get(url, REMOTE_ADDR="10.0.0.2").content.decode()
    image = client.get(f"/captcha/image/{answer['captcha_0']}/")
    assert image.status_code in (200, 410)  # served by the app itself (used once, then gone)


def test_one_sender_has_a_cap_per_draft(client, drafter, settings):
    settings.COMMENT_CHALLENGE_AFTER = 100
    settings.COMMENT_RATE_LIMIT_PER_HOUR = 100
    settings.COMMENT_MAX_PER_SENDER = 3
    process = submit(client, drafter)
    client.logout()
    for i in range(3):
        assert post_comment(client, process, distinct_comment(i), "10.0.0.1").status_code == 302
    capped = post_comment(client, process, distinct_comment(3), "10.0.0.1")
    assert "已达上限" in capped.content.decode() and Comment.objects.count() == 3


def test_behind_trusted_proxies_the_address_comes_from_the_proxy_not_the_client(client, drafter, settings):
    settings.COMMENT_CHALLENGE_AFTER = 100
    settings.COMMENT_RATE_LIMIT_PER_HOUR = 1
    settings.TRUSTED_PROXY_COUNT = 1
    process = submit(client, drafter)
    client.logout()
    url = reverse("public_draft", args=[process.pk])
    # The client forges a different first hop each time; our proxy appends the real address.
    for forged in ("1.1.1.1", "2.2.2.2"):
        client.post(url, {"text": distinct_comment(ord(forged[0]))}, REMOTE_ADDR="127.0.0.1",
                    HTTP_X_FORWARDED_FOR=f"{forged}, 203.0.113.7")  # fmt: skip
    assert Comment.objects.count() == 1  # both came from 203.0.113.7: the second was rate-limited
    settings.TRUSTED_PROXY_COUNT = 0
    client.post(url, {"text": distinct_comment(9)}, REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert Comment.objects.count() == 2  # without a proxy the header is ignored


def test_a_flood_of_distinct_comments_is_grouped_without_comparing_every_group(drafter, client, monkeypatch):
    process = submit(client, drafter)
    compared = []
    real_similar = similarity.similar
    monkeypatch.setattr(similarity, "similar", lambda a, b, *rest: compared.append(1) or real_similar(a, b, *rest))
    for i in range(500):  # 100 addresses, 5 each: within every limit
        services.comment_add(process=process, text=distinct_comment(i), article_anchor="", name="", contact="",
                             sender=f"10.0.{i // 5 // 256}.{i // 5 % 256}")  # fmt: skip
    assert CommentGroup.objects.filter(process=process).count() == 500
    # Compared only with groups sharing a similarity key: far fewer than the 124,750 pairs of comparing all.
    assert len(compared) < 500 * 10
    campaign = "坚决反对第二条，电动自行车停放区域太少，应当在每个小区门口增设停放点，方便群众出行。"
    for variant in [campaign, campaign + "！", campaign.replace("坚决", "")]:
        services.comment_add(process=process, text=variant, article_anchor="", name="", contact="", sender="x")
    assert CommentGroup.objects.filter(process=process).count() == 501


def test_five_hundred_groups_are_handled_page_by_page_and_nothing_handled_is_lost(client, drafter, settings):
    settings.COMMENT_GROUPS_PER_PAGE = 20
    process = submit(client, drafter)
    for i in range(500):
        services.comment_add(process=process, text=distinct_comment(i), article_anchor="", name="", contact="",
                             sender=f"10.1.{i // 5 // 256}.{i // 5 % 256}")  # fmt: skip
    close_comment_window(process)
    task = open_task(process, "handle_comments")
    client.force_login(drafter)
    page = client.get(task_url(task))
    html = page.content.decode()
    assert page.status_code == 200 and html.count('class="card comment-group"') == 20
    assert len(re.findall(r"<(?:input|select|textarea)\b", html)) < 150  # not 1,002 fields
    assert "500</b> 组尚未处理" in html
    handle = reverse("review:comment_groups_handle", args=[process.pk])
    # One group on its own, then the rest ticked a page at a time.
    first = CommentGroup.objects.filter(process=process).order_by("-size", "id").first()
    assert client.post(handle, {"groups": [first.pk], "handling": "partly"}).status_code == 302
    first.refresh_from_db()
    assert first.handling == ""  # 部分采纳 without a reason: refused, nothing saved
    client.post(handle, {"groups": [first.pk], "handling": "adopted"})
    assert do(client, drafter, process, "handle_comments", {}).status_code == 200  # 499 still open
    while ids := list(CommentGroup.objects.filter(process=process, handling="").values_list("pk", flat=True)[:20]):
        response = client.post(handle, {"groups": ids, "handling": "not_adopted", "reason": "已有规定"})
        assert response.status_code == 302
    assert CommentGroup.objects.filter(process=process, handling="").count() == 0
    assert do(client, drafter, process, "handle_comments", {"summary": "已逐组处理。"}).status_code == 302
    process.refresh_from_db()
    assert "归并为 500 组" in process.comment_summary


def test_only_the_task_owner_records_handlings(client, drafter, other_drafter, reviewer):
    process = submit(client, drafter)
    services.comment_add(process=process, text="建议增加充电设施。", article_anchor="", name="", contact="", sender="a")
    close_comment_window(process)
    group = CommentGroup.objects.get(process=process)
    handle = reverse("review:comment_groups_handle", args=[process.pk])
    for user, refused in ((other_drafter, 404), (reviewer, 403)):
        client.force_login(user)
        assert client.post(handle, {"groups": [group.pk], "handling": "adopted"}).status_code == refused
    group.refresh_from_db()
    assert group.handling == ""

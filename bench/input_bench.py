"""Bad input that used to stop everyone: a hostile .docx upload and a flood of public comments.

    .venv/bin/python bench/input_bench.py [--articles 40000]

1. Upload worst case: a .docx whose body repeats "第一条 …" ARTICLES times (the reported 344 KB file held
   tens of thousands of them and parsed for 15 minutes, quadratic in the anchor suffixes). Measured: the
   size of the file, the time to read it and parse its structure (what runs before any write transaction),
   and what the submission answers (refused past DOCUMENT_MAX_ARTICLES with a message).
2. Comment flood: 500 distinct comments from 100 addresses (5 each) on one draft, then the same with
   comments built from one template (half their character pairs shared, the hard case for grouping).
   Measured: time per comment (p50, p95, max), exact comparisons made, groups formed.
3. Handling the 500 groups through the page, 20 ticked at a time: requests, time, fields per page.
"""

import argparse
import io
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_db import percentile, start_django  # noqa: E402


def hostile_docx(articles: int) -> bytes:
    """A real .docx (python-docx writes the package) whose document.xml is then given ARTICLES paragraphs."""
    import zipfile

    import docx

    out = docx.Document()
    out.add_paragraph("某市测试管理办法", style="Title")
    out.add_paragraph("PLACEHOLDER")
    buffer = io.BytesIO()
    out.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    repeated = "".join(f"<w:p><w:r><w:t>第一条　测试内容{i % 10}。</w:t></w:r></w:p>" for i in range(articles))
    result = io.BytesIO()
    with zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                xml = data.decode()
                start = xml.rindex("<w:p>", 0, xml.index("PLACEHOLDER"))
                end = xml.index("</w:p>", xml.index("PLACEHOLDER")) + len("</w:p>")
                data = (xml[:start] + repeated + xml[end:]).encode()
            archive.writestr(item, data)
    return result.getvalue()


def bench_upload(articles: int) -> None:
    from django.conf import settings
    from django.core.exceptions import ValidationError

    from filings.docx_io import docx_read
    from filings.parsing import parse_articles
    from filings.services import parse_structure

    data = hostile_docx(articles)
    started = time.perf_counter()
    draft = docx_read(data)
    read = time.perf_counter() - started
    started = time.perf_counter()
    units = parse_articles(draft.text)
    parsed = time.perf_counter() - started
    try:
        parse_structure(title=draft.title, text=draft.text)
        answer = "accepted"
    except ValidationError as exc:
        answer = exc.messages[0]
    print(f"upload: {len(data) / 1024:.0f} KB .docx, {len(units):,} articles; read {read:.2f} s, structure parsed "
          f"in {parsed:.2f} s; limit {settings.DOCUMENT_MAX_ARTICLES:,}: {answer}", flush=True)  # fmt: skip


POOL = (
    "停放区域充电设施收费标准执法程序施行日期建议增加规定明确责任部门"
    "加强管理保障群众出行安全方便合理公开透明依法执行监督检查"
)


def distinct(i: int) -> str:
    rng = random.Random(i)
    return "".join(rng.choice(POOL) for _ in range(rng.randint(30, 120))) + "。"


def templated(i: int) -> str:
    return f"第{i}号意见：关于停放区域，建议{'甲乙丙丁戊己庚辛壬癸'[i % 10]}{i * 7919 % 10007}号方案，理由编号{i}。"


def bench_comments(make, label: str) -> None:
    from django.utils import timezone

    from accounts.models import Unit, User
    from review import services, similarity
    from review.flows import DocumentReviewFlow
    from review.models import CommentGroup, ReviewProcess

    unit = Unit.objects.get_or_create(name="市市场监督管理局", defaults={"doc_number_prefix": "市监规"})[0]
    user = User.objects.get_or_create(username="bench-drafter", defaults={"unit": unit})[0]
    from filings.models import Level
    from filings.services import draft_create

    document = draft_create(
        title=f"测试办法{label}", text=f"测试办法{label}\n第一条　测试。", level=Level.NORMATIVE_DOCUMENT,
        drafting_unit=unit, issuer_unit=None, actor=user,
    )  # fmt: skip
    now = timezone.now()
    process = ReviewProcess.objects.create(
        document=document, drafting_unit=unit, submitter=user, explanation="-", legal_bases="-",
        flow_class=DocumentReviewFlow, comment_opens=now,
        comment_closes=now + timezone.timedelta(days=30),
    )  # fmt: skip
    compared = [0]
    real = similarity.similar

    def counting(a, b, *rest):
        compared[0] += 1
        return real(a, b, *rest)

    similarity.similar = counting
    times = []
    for i in range(500):
        started = time.perf_counter()
        services.comment_add(process=process, text=make(i), article_anchor="", name="", contact="",
                             sender=f"10.0.{i // 5 // 256}.{i // 5 % 256}")  # fmt: skip
        times.append((time.perf_counter() - started) * 1000)
    similarity.similar = real
    groups = CommentGroup.objects.filter(process=process).count()
    print(f"comments ({label}): 500 from 100 addresses, per comment p50 {percentile(times, 50):.1f} ms, "
          f"p95 {percentile(times, 95):.1f} ms, max {max(times):.1f} ms; exact comparisons {compared[0]:,} "
          f"(all pairs: 124,750); {groups} groups", flush=True)  # fmt: skip
    return process, user


def bench_handling(process, user) -> None:
    from django.test import Client
    from django.urls import reverse
    from viewflow.workflow.models import Task

    from review.flows import DocumentReviewFlow
    from review.models import CommentGroup

    task = Task.objects.create(process=process, flow_task=DocumentReviewFlow.handle_comments, owner=user,
                               status="ASSIGNED")  # fmt: skip
    from django.contrib.auth.models import Group

    from accounts.roles import Role

    user.groups.add(Group.objects.get(name=Role.DRAFTER))
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    page = client.get(DocumentReviewFlow.handle_comments.reverse("execute", args=[process.pk, task.pk]))
    fields = len(re.findall(r"<(?:input|select|textarea)\b", page.content.decode()))
    url = reverse("review:comment_groups_handle", args=[process.pk])
    started, requests = time.perf_counter(), 0
    while ids := list(CommentGroup.objects.filter(process=process, handling="").values_list("pk", flat=True)[:20]):
        client.post(url, {"groups": ids, "handling": "not_adopted", "reason": "已有规定"})
        requests += 1
    elapsed = time.perf_counter() - started
    each = elapsed / requests * 1000
    print(f"handling: page {page.status_code} with {fields} fields ({len(page.content) / 1024:.0f} KB); "
          f"500 groups handled in {requests} requests, {elapsed:.1f} s ({each:.0f} ms each)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=40_000)
    args = parser.parse_args()
    start_django("input-bench-")
    bench_upload(args.articles)
    process, user = bench_comments(distinct, "distinct")
    bench_comments(templated, "templated")
    bench_handling(process, user)


if __name__ == "__main__":
    main()

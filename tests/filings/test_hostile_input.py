"""Hostile or broken input gets a clear message, loses nothing, and never breaks an output for anyone."""

import io
import json

import docx
import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from cleanup.models import Campaign
from filings import services
from filings.docx_io import docx_read
from filings.models import Document
from filings.parsing import parse_articles
from filings.text import text_clean
from review.flows import DocumentReviewFlow

from ..factories import DocumentFactory

pytestmark = pytest.mark.django_db

SUBMISSION = {"level": "normative_document", "explanation": "起草说明。", "legal_bases": "《中华人民共和国食品安全法》",
              "secret": "on", "secret_reason": "测试"}  # fmt: skip


def test_control_characters_are_removed_but_line_breaks_and_tabs_stay():
    assert text_clean("a\x00b\x01c\x0bd\x0ce\tf\r\ng\ud800h\ufffe") == "abc\nd\ne\tf\ngh"


def test_a_text_repeating_one_article_number_parses_in_one_pass_with_distinct_anchors():
    units = parse_articles("\n".join(f"第一条　内容{i}。" for i in range(20_000)))
    anchors = [u.anchor for u in units]
    assert anchors[:3] == ["a1", "a1-2", "a1-3"] and anchors[-1] == "a1-20000"
    assert len(set(anchors)) == 20_000


def test_a_draft_with_more_articles_than_the_limit_is_refused_with_a_message(client, drafter, settings):
    settings.DOCUMENT_MAX_ARTICLES = 50
    client.force_login(drafter)
    text = "某市测试办法\n" + "\n".join(f"第{i}条　内容。" for i in range(1, 60))
    response = client.post(
        DocumentReviewFlow.start.reverse("execute"), {**SUBMISSION, "title": "某市测试办法", "text": text}
    )
    assert response.status_code == 200 and "条文过多：识别出 59 条，上限 50 条" in response.content.decode()
    assert not Document.objects.exists()


def test_a_draft_longer_than_the_limit_is_refused_with_a_message(client, drafter, settings):
    settings.DOCUMENT_MAX_CHARS = 1000
    client.force_login(drafter)
    data = {**SUBMISSION, "title": "某市测试办法", "text": "某市测试办法\n第一条　" + "长" * 2000}
    response = client.post(DocumentReviewFlow.start.reverse("execute"), data)
    assert "正文过长" in response.content.decode() and not Document.objects.exists()


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: PostgreSQL has MVCC and row locks")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # The test database is in memory, where SQLite keeps "memory"; a file database gets WAL.
    assert mode in ("wal", "memory")
    assert "journal_mode=WAL" in connection.settings_dict["OPTIONS"]["init_command"]
    assert connection.settings_dict["OPTIONS"]["timeout"] >= 5


def test_control_characters_typed_into_a_form_never_reach_the_database(client, drafter):
    client.force_login(drafter)
    data = {**SUBMISSION, "title": "某市\x01测试办法", "text": "某市测试办法\n第一条　内容\x0b第二行\x00。"}
    assert client.post(DocumentReviewFlow.start.reverse("execute"), data).status_code == 302
    document = Document.objects.get()
    assert document.title == "某市测试办法" and "\x00" not in document.text and "\x0b" not in document.text
    assert "内容\n第二行。" in document.text


def test_a_stored_control_character_never_breaks_a_docx(client, drafter):
    # Stored before inputs were cleaned: the output must still print.
    doc = DocumentFactory(title="旧文件\x0b标题", text="旧文件\x0b标题\n第一条　内容\x01。")
    client.force_login(drafter)
    response = client.get(reverse("filings:document_docx", args=[doc.pk]))
    assert response.status_code == 200
    assert "内容。" in docx_read(response.content).text


def test_an_expert_opinion_with_a_vertical_tab_keeps_the_opinion_docx_working(client, drafter, reviewer):
    from review.models import ExpertOpinion, LegalityReview

    from ..review.conftest import LAWFUL, do, submit

    process = submit(client, drafter, secret="on", secret_reason="涉密")
    assert do(client, reviewer, process, "legality_review", {**LAWFUL, "material_comment_handling": ""},
              take_first=True).status_code == 302  # fmt: skip
    review = LegalityReview.objects.get(process=process)
    LegalityReview.objects.filter(pk=review.pk).update(note="说明\x0b第二行\x01")
    from review.models import Expert

    expert = Expert.objects.create(user=reviewer, field="行政法", employer=reviewer.unit)
    ExpertOpinion.objects.create(process=process, expert=expert, opinion="意见\x0b有竖线", signature="某",
                                 signed_at=timezone.now())  # fmt: skip
    response = client.get(reverse("review:legality_opinion_docx", args=[process.pk]))
    assert response.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "意见\n有竖线" in text and "说明\n第二行" in text


def test_a_cleanup_reason_with_a_control_character_keeps_the_public_results_working(client):
    from cleanup.models import Item, Outcome

    from ..factories import UserFactory

    admin = UserFactory(username="root", is_superuser=True)
    doc = DocumentFactory(title="被清理的文件")
    campaign = Campaign.objects.create(title="测试清理", kind=Campaign.Kind.PERIODIC, state=Campaign.State.PUBLISHED,
                                       started_by=admin, due="2026-12-31", published_by=admin,
                                       published_at="2026-11-30T00:00:00+08:00")  # fmt: skip
    Item.objects.create(campaign=campaign, document=doc, title=doc.title, suggested=Outcome.REPEAL, unit=admin.unit,
                        outcome=Outcome.REPEAL, reason="不再适用\x01。")  # fmt: skip
    response = client.get(reverse("cleanup_results_docx", args=[campaign.pk]))
    assert response.status_code == 200
    cells = [c.text for t in docx.Document(io.BytesIO(response.content)).tables for r in t.rows for c in r.cells]
    assert "不再适用。" in cells


def test_an_import_keeps_every_good_line_around_bad_ones():
    good = {"id": "good-1", "title": "好的文件", "level": "规范性文件", "text": "好的文件\n第一条　内容。"}
    lines = [
        json.dumps(good, ensure_ascii=False),
        "[" * 100_000 + "]" * 100_000,  # deeply nested JSON
        '{"id": "surrogate", "title": "孤立\\ud800代理", "level": "规范性文件", "text": "x"}',
        json.dumps({**good, "id": "nul", "title": "含\x00空字符", "text": "含\x00空字符\n第一条　内容。"}),
        json.dumps({**good, "id": "good-2", "title": "另一个好的文件"}, ensure_ascii=False),
    ]
    report = services.documents_import(lines=lines)
    assert report.imported == 3  # good-1, nul (cleaned), good-2
    assert sorted(Document.objects.values_list("external_id", flat=True)) == ["good-1", "good-2", "nul"]
    assert Document.objects.get(external_id="nul").title == "含空字符"
    reasons = dict(report.rejected)
    assert set(reasons) == {2, 3}
    assert "嵌套过深" in reasons[2] and "无效字符" in reasons[3]

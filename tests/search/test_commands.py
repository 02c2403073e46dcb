import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from filings.models import Document
from search import analysis, services

from ..factories import DocumentFactory

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_search_documents_prints_ranked_results_and_json(indexed):
    assert "1. 中华人民共和国公司法" in run("search_documents", "公司法", "--limit", "3")
    data = json.loads(run("search_documents", "公司法", "--json", "--level", "法律"))
    assert data["results"][0]["title"] == "中华人民共和国公司法"
    assert {r["id"] for r in data["results"]} <= set(indexed)


def test_batch_prints_one_json_line_per_query(indexed, tmp_path):
    queries = tmp_path / "q.txt"
    queries.write_text("法释〔2010〕18号\n\n行政许可 收费\n", encoding="utf-8")
    lines = [json.loads(line) for line in run("search_documents", "--batch", str(queries)).splitlines()]
    assert [line["query"] for line in lines] == ["法释〔2010〕18号", "行政许可 收费"]
    own = next(i for i, r in indexed.items() if r["doc_number"] == "法释〔2010〕18号")
    assert lines[0]["ids"][0] == own
    assert all(isinstance(line["ms"], float) and line["ms"] > 0 for line in lines)


def test_status_filter_and_bad_arguments(indexed):
    data = json.loads(run("search_documents", "公司法", "--json", "--status", "已修改"))
    assert data["results"] and all(r["status"] == "已修改" for r in data["results"])
    with pytest.raises(CommandError, match="未知的取值"):
        run("search_documents", "公司法", "--level", "不存在")
    with pytest.raises(CommandError, match="请给出检索词"):
        run("search_documents", "  ")


def test_rebuild_and_ensure_commands(indexed, lose_index):
    assert f"已索引 {len(indexed)} 件" in run("rebuild_search_index")
    assert "完好" in run("ensure_search_index")
    lose_index()
    assert f"已重建全文检索索引：{len(indexed)} 件" in run("ensure_search_index", "--procs", "1")
    # Changed behind the index's back (no outbox row): the counts agree, the update times do not.
    changed = Document.objects.filter(title="中华人民共和国公司法").update(
        title="中华人民共和国公司法（改）", updated_at=timezone.now()
    )
    assert changed and f"已更新 {changed} 件" in run("ensure_search_index", "--procs", "1")
    assert "完好" in run("ensure_search_index")


def test_the_register_teaches_jieba_its_titles(db):
    DocumentFactory(title="某市网约车规范管理暂行办法", issuer="某某市人民政府")
    assert "某市网约车规范管理暂行办法" not in analysis.segments("某市网约车规范管理暂行办法")
    services.user_dictionary_refresh()
    assert "某市网约车规范管理暂行办法" in analysis.segments("某市网约车规范管理暂行办法")

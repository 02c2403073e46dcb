import gzip
import json

import pytest
from django.core.management import CommandError, call_command

from filings.models import Article, Citation, Document, DocumentEvent, Level, Status

from ..conftest import write_jsonl

pytestmark = pytest.mark.django_db


def record(n: int, **overrides) -> dict:
    base = {
        "id": f"t-{n}",
        "title": f"某某管理条例{n}",
        "level": "行政法规",
        "issuer": "国务院",
        "doc_number": f"国令第{n}号",
        "promulgated": "2019-03-02",
        "effective": "2019-05-01",
        "status": "有效",
        "status_basis": "测试",
        "source": "tests",
        "text": f"某某管理条例{n}\n第一章　总则\n第一条　为了管理，根据《中华人民共和国立法法》第十二条，制定本条例。\n"
        "第二条　本条例适用于：\n（一）甲；\n（二）乙。\n第二章　附则\n第三条　本条例自2019年5月1日起施行。",
    }
    base.update(overrides)
    return base


def run_import(path) -> tuple[int, str, str]:
    """Run the command as a user would; return (exit code, stdout, stderr)."""
    import io

    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_documents", str(path), stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), err.getvalue() + str(exc)
    return 0, out.getvalue(), err.getvalue()


def test_a_good_file_is_imported_with_its_fields_articles_and_citations(tmp_path):
    code, out, _ = run_import(write_jsonl(tmp_path / "good.jsonl", [record(1), record(2)]))

    assert code == 0
    assert "导入 2，更新 0，未变 0，拒绝 0" in out
    doc = Document.objects.get(external_id="t-1")
    assert doc.level == Level.ADMINISTRATIVE_REGULATION
    assert doc.status == Status.IN_FORCE
    assert str(doc.promulgated) == "2019-03-02"
    assert doc.stage == Document.Stage.PUBLISHED
    assert [a.label for a in doc.articles.all()] == ["第一章", "第一条", "第二条", "第二章", "第三条"]
    second = doc.articles.get(anchor="a2")
    assert [p["anchor"] for p in second.paragraphs] == ["a2-k1"]
    assert [i["anchor"] for i in second.paragraphs[0]["items"]] == ["a2-k1-x1", "a2-k1-x2"]
    citation = doc.citations.get()
    assert (citation.cited_title, citation.article_number, citation.article_anchor) == (
        "中华人民共和国立法法",
        12,
        "a1",
    )
    assert DocumentEvent.objects.filter(document=doc, kind=DocumentEvent.Kind.IMPORTED).exists()


def test_bad_lines_are_rejected_with_line_numbers_and_good_lines_are_kept(tmp_path):
    lines = [
        record(1),
        '{"id": "broken", "title": ',  # broken JSON
        record(3, title=""),
        record(4, text=None),
        record(5, promulgated="2023-02-30"),
        record(6, effective="2023-13-01"),
        record(7, level="不存在的层级"),
        "[1, 2, 3]",
        record(9),
    ]
    code, out, err = run_import(write_jsonl(tmp_path / "mixed.jsonl", lines))

    assert code == 1
    assert "导入 2，更新 0，未变 0，拒绝 7" in out
    for line_no in (2, 3, 4, 5, 6, 7, 8):
        assert f"第 {line_no} 行被拒绝" in err
    assert "JSON 格式错误" in err
    assert "缺少 title" in err and "缺少 text" in err
    assert "promulgated 不是有效日期" in err and "'2023-02-30'" in err
    assert "未知的效力层级" in err
    assert set(Document.objects.values_list("external_id", flat=True)) == {"t-1", "t-9"}


def test_importing_again_updates_changed_records_and_skips_unchanged_ones(tmp_path):
    run_import(write_jsonl(tmp_path / "first.jsonl", [record(1), record(2)]))
    first = Document.objects.get(external_id="t-1")
    changed = record(1, text="某某管理条例1\n第一条　新的内容，依据《中华人民共和国行政许可法》。", status="已修改")

    code, out, _ = run_import(write_jsonl(tmp_path / "second.jsonl", [changed, record(2)]))

    assert code == 0
    assert "导入 0，更新 1，未变 1，拒绝 0" in out
    assert Document.objects.count() == 2
    updated = Document.objects.get(external_id="t-1")
    assert updated.pk == first.pk
    assert updated.status == Status.AMENDED
    assert [a.label for a in updated.articles.all()] == ["第一条"]
    assert [c.cited_title for c in updated.citations.all()] == ["中华人民共和国行政许可法"]
    assert Article.objects.filter(document=updated).count() == 1


def test_the_same_id_twice_in_one_file_leaves_the_later_line(tmp_path):
    code, out, _ = run_import(write_jsonl(tmp_path / "twice.jsonl", [record(1), record(1, title="改名后的条例")]))
    assert code == 0
    assert Document.objects.get(external_id="t-1").title == "改名后的条例"
    assert "导入 1，更新 1" in out


def test_gzipped_files_are_read(tmp_path):
    path = tmp_path / "docs.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write(json.dumps(record(1), ensure_ascii=False) + "\n")
    code, out, _ = run_import(path)
    assert code == 0 and "导入 1" in out


def test_a_missing_file_is_a_clear_error(tmp_path):
    code, _, err = run_import(tmp_path / "nope.jsonl")
    assert code == 1 and "找不到文件" in err


def test_the_shipped_starter_data_imports_real_laws_with_resolvable_citations(starter_records, tmp_path):
    records = starter_records("中华人民共和国民法典", "中华人民共和国合同法")
    path = write_jsonl(tmp_path / "real.jsonl", records["中华人民共和国民法典"] + records["中华人民共和国合同法"])

    code, _, _ = run_import(path)

    assert code == 0
    civil_code = Document.objects.get(title="中华人民共和国民法典")
    assert civil_code.articles.filter(kind="article").count() == 1260
    assert civil_code.articles.filter(kind="part").exists()
    repeal = Citation.objects.get(document=civil_code, title_key="合同法")
    assert "同时废止" in repeal.evidence
    assert repeal.article_anchor == "a1260"
    assert Document.objects.get(title="中华人民共和国合同法").status == Status.REPEALED

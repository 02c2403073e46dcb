import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from filings.models import Document, Level, Status
from search import selectors


class Command(BaseCommand):
    help = "全文检索登记簿（含草稿）。--batch FILE：每行一个查询，每个查询输出一行 JSON。"

    def add_arguments(self, parser):
        parser.add_argument("query", nargs="?", default="")
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--level", default="", help="效力层级：代码或中文，如 law 或 法律")
        parser.add_argument("--status", default="", help="时效性：代码或中文，如 in_force 或 有效")
        parser.add_argument("--batch", type=Path, help="每行一个查询的文件")
        parser.add_argument("--words", action="store_true", help="分词检索：即使原文出现，也按各词分别检索")

    def handle(self, *args, query, limit, json: bool, level, status, batch, words: bool, **options):
        filters = selectors.SearchFilters(level=_choice(Level, level), status=_choice(Status, status))
        if batch:
            return self._batch(batch, filters, limit, words)
        if not query.strip():
            raise CommandError("请给出检索词，或用 --batch FILE")
        ranked = selectors.rank(query, filters=filters, limit=limit, words=words)
        documents = Document.objects.in_bulk([h.pk for h in ranked.hits])
        rows = [documents[h.pk] for h in ranked.hits[:limit] if h.pk in documents]
        if json:
            self.stdout.write(_dumps({
                "query": query, "total": ranked.total, "ms": round(ranked.ms, 2),
                "results": [{"id": d.external_id or f"pk:{d.pk}", "title": d.title, "doc_number": d.doc_number,
                             "status": d.get_status_display() or "未知", "promulgated": str(d.promulgated or "")}
                            for d in rows],
            }))  # fmt: skip
            return
        self.stdout.write(f"共 {ranked.total} 件，{ranked.ms:.1f} ms")
        for i, d in enumerate(rows, 1):
            self.stdout.write(f"{i:>3}. {d.title}  {d.doc_number}  {d.promulgated or ''}  {d.get_status_display()}")

    def _batch(self, path: Path, filters, limit: int, words: bool) -> None:
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                query = line.rstrip("\n")
                if not query.strip():
                    continue
                started = time.perf_counter()
                ranked = selectors.rank(query, filters=filters, limit=limit, facets=False, words=words)
                ids = [h.external_id or f"pk:{h.pk}" for h in ranked.hits[:limit]]
                ms = (time.perf_counter() - started) * 1000
                self.stdout.write(_dumps({"query": query, "ids": ids, "ms": round(ms, 3)}))


def _choice(choices, value: str) -> str:
    if not value:
        return ""
    for choice in choices:
        if value in (choice.value, choice.label):
            return choice.value
    raise CommandError(f"未知的取值：{value}（可选：{'、'.join(c.label for c in choices)}）")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)

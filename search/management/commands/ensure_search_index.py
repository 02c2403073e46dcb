from django.core.management.base import BaseCommand

from search import engine, outbox, services


class Command(BaseCommand):
    help = (
        "启动时检查全文检索索引：先应用待更新的记录，再逐件比较索引与数据库的更新时间；"
        "不一致的文件重新索引，索引缺失、损坏或大半不一致时从数据库重建（make setup 调用）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--procs", type=int, default=2)

    def handle(self, *args, procs: int, **options):
        if engine.backend().ready():
            outbox.drain()
            found = services.index_consistency()
            if not found.stale and not found.gone:
                self.stdout.write("全文检索索引完好。")
                return
            indexed = len(engine.backend().stored_versions())
            if len(found.stale) + len(found.gone) <= max(indexed // 2, 1):
                services.index_documents(ids=found.stale, removed=found.gone)
                self.stdout.write(f"全文检索索引已更新 {len(found.stale) + len(found.gone)} 件。")
                return
        count = services.index_rebuild(procs=procs)
        self.stdout.write(f"已重建全文检索索引：{count} 件")

from django.core.management.base import BaseCommand

from filings.models import Document
from search import index, services


class Command(BaseCommand):
    help = "索引缺失、损坏或与数据库件数不符时从数据库重建（make setup 调用）；否则什么也不做。"

    def add_arguments(self, parser):
        parser.add_argument("--procs", type=int, default=2)

    def handle(self, *args, procs: int, **options):
        ix = index.open_index()
        if ix is not None and ix.doc_count() == Document.objects.count():
            self.stdout.write("全文检索索引完好。")
            return
        count = services.index_rebuild(procs=procs)
        self.stdout.write(f"已重建全文检索索引：{count} 件")

import time

from django.core.management.base import BaseCommand

from search import engine, services


class Command(BaseCommand):
    help = "从数据库重建全文检索索引（数据库是唯一依据）；新索引建好后整体替换旧索引。"

    def add_arguments(self, parser):
        parser.add_argument("--procs", type=int, default=1, help="并行写入的进程数")

    def handle(self, *args, procs: int, **options):
        started = time.perf_counter()
        count = services.index_rebuild(procs=procs)
        seconds = time.perf_counter() - started
        backend = engine.backend()
        size_mb = backend.size_bytes() / 1048576
        self.stdout.write(f"已索引 {count} 件，用时 {seconds:.1f} 秒，索引 {size_mb:.1f} MB（{backend.location()}）")

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from review.dispatcher import sweep


class Command(BaseCommand):
    help = (
        "截止时间调度：每隔一段时间运行一次 viewflow 的定时器（征求意见期、专家论证期限），使到达施行日期的文件生效，"
        "检查准备中的清理活动，并应用待更新的全文检索索引。某一步出错时记录并在下一轮重试，调度不停止。"
        "make run / make serve 在服务旁运行它；也可用 cron 运行 --once。"
        "多台服务器各运行一个时，同一时刻只有一个在调度，其余跳过该轮。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=settings.DISPATCHER_INTERVAL_SECONDS)
        parser.add_argument("--once", action="store_true", help="只运行一次后退出")

    def handle(self, *args, interval: int, once: bool, **options):
        while True:
            if not connection.in_atomic_block:  # (called from a test's transaction: keep its connection)
                close_old_connections()  # a connection the database dropped since the last sweep is reopened
            failed = sweep()
            if failed is None:
                if once:
                    self.stdout.write("另一个调度进程正在运行本轮，本进程跳过。")
            elif failed:
                self.stderr.write(f"本轮失败的步骤：{'、'.join(failed)}（已记录，下一轮重试）")
            if once:
                return
            time.sleep(interval)

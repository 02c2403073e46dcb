import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from cleanup.services import campaigns_prepare
from filings.services import documents_take_effect


class Command(BaseCommand):
    help = (
        "截止时间调度：每隔一段时间运行一次 viewflow 的 workflow_timers，使到达施行日期的文件生效，"
        "并检查准备中的清理活动的文件。"
        "make run 在服务旁运行它；生产环境用 cron 运行 workflow_timers。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=settings.DISPATCHER_INTERVAL_SECONDS)
        parser.add_argument("--once", action="store_true", help="只运行一次后退出")

    def handle(self, *args, interval: int, once: bool, **options):
        while True:
            call_command("workflow_timers", stdout=self.stdout)
            documents_take_effect(today=timezone.localdate())
            campaigns_prepare()
            if once:
                return
            time.sleep(interval)

from django.core.management.base import BaseCommand

from accounts.services import demo_accounts_ensure


class Command(BaseCommand):
    help = "创建（或恢复）每个角色一个演示账号及其单位；可重复运行。"

    def handle(self, *args, **options):
        accounts = demo_accounts_ensure()
        for username, role, unit in accounts:
            self.stdout.write(f"{username:<12} {role:<8} {unit}")
        self.stdout.write(self.style.SUCCESS(f"演示账号已就绪：{len(accounts)} 个"))

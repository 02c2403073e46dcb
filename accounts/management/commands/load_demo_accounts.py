from django.core.management.base import BaseCommand

from accounts.services import demo_accounts_ensure


class Command(BaseCommand):
    help = (
        "演示用：创建缺少的演示账号及其单位（每个角色一个）；已有的账号不改动（密码也不重置），"
        "--reset 才恢复为演示设置。生产环境不运行此命令。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="把已有的演示账号恢复为演示密码、角色和单位")

    def handle(self, *args, reset: bool, **options):
        accounts = demo_accounts_ensure(reset=reset)
        for username, role, unit, state in accounts:
            self.stdout.write(f"{username:<12} {role:<8} {unit}  {state}")
        self.stdout.write(self.style.SUCCESS(f"演示账号已就绪：{len(accounts)} 个"))

from django.core.management.base import BaseCommand

from review.services import demo_experts_ensure


class Command(BaseCommand):
    help = "把演示账号 expert 放入专家库（在 load_demo_accounts 之后运行；可重复运行）。"

    def handle(self, *args, **options):
        for expert in demo_experts_ensure():
            self.stdout.write(str(expert))

"""Make a machine client's token from the command line (the 接口令牌 page does the same for administrators);
the key is printed once and stored only as its digest."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from api import tokens


class Command(BaseCommand):
    help = "为账号创建接口令牌（只显示一次）：--user 代表账号 --by 创建人（管理员） --name 用途"

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="令牌代表的账号")
        parser.add_argument("--by", required=True, help="创建令牌的管理员账号")
        parser.add_argument("--name", required=True, help="用途")

    def handle(self, *args, user, by, name, **options):
        accounts = {u.username: u for u in User.objects.filter(username__in=[user, by], is_active=True)}
        if user not in accounts or by not in accounts:
            raise CommandError(f"没有启用的账号：{', '.join(n for n in (user, by) if n not in accounts)}")
        try:
            _, key = tokens.token_create(actor=accounts[by], user=accounts[user], name=name)
        except (PermissionDenied, ValidationError) as exc:
            raise CommandError(getattr(exc, "messages", [str(exc)])[0]) from None
        self.stdout.write(key)

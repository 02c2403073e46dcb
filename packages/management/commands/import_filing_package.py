"""Import a filing package (.zip) from another platform as an incoming filing of a filing body's account;
importing the same package again changes nothing."""

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from packages import services


class Command(BaseCommand):
    help = "导入外平台的备案包：import_filing_package 备案包.zip --user 备案审查人员账号"

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--user", required=True, help="导入人（备案审查人员）")

    def handle(self, *args, path: Path, user: str, **options):
        actor = User.objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"没有启用的账号：{user}")
        try:
            incoming, result = services.package_import(data=path.read_bytes(), actor=actor)
        except OSError as exc:
            raise CommandError(f"无法读取 {path}：{exc.strerror}") from None
        except (PermissionDenied, ValidationError) as exc:
            raise CommandError(getattr(exc, "messages", [str(exc)])[0]) from None
        what = {services.IMPORTED: "已导入", services.CORRECTED: f"已收到补正（第 {incoming.rounds} 次报送）",
                services.KNOWN: "此前已导入，未重复导入"}[result]  # fmt: skip
        self.stdout.write(
            f"{what}：{incoming.package_id}《{incoming.document.title}》（登记簿 {incoming.document.pk}）"
        )

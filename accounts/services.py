from django.contrib.auth.models import Group
from django.db import transaction

from .models import Unit, User
from .roles import Role

# (username, role, unit name, issuer name, 文号代字, 机关代字, the person's name). Passwords are in the README.
DEMO_ACCOUNTS = [
    ("drafter", Role.DRAFTER, "市市场监督管理局", "某市市场监督管理局", "市监规", "市监", "张明"),
    ("drafter2", Role.DRAFTER, "市交通运输局", "某市交通运输局", "市交规", "市交", "李华"),
    ("reviewer", Role.LEGALITY_REVIEWER, "市司法局", "某市司法局", "市司规", "市司", "王静"),
    ("filer", Role.FILING_REVIEWER, "省司法厅备案审查处", "某省司法厅", "", "省司", "赵磊"),
    ("expert", Role.EXPERT, "市法学会专家库", "", "", "", "陈教授"),
    ("archivist", Role.ARCHIVIST, "市政府办公室", "某市人民政府", "市政规", "市政", "刘芳"),
    ("admin", Role.ADMINISTRATOR, "市政府办公室", "某市人民政府", "市政规", "市政", "周强"),
]
DEMO_PASSWORD = "demo-pass-2026"


@transaction.atomic
def demo_accounts_ensure(*, reset: bool = False) -> list[tuple[str, str, str]]:
    """Create the demo units and the demo accounts that are missing. An account that exists is left as it is
    (its password above all: `make setup` runs this every time), unless reset asks to restore it."""
    done = []
    for username, role, unit_name, issuer, prefix, code, name in DEMO_ACCOUNTS:
        unit, _ = Unit.objects.get_or_create(
            name=unit_name, defaults={"issuer_name": issuer, "doc_number_prefix": prefix, "office_code": code}
        )
        if not unit.office_code and code:  # units created before 机关代字 existed
            Unit.objects.filter(pk=unit.pk).update(office_code=code)
        user, created = User.objects.get_or_create(username=username)
        if created or reset:
            user.unit = unit
            user.last_name, user.first_name = name[0], name[1:]
            # Archivists and administrators work in the Django admin as well.
            user.is_staff = role in (Role.ARCHIVIST, Role.ADMINISTRATOR)
            user.is_superuser = role == Role.ADMINISTRATOR
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.set([Group.objects.get(name=role)])
        done.append((username, str(role), unit_name, "新建" if created else ("已恢复" if reset else "已存在，未改动")))
    return done

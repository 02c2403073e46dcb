from django.contrib.auth.models import Group
from django.db import transaction

from jurisdictions.demo import hierarchy_ensure

from .models import User
from .roles import Role

# (username, roles, unit name in the demo hierarchy (jurisdictions.demo), the person's name). Passwords: README.
DEMO_ACCOUNTS = [
    ("drafter", [Role.DRAFTER], "甲市市场监督管理局", "张明"),
    ("drafter2", [Role.DRAFTER], "甲市交通运输局", "李华"),
    ("reviewer", [Role.LEGALITY_REVIEWER], "甲市司法局", "王静"),
    ("filer", [Role.FILING_REVIEWER], "甲市司法局", "赵磊"),
    ("expert", [Role.EXPERT], "甲市法学会专家库", "陈教授"),
    ("archivist", [Role.ARCHIVIST], "甲市人民政府", "刘芳"),
    ("admin", [Role.ADMINISTRATOR], "甲市人民政府", "周强"),
    ("region-filer", [Role.FILING_REVIEWER], "某自治区司法厅", "孙丽"),
    ("rd-filer", [Role.FILING_REVIEWER], "甲市人大常委会", "吴刚"),
    ("qx-drafter", [Role.DRAFTER], "东旗农牧和科技局", "郑强"),
    ("qx-reviewer", [Role.LEGALITY_REVIEWER, Role.FILING_REVIEWER], "东旗司法局", "冯敏"),
    ("qx-archivist", [Role.ARCHIVIST], "东旗人民政府", "褚红"),
    ("qx2-reviewer", [Role.LEGALITY_REVIEWER, Role.FILING_REVIEWER], "西旗司法局", "卫东"),
    ("town-drafter", [Role.DRAFTER], "某镇人民政府", "蒋平"),
    ("town-archivist", [Role.ARCHIVIST], "某镇人民政府", "沈洁"),
]
DEMO_PASSWORD = "demo-pass-2026"


@transaction.atomic
def demo_accounts_ensure(*, reset: bool = False) -> list[tuple[str, str, str]]:
    """Create the demo units and the demo accounts that are missing. An account that exists is left as it is
    (its password above all: `make setup` runs this every time), unless reset asks to restore it."""
    done = []
    units = hierarchy_ensure()
    for username, roles, unit_name, name in DEMO_ACCOUNTS:
        unit = units[unit_name]
        user, created = User.objects.get_or_create(username=username)
        if created or reset:
            user.unit = unit
            user.last_name, user.first_name = name[0], name[1:]
            # Archivists and administrators work in the Django admin as well.
            user.is_staff = bool({Role.ARCHIVIST, Role.ADMINISTRATOR} & set(roles))
            user.is_superuser = Role.ADMINISTRATOR in roles
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.set(Group.objects.filter(name__in=roles))
        state = "新建" if created else ("已恢复" if reset else "已存在，未改动")
        done.append((username, "、".join(roles), unit_name, state))
    return done

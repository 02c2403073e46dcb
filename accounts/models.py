from django.contrib.auth.models import AbstractUser
from django.db import models

from jurisdictions.kinds import UnitKind

from .roles import Role


class Unit(models.Model):
    """An office: a drafting unit, the justice bureau, a government, a filing body."""

    name = models.CharField("名称", max_length=100, unique=True)
    # The issuer name printed on documents, e.g. 某市人民政府; defaults to the name.
    issuer_name = models.CharField("制定机关名称", max_length=100, blank=True)
    # The 文号 prefix of this issuer's series, e.g. 内政规 gives 内政规〔2026〕3号.
    doc_number_prefix = models.CharField("文号代字", max_length=20, blank=True)
    # The office's own code for the documents it issues besides normative documents, e.g. 市司 gives the
    # legality opinion 市司审〔2026〕4号 and 市监 the filing report 市监报〔2026〕2号.
    office_code = models.CharField("机关代字", max_length=20, blank=True)
    # Where it sits among the four levels, what it is, and what it may lawfully issue (DOMAIN.md
    # "Jurisdictions"; jurisdictions.services.capacity_defaults gives the defaults an administrator may change).
    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction", verbose_name="行政区域", null=True, blank=True, on_delete=models.PROTECT,
        related_name="units",
    )  # fmt: skip
    kind = models.CharField("单位类别", max_length=20, choices=UnitKind.choices, default=UnitKind.DEPARTMENT)
    may_issue_rules = models.BooleanField("可制定规章", default=False)
    rule_matters = models.CharField("规章事项限于", max_length=200, blank=True)
    may_issue_normative = models.BooleanField("可制定行政规范性文件", default=True)
    # The line of administration it belongs to (市场监管, 生态环境…): experts working in the drafting unit's own
    # system may be kept out of its expert argument (settings.EXPERTS_EXCLUDE_OWN_SYSTEM).
    system = models.CharField("所属系统", max_length=50, blank=True)

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def issuer(self) -> str:
        return self.issuer_name or self.name


class User(AbstractUser):
    unit = models.ForeignKey(Unit, verbose_name="所属单位", null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def get_full_name(self) -> str:
        """Chinese order: family name first, no space (张明)."""
        return f"{self.last_name}{self.first_name}".strip()

    def has_role(self, role: Role) -> bool:
        return self.groups.filter(name=role).exists()

"""The four levels on one platform (四级联通, DOMAIN.md "Jurisdictions"): the tree of 行政区域, and the rule
table that says where an issuer's documents are filed (备案审查条例 art. 4; 立法法 art. 109; stage 6)."""

from django.db import models

from filings.models import Level as DocumentLevel

from .kinds import Level, UnitKind


class Jurisdiction(models.Model):
    name = models.CharField("名称", max_length=100, unique=True)
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Its own 三统一 register series: 甲市 gives the register numbers 甲市-2026-00001.
    code = models.CharField("登记编号前缀", max_length=20, unique=True)

    class Meta:
        verbose_name = "行政区域"
        verbose_name_plural = "行政区域"
        ordering = ["level", "name"]

    def __str__(self) -> str:
        return self.name


class FilingRule(models.Model):
    """One line of the filing rule table: documents of this level, issued by a unit of this kind at this
    jurisdiction level, are filed with this body. A deployment edits the table in the admin."""

    class Body(models.TextChoices):
        OWN_GOVERNMENT = "own_government", "本级人民政府"
        PARENT_GOVERNMENT = "parent_government", "上一级人民政府"
        OWN_CONGRESS = "own_congress", "本级人大常委会"
        PARENT_CONGRESS = "parent_congress", "上一级人大常委会"
        STATE_COUNCIL = "state_council", "国务院（平台外）"

    issuer_kind = models.CharField("制定机关类别", max_length=20, choices=UnitKind.choices)
    issuer_level = models.CharField("制定机关层级", max_length=10, choices=Level.choices, blank=True,
                                    help_text="留空：各层级")  # fmt: skip
    document_level = models.CharField("文件层级", max_length=30, choices=DocumentLevel.choices)
    body = models.CharField("备案机关", max_length=20, choices=Body.choices)
    basis = models.CharField("依据", max_length=200)

    class Meta:
        verbose_name = "备案规则"
        verbose_name_plural = "备案规则"
        ordering = ["document_level", "issuer_kind", "issuer_level", "id"]
        constraints = [
            models.UniqueConstraint(fields=["issuer_kind", "issuer_level", "document_level", "body"],
                                    name="filing_rule_unique"),
        ]  # fmt: skip

    def __str__(self) -> str:
        level = self.get_issuer_level_display() or "各级"
        return (
            f"{level}{self.get_issuer_kind_display()}的{self.get_document_level_display()} → {self.get_body_display()}"
        )

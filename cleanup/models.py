"""Cleanup campaigns (清理, DOMAIN.md §9): each issuing unit decides on its own documents ("谁制定、谁清理")
and the register office publishes the outcomes."""

from django.conf import settings
from django.db import models

from accounts.models import Unit
from filings.history import AppendOnly
from filings.models import Document
from filings.text import cn_datetime


class Outcome(models.TextChoices):
    KEEP = "keep", "继续有效"
    AMEND = "amend", "修改"
    REPEAL = "repeal", "废止"
    LAPSE = "lapse", "宣布失效"


class Campaign(models.Model):
    class Kind(models.TextChoices):
        PERIODIC = "periodic", "定期清理"
        SPECIAL = "special", "专项清理"

    class State(models.TextChoices):
        PREPARING = "preparing", "准备中"  # its documents are being checked (cleanup.services.campaign_prepare)
        OPEN = "open", "进行中"
        PUBLISHED = "published", "结果已公布"
        CANCELLED = "cancelled", "已撤销"

    title = models.CharField("名称", max_length=200)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.OPEN)
    reason = models.TextField("清理说明", blank=True)
    # 专项清理: the higher law that changed; every document citing it is in the campaign.
    basis = models.ForeignKey(
        Document, verbose_name="变化的上位法", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    levels = models.JSONField("清理范围（效力层级）", default=list, blank=True)
    # Started at a level: that jurisdiction's issuers and, if chosen, those below (None: the whole register).
    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction", verbose_name="行政区域", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    include_below = models.BooleanField("包括下级行政区域", default=False)
    # Further scope of a 专项清理 (scope.py): a subject's keywords; only the documents citing an article the
    # basis (a new version) changed, moved or deleted; documents added and removed by hand before confirming.
    keywords = models.JSONField("主题词", default=list, blank=True)
    articles_only = models.BooleanField("仅纳入所引条款被修改、移动或删除的文件", default=False)
    added = models.JSONField("手工加入的文件", default=list, blank=True)
    removed = models.JSONField("手工移出的文件", default=list, blank=True)
    scope_total = models.PositiveIntegerField("纳入文件数", default=0)
    due = models.DateField("决定期限")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField("发起时间", auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField("公布时间", null=True, blank=True)
    number = models.CharField("结果文号", max_length=50, blank=True)
    # The units' proposals are reviewed by the legal office before the results are published.
    legal_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="法制审核人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    legal_reviewed_at = models.DateTimeField("法制审核时间", null=True, blank=True)
    legal_note = models.TextField("法制审核意见", blank=True)

    class Meta:
        verbose_name = "清理活动"
        verbose_name_plural = "清理活动"
        ordering = ["-started_at", "-id"]
        permissions = [
            ("start_campaign", "可发起文件清理"),
            ("publish_results", "可公布清理结果"),
            ("decide_any", "可对任何单位的文件作清理决定"),
            ("decide_item", "可对本单位的文件作清理决定"),
            ("review_proposals", "可对清理意见进行法制审核"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class Item(models.Model):
    """One document in a campaign: the checks' findings as suggestions, and the unit's decision.

    Title, 文号 and issuer are copied at the start, so published results read as they were decided."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="items")
    # Emptied if the document is later deleted from the register; the copied fields below remain.
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="cleanup_items"
    )
    # The unit that decides ("谁制定、谁清理"); empty when the issuer is not on the platform: such a document is
    # listed, and nobody here decides it.
    unit = models.ForeignKey(Unit, verbose_name="清理单位", null=True, blank=True, on_delete=models.PROTECT)
    title = models.CharField("标题", max_length=500)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    issuer = models.CharField("制定机关", max_length=200, blank=True)
    suggestions = models.JSONField("检查建议", default=list, blank=True)
    suggested = models.CharField("建议结论", max_length=10, choices=Outcome.choices)
    outcome = models.CharField("清理结论", max_length=10, choices=Outcome.choices, blank=True)
    reason = models.TextField("理由", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    # A 规章 is repealed by its government's order (第N号令), numbered at publication.
    order_number = models.CharField("废止令", max_length=50, blank=True)

    class Meta:
        verbose_name = "清理文件"
        verbose_name_plural = "清理文件"
        ordering = ["campaign", "issuer", "title", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "document"], name="cleanup_item_unique")]

    def __str__(self) -> str:
        return self.title

    @property
    def out_of_scope(self) -> bool:
        return self.unit_id is None


class Event(AppendOnly):
    """Audit history of a campaign: started, each decision (and change of mind), published. Append-only."""

    class Kind(models.TextChoices):
        STARTED = "started", "发起清理"
        OPENED = "opened", "检查完成"
        DECIDED = "decided", "作出清理决定"
        LEGAL_REVIEW = "legal", "法制审核"
        PUBLISHED = "published", "公布清理结果"
        CANCELLED = "cancelled", "撤销清理"

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="events")
    item = models.ForeignKey(Item, null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    detail = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "清理记录"
        verbose_name_plural = "清理记录"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {cn_datetime(self.at)}"

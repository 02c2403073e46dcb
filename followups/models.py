"""What an issuer still owes on a published document (DOMAIN.md stage 9): the amendment a cleanup decided, the
re-evaluation before its term ends, the 后评估 of a 规章 or a major decision. Each is a task of the issuing
unit with a deadline, closed by its decision or by the new version's publication."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.models import Unit
from cleanup.models import Item
from filings.models import Document


class FollowUp(models.Model):
    class Kind(models.TextChoices):
        AMEND = "amend", "清理后修改"
        REEVALUATE = "reevaluate", "有效期届满前评估"
        POST_EVALUATION = "post_evaluation", "后评估"

    class Decision(models.TextChoices):
        REISSUE = "reissue", "重新制定（按审核流程起草新版本）"
        LAPSE = "lapse", "有效期届满后失效"
        REPORTED = "reported", "已提交评估报告"
        SUPERSEDED = "superseded", "新版本已公布"

    kind = models.CharField("事项", max_length=20, choices=Kind.choices)
    document = models.ForeignKey(Document, verbose_name="文件", on_delete=models.PROTECT, related_name="followups")
    unit = models.ForeignKey(Unit, verbose_name="承办单位", on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(Item, verbose_name="清理文件", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="followups")  # fmt: skip
    due = models.DateField("期限")
    decision = models.CharField("处理", max_length=20, choices=Decision.choices, blank=True)
    note = models.TextField("说明", blank=True)
    report = models.FileField("评估报告", upload_to="followups/%Y/%m/", blank=True)
    report_name = models.CharField("报告文件名", max_length=200, blank=True)
    successor = models.ForeignKey(Document, verbose_name="新版本", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")  # fmt: skip
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    closed_at = models.DateTimeField("完成时间", null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")  # fmt: skip

    class Meta:
        verbose_name = verbose_name_plural = "后续工作"
        ordering = ["closed_at", "due", "id"]
        constraints = [
            # The dispatcher opens a re-evaluation or a 后评估 once per document; a cleanup once per item.
            models.UniqueConstraint(fields=["kind", "document"], condition=Q(item__isnull=True),
                                    name="followup_once_per_document"),
            models.UniqueConstraint(fields=["kind", "item"], condition=Q(item__isnull=False),
                                    name="followup_once_per_item"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.document.title}"

    @property
    def decisions(self) -> list:
        """What the issuer may answer to this kind of follow-up."""
        return {
            self.Kind.AMEND: [self.Decision.REISSUE],
            self.Kind.REEVALUATE: [self.Decision.REISSUE, self.Decision.LAPSE],
            self.Kind.POST_EVALUATION: [self.Decision.REPORTED],
        }[self.kind]

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

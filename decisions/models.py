"""The further steps of a major decision or a market measure, and the 政策解读 every published document
carries (DOMAIN.md stage 3): each a record the drafting unit enters, append-only — a later record of the
same kind supersedes the earlier one, which stays on file."""

from django.conf import settings
from django.db import models

from filings.history import AppendOnly
from review.models import ExpertOpinion, Handling, Material, ReviewProcess


class Recorded(AppendOnly):
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["recorded_at", "id"]


class Hearing(Recorded):
    """听证 (规章制定程序条例 art. 16; 重大行政决策程序暂行条例 arts. 16–17)."""

    process = models.ForeignKey(ReviewProcess, on_delete=models.PROTECT, related_name="hearings")
    announced_on = models.DateField("公告日期")
    materials_sent_on = models.DateField("材料送达参加人日期")
    held_on = models.DateField("听证日期")
    participants = models.TextField("听证参加人")
    opinions_handling = models.TextField("听证意见的采纳情况")
    minutes = models.ForeignKey(Material, verbose_name="听证笔录", on_delete=models.PROTECT, related_name="+")

    class Meta(Recorded.Meta):
        verbose_name = verbose_name_plural = "听证"


class RiskAssessment(Recorded):
    """风险评估 (决策 arts. 22–24): the report, the risk level and the measures."""

    class Level(models.TextChoices):
        LOW = "low", "低风险"
        MEDIUM = "medium", "中风险"
        HIGH = "high", "高风险"

    process = models.ForeignKey(ReviewProcess, on_delete=models.PROTECT, related_name="risk_assessments")
    level = models.CharField("风险等级", max_length=10, choices=Level.choices)
    measures = models.TextField("风险防范化解措施")
    report = models.ForeignKey(Material, verbose_name="风险评估报告", on_delete=models.PROTECT, related_name="+")

    class Meta(Recorded.Meta):
        verbose_name = verbose_name_plural = "风险评估"


class LegalOpinion(Recorded):
    """The legal adviser's or public-sector lawyer's opinion (决策 art. 28)."""

    class Capacity(models.TextChoices):
        ADVISER = "adviser", "法律顾问"
        LAWYER = "lawyer", "公职律师"

    process = models.ForeignKey(ReviewProcess, on_delete=models.PROTECT, related_name="legal_opinions")
    capacity = models.CharField("身份", max_length=10, choices=Capacity.choices)
    adviser = models.CharField("姓名及执业机构", max_length=100)
    given_on = models.DateField("出具日期")
    opinion = models.TextField("法律意见")

    class Meta(Recorded.Meta):
        verbose_name = verbose_name_plural = "法律顾问意见"


class FairCompetitionReview(Recorded):
    """公平竞争审查 (公平竞争审查条例 arts. 8–18) of a measure touching market entry, production or business."""

    class Conclusion(models.TextChoices):
        COMPLIANT = "compliant", "符合公平竞争审查标准"
        EXCEPTION = "exception", "适用例外规定"
        NONCOMPLIANT = "noncompliant", "不符合，须调整后方可出台"

    process = models.ForeignKey(ReviewProcess, on_delete=models.PROTECT, related_name="fair_competition_reviews")
    reviewed_on = models.DateField("审查日期")
    # The standards checked (keys of decisions.rules.FAIR_COMPETITION_STANDARDS) and what was found.
    standards = models.JSONField("审查标准", default=list)
    conclusion = models.CharField("审查结论", max_length=20, choices=Conclusion.choices)
    reasons = models.TextField("审查意见及理由")

    class Meta(Recorded.Meta):
        verbose_name = verbose_name_plural = "公平竞争审查"


class ExpertUse(Recorded):
    """How one expert opinion was used (决策 art. 29)."""

    opinion = models.ForeignKey(ExpertOpinion, on_delete=models.PROTECT, related_name="uses")
    handling = models.CharField("采纳情况", max_length=20, choices=Handling.choices)
    reason = models.TextField("理由")

    class Meta(Recorded.Meta):
        verbose_name = verbose_name_plural = "专家意见采纳情况"


class Interpretation(Recorded):
    """政策解读: drafted, reviewed, approved and published with the document (同步组织、同步审签、同步发布;
    决策 art. 32)."""

    process = models.ForeignKey(ReviewProcess, on_delete=models.PROTECT, related_name="interpretations")
    text = models.TextField("政策解读")

    class Meta(Recorded.Meta):
        verbose_name = verbose_name_plural = "政策解读"

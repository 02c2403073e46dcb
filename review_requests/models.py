"""审查建议 (DOMAIN.md stage 8; 备案审查条例 art. 12; 立法法 arts. 113, 115): anyone may ask in writing for a
document in the register to be reviewed. The request goes to the office that reviews the document's filing;
it is registered and acknowledged, examined or forwarded to the competent body, and answered."""

from django.conf import settings
from django.db import models

from accounts.models import Unit
from filings.history import AppendOnly
from filings.models import Document


class ReviewRequest(models.Model):
    class Kind(models.TextChoices):
        CITIZEN = "citizen", "公民"
        ORGANISATION = "organisation", "社会组织"
        ENTERPRISE = "enterprise", "企业事业单位"
        STATE_BODY = "state_body", "国家机关"

    class Status(models.TextChoices):
        RECEIVED = "received", "已收到，待登记"
        REGISTERED = "registered", "已登记，审查中"
        FORWARDED = "forwarded", "已转送有权机关"
        ANSWERED = "answered", "已答复"

    number = models.CharField("编号", max_length=30, unique=True)
    code_hash = models.CharField(max_length=64)  # the requester's follow code, hashed (shown once)
    document = models.ForeignKey(Document, verbose_name="建议审查的文件", on_delete=models.PROTECT, related_name="+")
    body = models.ForeignKey(Unit, verbose_name="受理机关", on_delete=models.PROTECT, related_name="+")
    requester_kind = models.CharField("提出人类别", max_length=20, choices=Kind.choices)
    requester_name = models.CharField("提出人", max_length=100)
    organisation = models.CharField("单位或组织", max_length=200, blank=True)
    contact = models.CharField("联系方式", max_length=200)
    articles = models.CharField("建议审查的条款", max_length=200, blank=True)
    reasons = models.TextField("理由")
    attachment = models.FileField("附件", upload_to="review-requests/%Y/%m/", blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    sender_hash = models.CharField(max_length=64, db_index=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.RECEIVED)
    received_at = models.DateTimeField("收到时间", auto_now_add=True)
    register_due = models.DateField("登记期限")
    answer_due = models.DateField("答复期限", null=True, blank=True)
    registered_at = models.DateTimeField("登记时间", null=True, blank=True)
    forwarded_to = models.CharField("转送机关", max_length=200, blank=True)
    answer = models.TextField("答复", blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    answer_published = models.BooleanField("公开答复", default=False)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "审查建议"
        verbose_name_plural = "审查建议"
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.number}：《{self.document.title}》"

    @property
    def closed(self) -> bool:
        return self.status in (self.Status.FORWARDED, self.Status.ANSWERED)


class ReviewRequestEvent(AppendOnly):
    """What happened to a request, in order; what the requester may read is marked public."""

    request = models.ForeignKey(ReviewRequest, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    what = models.CharField("事项", max_length=300)
    public = models.BooleanField(default=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "审查建议记录"
        verbose_name_plural = "审查建议记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.what


class RequestedReview(models.Model):
    """依申请审查: the review a 审查建议 starts, by the body it was addressed to, with the outcomes of a filing
    review (备案审查条例 art. 18): no problem; a request for explanation or advice to correct, which the issuer
    answers by a deadline; or a 处理意见 to the competent authority, which alone may revoke (立法法 art. 108)."""

    class Outcome(models.TextChoices):
        NO_PROBLEM = "no_problem", "未发现问题"
        EXPLANATION = "explanation", "请予说明"
        SELF_CORRECTION = "self_correction", "建议自行纠正"
        DISPOSAL = "disposal", "提出处理意见（建议有权机关改变或撤销）"

    request = models.OneToOneField(ReviewRequest, on_delete=models.PROTECT, related_name="review")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="requested_reviews")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField("启动时间", auto_now_add=True)
    outcome = models.CharField("审查结果", max_length=20, choices=Outcome.choices, blank=True)
    note = models.TextField("审查意见", blank=True)
    concluded_at = models.DateTimeField("审查结束", null=True, blank=True)
    answer_due = models.DateField("制定机关答复期限", null=True, blank=True)
    issuer_answer = models.TextField("制定机关的说明或纠正情况", blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "依申请审查"
        verbose_name_plural = "依申请审查"

    def __str__(self) -> str:
        return f"依申请审查：《{self.document.title}》"

    @property
    def awaits_issuer(self) -> bool:
        return self.outcome in (self.Outcome.EXPLANATION, self.Outcome.SELF_CORRECTION) and not self.answered_at

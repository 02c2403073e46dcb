from django.conf import settings
from django.db import models

from accounts.models import Unit
from filings.models import Document
from review.models import Filing


class IncomingPackage(models.Model):
    """A filing package another platform exported (review.materials.filing_package), imported here as an
    incoming filing: its document enters the register, its files are kept as they came. One per package id."""

    package_id = models.CharField("备案包编号", max_length=200, unique=True)
    version = models.PositiveSmallIntegerField("格式版本")
    sha256 = models.CharField("备案包校验值", max_length=64)
    body = models.ForeignKey(Unit, verbose_name="接收机关", on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey(Document, verbose_name="备案文件", on_delete=models.PROTECT, related_name="+")
    issuer = models.CharField("制定机关", max_length=200)
    report_number = models.CharField("备案报告文号", max_length=50, blank=True)
    report = models.TextField("备案报告", blank=True)
    explanation = models.TextField("起草说明", blank=True)
    legal_bases = models.TextField("制定依据", blank=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    manifest = models.JSONField("清单")
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="导入人", on_delete=models.PROTECT,
                                    related_name="+")  # fmt: skip
    received_at = models.DateTimeField("导入时间", auto_now_add=True)
    # The filing body's work on it, by the rules of a filing made here (review.filing_review).
    status = models.CharField("备案状态", max_length=20, choices=Filing.Status.choices, default=Filing.Status.SUBMITTED)
    rounds = models.PositiveSmallIntegerField("报送次数", default=1)  # 2 and more: 补正 after 暂缓登记
    registration_note = models.TextField("登记意见", blank=True)
    correction_due = models.DateField("补正期限", null=True, blank=True)
    registered_at = models.DateTimeField("登记时间", null=True, blank=True)
    review_due = models.DateField("审查期限", null=True, blank=True)
    outcome = models.CharField("审查结果", max_length=20, choices=Filing.Outcome.choices, blank=True)
    outcome_note = models.TextField("审查意见", blank=True)
    closed_at = models.DateTimeField("审查结束", null=True, blank=True)

    class Meta:
        verbose_name = "外平台备案包"
        verbose_name_plural = "外平台备案包"
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.package_id}：{self.document.title}"


class IncomingFile(models.Model):
    class Role(models.TextChoices):
        FILING_REPORT = "filing_report", "备案报告"
        OFFICIAL_TEXT = "official_text", "正式文本"
        LEGALITY_OPINION = "legality_opinion", "合法性审核意见书"
        MATERIAL = "material", "材料"

    package = models.ForeignKey(IncomingPackage, on_delete=models.PROTECT, related_name="files")
    round = models.PositiveSmallIntegerField("第几次报送", default=1)
    path = models.CharField("包内路径", max_length=300)
    role = models.CharField("用途", max_length=20, choices=Role.choices)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to="incoming-packages/%Y/%m/")

    class Meta:
        ordering = ["round", "pk"]

    def __str__(self) -> str:
        return self.path

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

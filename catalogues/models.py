"""What a filing body issues about the filings it receives (备案审查条例 arts. 10, 23): the monthly catalogue
of registered documents is computed from the filings; a late filing's notice with a new deadline (限期报送)
is recorded here, and whoever is still missing after it is listed in the 通报."""

from django.conf import settings
from django.db import models

from filings.history import AppendOnly
from review.models import Filing


class LateNotice(AppendOnly):
    """限期报送: the filing was not made in time; the issuer is told to file by `new_due`."""

    filing = models.ForeignKey(Filing, on_delete=models.PROTECT, related_name="late_notices")
    new_due = models.DateField("限期报送至")
    note = models.CharField("说明", max_length=300, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField("发出时间", auto_now_add=True)

    class Meta:
        verbose_name = "限期报送通知"
        verbose_name_plural = "限期报送通知"
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filing}：限期至 {self.new_due}"


class AnnualList(models.Model):
    """An issuer's list of the previous year's documents, due to each body it files with by 31 January
    (备案审查条例 art. 22). Prepared each January by the dispatcher; the issuer confirms and sends it."""

    issuer = models.ForeignKey("accounts.Unit", verbose_name="制定机关", on_delete=models.PROTECT, related_name="+")
    body = models.ForeignKey("accounts.Unit", verbose_name="备案审查机构", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField("年度")
    due = models.DateField("报送期限")
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    titles = models.JSONField("文件目录", default=list, blank=True)  # as sent: [[title, 文号, 公布日期], …]
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "年度文件目录"
        verbose_name_plural = "年度文件目录"
        ordering = ["-year", "issuer__name"]
        constraints = [models.UniqueConstraint(fields=["issuer", "body", "year"], name="one_annual_list")]

    def __str__(self) -> str:
        return f"{self.issuer} {self.year}年度目录 → {self.body}"

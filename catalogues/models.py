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

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A machine client's key, acting as one account of a unit: shown once, stored as its SHA-256 digest.
    A revoked token stays on record (who made it, who revoked it, when it was last used)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="代表账号", on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField("用途", max_length=100)
    prefix = models.CharField("令牌开头", max_length=12)  # enough for a person to tell tokens apart
    digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="吊销人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"

"""What the system tells a person: in the app (a list with a badge) and, unless turned off, by e-mail."""

from django.conf import settings
from django.db import models


class Notification(models.Model):
    class Kind(models.TextChoices):
        TASK = "task", "新任务"
        RETURNED = "returned", "退回"
        YELLOW = "yellow", "即将到期（黄牌）"
        RED = "red", "已超期（红牌）"
        COMMENTS_CLOSED = "comments_closed", "征求意见期结束"
        CLEANUP = "cleanup", "清理待决定"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    text = models.CharField("内容", max_length=300)
    url = models.CharField("链接", max_length=300, blank=True)
    # One notice per subject and kind (e.g. "the yellow card of task 12"): sweeps never repeat it.
    key = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读", null=True, blank=True)
    emailed_at = models.DateTimeField("已发邮件", null=True, blank=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], condition=~models.Q(key=""), name="one_notice_per_key")
        ]

    def __str__(self) -> str:
        return self.text


class Preference(models.Model):
    """A person's choice of e-mail: each notice as it comes, one daily digest, or none."""

    class Email(models.TextChoices):
        EACH = "each", "每条通知发一封邮件"
        DIGEST = "digest", "每天一封汇总邮件"
        NONE = "none", "不发邮件（只在系统内提醒）"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preference")
    email = models.CharField("邮件提醒", max_length=10, choices=Email.choices, default=Email.EACH)
    last_digest = models.DateField("最近一次汇总", null=True, blank=True)

    class Meta:
        verbose_name = "通知设置"
        verbose_name_plural = "通知设置"

    def __str__(self) -> str:
        return f"{self.user}：{self.get_email_display()}"

from django.apps import AppConfig


class ReviewRequestsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "review_requests"
    verbose_name = "审查建议"

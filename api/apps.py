from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "开放接口"

    def ready(self):
        from . import schema  # noqa: F401  (registers the token's security scheme with drf-spectacular)

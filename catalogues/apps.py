from django.apps import AppConfig


class CataloguesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "catalogues"
    verbose_name = "备案目录与通报"

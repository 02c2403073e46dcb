from django.apps import AppConfig


class CleanupConfig(AppConfig):
    name = "cleanup"
    verbose_name = "文件清理"

    def ready(self):
        from filings import panels as document_panels

        from . import panels

        document_panels.register(panels.impact_panel)

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "全文检索"

    def ready(self):
        from filings import panels as document_panels

        from . import handlers, panels

        handlers.register()
        document_panels.register(panels.findings_panel)

from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = "审核流程"

    def ready(self):
        # Building the flow's routes gives its nodes their URL namespace; without it a node's
        # reverse() fails wherever no request has loaded the URLconf yet (commands, tests).
        from filings import panels as document_panels

        from . import panels, urls  # noqa: F401

        document_panels.register(panels.filings_panel)

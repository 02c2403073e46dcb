from django.urls import path

from . import filing_views, material_views, pages, task_routes, views
from .flows import DocumentReviewFlow

app_name = "review"

urlpatterns = [
    path("", pages.workbench, name="workbench"),
    path("processes/", pages.process_list, name="process_list"),
    path("processes/<int:pk>/", pages.process_detail, name="process_detail"),
    path("processes/<int:pk>/draft/", pages.process_draft, name="process_draft"),
    path("processes/<int:pk>/draft.docx", pages.process_draft_docx, name="process_draft_docx"),
    path("processes/<int:pk>/compare/", pages.process_compare, name="process_compare"),
    path("processes/<int:pk>/opinion.docx", pages.legality_opinion_docx, name="legality_opinion_docx"),
    path("processes/<int:pk>/filing-report.docx", pages.filing_report_docx, name="filing_report_docx"),
    path("processes/<int:pk>/materials/new/", material_views.material_new, name="material_new"),
    path("processes/<int:pk>/materials/<int:material_pk>/", material_views.material_download, name="material_download"),
    path("processes/<int:pk>/filing-package.zip", material_views.filing_package, name="filing_package"),
    path("processes/<int:pk>/filings/<int:filing_pk>/outcome/", material_views.filing_outcome, name="filing_outcome"),
    path("processes/<int:pk>/filings/<int:filing_pk>/extend/", filing_views.filing_extend, name="filing_extend"),
    path(
        "processes/<int:pk>/filings/<int:filing_pk>/opinion.docx",
        filing_views.review_opinion_docx,
        name="review_opinion_docx",
    ),  # fmt: skip
    path("tasks/<int:pk>/take/", views.task_take, name="task_take"),
    path("processes/<int:pk>/comment-groups/", views.comment_groups_handle, name="comment_groups_handle"),
    path("dashboard/", pages.dashboard, name="dashboard"),
]

flow_urls = task_routes.flow_urls(DocumentReviewFlow)

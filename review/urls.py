from django.urls import path

from . import task_routes, views
from .flows import DocumentReviewFlow

app_name = "review"

urlpatterns = [
    path("", views.workbench, name="workbench"),
    path("processes/", views.process_list, name="process_list"),
    path("processes/<int:pk>/", views.process_detail, name="process_detail"),
    path("processes/<int:pk>/draft/", views.process_draft, name="process_draft"),
    path("processes/<int:pk>/draft.docx", views.process_draft_docx, name="process_draft_docx"),
    path("processes/<int:pk>/compare/", views.process_compare, name="process_compare"),
    path("processes/<int:pk>/opinion.docx", views.legality_opinion_docx, name="legality_opinion_docx"),
    path("processes/<int:pk>/filing-report.docx", views.filing_report_docx, name="filing_report_docx"),
    path("tasks/<int:pk>/take/", views.task_take, name="task_take"),
    path("processes/<int:pk>/comment-groups/", views.comment_groups_handle, name="comment_groups_handle"),
    path("dashboard/", views.dashboard, name="dashboard"),
]

flow_urls = task_routes.flow_urls(DocumentReviewFlow)

from django.urls import path
from viewflow.workflow.flow import FlowViewset

from . import views
from .flows import DocumentReviewFlow

app_name = "review"


class TaskRoutes(FlowViewset):
    """Only the flow's own task routes (start, execute, assign, …); the lists and the process page are
    ours (review/views.py), on the project's templates."""

    index_path = process_list_path = process_detail_path = process_cancel_path = None
    task_list_path = chart_path = flow_chart_path = None


urlpatterns = [
    path("", views.workbench, name="workbench"),
    path("processes/", views.process_list, name="process_list"),
    path("processes/<int:pk>/", views.process_detail, name="process_detail"),
    path("processes/<int:pk>/opinion.docx", views.legality_opinion_docx, name="legality_opinion_docx"),
    path("processes/<int:pk>/filing-report.docx", views.filing_report_docx, name="filing_report_docx"),
    path("tasks/<int:pk>/take/", views.task_take, name="task_take"),
    path("dashboard/", views.dashboard, name="dashboard"),
]

flow_urls = TaskRoutes(DocumentReviewFlow).urls

from django.urls import path

from . import views

app_name = "filings"

urlpatterns = [
    path("documents/", views.document_list, name="document_list"),
    path("documents/register-external/", views.document_register_external, name="document_register_external"),
    path("documents/expiring/", views.document_expiring, name="document_expiring"),
    path("documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("documents/<int:pk>/docx/", views.document_docx, name="document_docx"),
    path("documents/<int:pk>/compare/<int:other_pk>/", views.document_compare, name="document_compare"),
    path(
        "documents/<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
]

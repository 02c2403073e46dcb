from django.urls import path

from . import views

app_name = "filings"

urlpatterns = [
    path("documents/", views.document_list, name="document_list"),
    path("documents/upload/", views.document_upload, name="document_upload"),
    path("documents/expiring/", views.document_expiring, name="document_expiring"),
    path("documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("documents/<int:pk>/docx/", views.document_docx, name="document_docx"),
    path("documents/<int:pk>/publish/", views.document_publish, name="document_publish"),
]

from django.urls import path

from . import views

app_name = "catalogues"

urlpatterns = [
    path("overdue/", views.overdue, name="overdue"),
    path("overdue/<int:filing_pk>/notice/", views.late_notice, name="late_notice"),
    path("bulletin.docx", views.bulletin_docx, name="bulletin_docx"),
    path("annual/", views.annual, name="annual"),
    path("annual/<int:pk>/submit/", views.annual_submit, name="annual_submit"),
]

public_urlpatterns = [path("public/catalogues/", views.catalogue, name="catalogue")]

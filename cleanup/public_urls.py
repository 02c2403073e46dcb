"""Published cleanup results, open to everyone."""

from django.urls import path

from . import views

urlpatterns = [
    path("cleanup-results/", views.results_list, name="cleanup_results_list"),
    path("cleanup-results/<int:pk>/", views.results, name="cleanup_results"),
    path("cleanup-results/<int:pk>/results.docx", views.results_docx, name="cleanup_results_docx"),
]

from django.urls import path

from . import views

app_name = "followups"

urlpatterns = [
    path("", views.followup_list, name="list"),
    path("<int:pk>/", views.followup_detail, name="detail"),
]

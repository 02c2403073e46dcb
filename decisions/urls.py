from django.urls import path

from . import views

app_name = "decisions"

urlpatterns = [
    path("processes/<int:pk>/", views.records_page, name="records"),
    path("processes/<int:pk>/<slug:kind>/", views.record_add, name="record_add"),
]

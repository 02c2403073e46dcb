from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("api/search", views.SearchAPI.as_view(), name="api_search"),
]

from django.urls import path

from . import views

app_name = "review_requests"

urlpatterns = [
    path("", views.desk_list, name="desk_list"),
    path("<int:pk>/", views.desk_detail, name="desk_detail"),
    path("<int:pk>/attachment/", views.desk_attachment, name="desk_attachment"),
]

public_urlpatterns = [
    path("public/review-requests/new/<int:document_pk>/", views.request_new, name="review_request_new"),
    path("public/review-requests/follow/", views.request_follow, name="review_request_follow"),
    path("public/review-requests/answers/", views.answers_published, name="review_request_answers"),
]

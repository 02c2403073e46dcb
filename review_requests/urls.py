from django.urls import path

from . import views

app_name = "review_requests"

urlpatterns = [
    path("", views.desk_list, name="desk_list"),
    path("<int:pk>/", views.desk_detail, name="desk_detail"),
    path("<int:pk>/attachment/", views.desk_attachment, name="desk_attachment"),
    path("<int:pk>/review/start/", views.review_start, name="review_start"),
    path("<int:pk>/review/conclude/", views.review_conclude, name="review_conclude"),
    path("reviews/<int:pk>/answer/", views.review_answer, name="review_answer"),
]

public_urlpatterns = [
    path("public/review-requests/new/<int:document_pk>/", views.request_new, name="review_request_new"),
    path("public/review-requests/follow/", views.request_follow, name="review_request_follow"),
    path("public/review-requests/answers/", views.answers_published, name="review_request_answers"),
]

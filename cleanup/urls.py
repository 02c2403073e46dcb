from django.urls import path

from . import views

app_name = "cleanup"

urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("new/", views.campaign_new, name="campaign_new"),
    path("<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("<int:pk>/items/<int:item_pk>/", views.item_detail, name="item_detail"),
    path("<int:pk>/publish/", views.campaign_publish, name="campaign_publish"),
    path("<int:pk>/legal-review/", views.campaign_legal_review, name="campaign_legal_review"),
    path("<int:pk>/items/<int:item_pk>/return/", views.item_return, name="item_return"),
    path("<int:pk>/cancel/", views.campaign_cancel, name="campaign_cancel"),
]

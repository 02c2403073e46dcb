from django.urls import path

from . import token_views

urlpatterns = [
    path("accounts/tokens/", token_views.token_list, name="api_tokens"),
    path("accounts/tokens/<int:pk>/revoke/", token_views.token_revoke, name="api_token_revoke"),
]

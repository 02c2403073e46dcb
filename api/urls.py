from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import public_views, views

app_name = "api"
router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("documents", views.DocumentViewSet, basename="document")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("drafts/", public_views.DraftList.as_view(), name="draft-list"),
    path("drafts/<int:pk>/", public_views.DraftDetail.as_view(), name="draft-detail"),
    path("drafts/<int:pk>/comments/", public_views.CommentCreate.as_view(), name="draft-comment"),
    path("captcha/", public_views.CaptchaCreate.as_view(), name="captcha"),
    path("documents/<int:pk>/review-requests/", public_views.ReviewRequestCreate.as_view(), name="review-request-new"),
    path("review-requests/status/", public_views.ReviewRequestStatus.as_view(), name="review-request-status"),
    path("", include(router.urls)),
]

from django.urls import include, path, re_path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import filing_views, package_views, problems, public_views, read_views, submission_views, views
from .base import IdConverter

app_name = "api"
register_converter(IdConverter, "id")
router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("documents", views.DocumentViewSet, basename="document")
router.register("filings", filing_views.FilingViewSet, basename="filing")
router.register("filing-packages", package_views.IncomingPackageViewSet, basename="filing-package")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("drafts/", public_views.DraftList.as_view(), name="draft-list"),
    path("drafts/<id:pk>/", public_views.DraftDetail.as_view(), name="draft-detail"),
    path("drafts/<id:pk>/comments/", public_views.CommentCreate.as_view(), name="draft-comment"),
    path("captcha/", public_views.CaptchaCreate.as_view(), name="captcha"),
    path("documents/<id:pk>/review-requests/", public_views.ReviewRequestCreate.as_view(), name="review-request-new"),
    path("review-requests/status/", public_views.ReviewRequestStatus.as_view(), name="review-request-status"),
    path("submissions/", submission_views.SubmissionCreate.as_view(), name="submission"),
    path("search/", read_views.Search.as_view(), name="search"),
    path("gazette/", read_views.GazetteList.as_view(), name="gazette"),
    path("catalogues/", read_views.Catalogue.as_view(), name="catalogue"),
    path("cleanup-results/", read_views.CleanupResultList.as_view(), name="cleanup-result-list"),
    path("cleanup-results/<id:pk>/", read_views.CleanupResultDetail.as_view(), name="cleanup-result-detail"),
    path("documents/<id:pk>/compare/<id:other_pk>/", read_views.Compare.as_view(), name="document-compare"),
    path("", include(router.urls)),
    re_path(r"", problems.not_found),  # any other address under /api/v1/: a problem, not the site's 404 page
]

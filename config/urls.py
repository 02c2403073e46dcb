from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from catalogues.urls import public_urlpatterns as catalogue_public_urls
from config.views import healthz
from filings import views as filings_views
from review.urls import flow_urls
from review_requests.urls import public_urlpatterns as review_request_public_urls

admin.site.site_header = "规范性文件管理系统"
admin.site.site_title = "规范性文件管理系统"

urlpatterns = [
    path("", filings_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("", include("api.page_urls")),
    path("captcha/", include("captcha.urls")),
    path("", include("filings.urls")),
    path("", include("search.urls")),
    path("cleanup/", include("cleanup.urls")),
    path("", include("cleanup.public_urls")),
    path("review/", include("review.urls")),
    path("notifications/", include("notifications.urls")),
    path("review/flow/", flow_urls),
    path("", include("review.public_urls")),
    path("review-requests/", include("review_requests.urls")),
    *review_request_public_urls,
    path("catalogues/", include("catalogues.urls")),
    path("decisions/", include("decisions.urls")),
    path("followups/", include("followups.urls")),
    path("incoming-filings/", include("packages.urls")),
    *catalogue_public_urls,
]

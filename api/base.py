"""What every /api/v1/ endpoint shares: who may call it, how often, how lists are paged, how errors read."""

from django.conf import settings
from drf_spectacular.utils import OpenApiResponse
from rest_framework import authentication, exceptions, pagination, permissions, throttling

from accounts.client import client_address

from .models import ApiToken
from .tokens import BearerAuthentication

PROBLEM = OpenApiResponse(description="问题详情（RFC 9457）：type、title、status、detail，表单错误另有 errors")


class Pages(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except exceptions.NotFound:
            raise exceptions.ValidationError({self.page_query_param: ["页码无效或超出范围。"]}) from None


class IdConverter:
    """An id in a path: up to 18 digits (a longer number is no row of ours: 404, never an overflow)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


SCALARS = (str, int, float, bool)


def form_data(request):
    """The body for a page's form: a form-encoded body as it is; a JSON object's values must be plain
    (text, number, true/false, null: left out), else 400 naming the field — the form then says the rest."""
    if not isinstance(request.data, dict):
        raise exceptions.ValidationError({"non_field_errors": ["请求内容应为 JSON 对象或表单。"]})
    if hasattr(request.data, "getlist"):
        return request.data
    wrong = {
        k: ["应为文字、数字或 true/false。"]
        for k, v in request.data.items()
        if v is not None and not isinstance(v, SCALARS)
    }
    if wrong:
        raise exceptions.ValidationError(wrong)
    return {k: v for k, v in request.data.items() if v is not None}


class _SettingsRate:
    """The rate read from settings.API_THROTTLE when the call comes (DRF reads its own once, at import)."""

    def get_rate(self):
        return settings.API_THROTTLE[self.scope]


class AddressThrottle(_SettingsRate, throttling.AnonRateThrottle):
    """Per address as the pages see it (behind our proxies, the address the outermost one saw)."""

    def get_ident(self, request):
        return client_address(request)


class AccountThrottle(_SettingsRate, throttling.UserRateThrottle):
    """Per token for a machine client (each of a unit's clients has its own budget), else per account."""

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            return self.cache_format % {"scope": self.scope, "ident": f"token-{request.auth.pk}"}
        return super().get_cache_key(request, view)


class ApiView:
    """Signed in (session or token) unless an endpoint says otherwise; throttled per address and account."""

    # The token first: an unauthenticated call is told how to authenticate (401 with WWW-Authenticate).
    authentication_classes = [BearerAuthentication, authentication.SessionAuthentication]
    permission_classes = [permissions.IsAuthenticated]
    throttle_classes = [AddressThrottle, AccountThrottle]


class PublicView(ApiView):
    """What the public pages offer without an account (the throttles and the services' limits still hold)."""

    permission_classes = [permissions.AllowAny]


def form_checked(form) -> dict:
    """A page's form run on the call: its errors as the API's 400, field by field, in the page's words."""
    if not form.is_valid():
        raise exceptions.ValidationError({field: list(errors) for field, errors in form.errors.items()})
    return form.cleaned_data

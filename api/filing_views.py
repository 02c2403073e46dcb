"""/api/v1/filings/: the filings a filing body receives, and its actions on them (登记、暂缓登记、不予登记;
the review's outcome), done as the task pages do them (review.filing_actions)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from catalogues.selectors import body_filings
from review import filing_actions, filing_review
from review.forms import FilingRegisterForm, FilingReviewForm
from review.models import Filing

from . import filing_serializers as s
from .base import PROBLEM, ApiView, Pages, form_checked, form_data
from .public_views import refused


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = "与该备案当前的状态冲突。"


ACTION_ERRORS = {400: PROBLEM, 401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 409: PROBLEM, 429: PROBLEM}


@extend_schema_view(
    list=extend_schema(summary="本机关收到的备案（备案审查人员）",
                       responses={200: s.FilingSerializer(many=True), 400: PROBLEM, 401: PROBLEM, 403: PROBLEM,
                                  429: PROBLEM}),
    retrieve=extend_schema(summary="一件备案",
                           responses={200: s.FilingSerializer, 401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 429: PROBLEM}),
)  # fmt: skip
class FilingViewSet(ApiView, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.FilingSerializer
    pagination_class = Pages
    queryset = Filing.objects.none()
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        user = self.request.user
        if not (user.has_perm("review.filing_review") or user.is_superuser):
            raise PermissionDenied("备案由备案审查机构办理。")
        return body_filings(user).exclude(status=Filing.Status.DUE).order_by("-submitted_at", "-pk")

    def _run(self, node_name: str, form: forms.Form, perform) -> Response:
        filing = self.get_object()  # what the caller may not see is a 404 before anything else is said
        data = form_checked(form)
        try:
            filing = filing_actions.filing_task_run(actor=self.request.user, filing=filing, node_name=node_name,
                                                    perform=lambda: perform(filing, data))  # fmt: skip
        except filing_actions.StepConflict as exc:
            raise Conflict(exc.messages[0]) from None
        except DjangoValidationError as exc:
            raise refused(exc) from None
        return Response(s.FilingSerializer(filing).data)

    @extend_schema(summary="备案登记：登记、暂缓登记（限期补正）或不予登记", request=s.RegisterSerializer,
                   responses={200: s.FilingSerializer, **ACTION_ERRORS})  # fmt: skip
    @action(detail=True, methods=["post"])
    def register(self, request, pk=None):
        return self._run("register_filing", FilingRegisterForm(form_data(request)), lambda filing, data:
                         filing_review.filing_register(filing=filing, actor=request.user, **data))  # fmt: skip

    @extend_schema(summary="备案审查结果", request=s.OutcomeSerializer,
                   responses={200: s.FilingSerializer, **ACTION_ERRORS})  # fmt: skip
    @action(detail=True, methods=["post"])
    def outcome(self, request, pk=None):
        return self._run("filing_review", FilingReviewForm(form_data(request)), lambda filing, data:
                         filing_review.filing_review_conclude(filing=filing, actor=request.user, **data))  # fmt: skip

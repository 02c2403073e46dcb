"""/api/v1/filing-packages/: a filing body imports a package another platform exported (idempotent by its
id) and lists what it received; the export of a filing it received, as the drafting unit's page gives it."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from packages import desk, selectors, services
from packages.models import IncomingPackage
from packages.reading import too_large
from review.forms import FilingRegisterForm, FilingReviewForm

from .base import PROBLEM, ApiView, Pages, form_checked, form_data
from .filing_serializers import OutcomeSerializer, RegisterSerializer
from .filing_views import ACTION_ERRORS
from .public_views import refused


class IncomingPackageSerializer(serializers.ModelSerializer):
    document_id = serializers.IntegerField(source="document.pk", help_text="登记簿文件编号")
    title = serializers.CharField(source="document.title", help_text="文件标题")
    files = serializers.SerializerMethodField(help_text="包内文件（补正的，各次报送的都在）")
    status_label = serializers.CharField(source="get_status_display", help_text="备案状态（中文）")
    outcome_label = serializers.CharField(source="get_outcome_display", help_text="审查结果（中文）")

    class Meta:
        model = IncomingPackage
        fields = ["id", "package_id", "version", "document_id", "title", "issuer", "report_number",
                  "submitted_at", "received_at", "rounds", "status", "status_label", "registration_note",
                  "correction_due", "registered_at", "review_due", "outcome", "outcome_label", "outcome_note",
                  "closed_at", "files"]  # fmt: skip

    def get_files(self, incoming) -> list[str]:
        return [f.path for f in incoming.files.all()]


class TooLarge(exceptions.APIException):
    status_code = 413
    default_detail = "备案包过大。"


UPLOAD = inline_serializer("PackageUpload", {"package": serializers.FileField(help_text="备案包（.zip）")})


@extend_schema_view(
    list=extend_schema(summary="本机关导入的外平台备案包",
                       responses={200: IncomingPackageSerializer(many=True), 400: PROBLEM, 401: PROBLEM, 403: PROBLEM,
                                  429: PROBLEM}),
    retrieve=extend_schema(summary="一件外平台报送的备案",
                           responses={200: IncomingPackageSerializer, 401: PROBLEM, 403: PROBLEM, 404: PROBLEM,
                                      429: PROBLEM}),
    create=extend_schema(
        summary="导入外平台的备案包（按备案包编号只导入一次）",
        description=(
            "201：已导入；200：此前已导入，未改变，或是暂缓登记后补正的备案包（rounds 加一，待重新登记）。"
            "损坏、不完整或过大的备案包以 400/413 说明原因，不存任何内容。"
        ),
        request={"multipart/form-data": UPLOAD},
        responses={201: IncomingPackageSerializer, 200: IncomingPackageSerializer, 400: PROBLEM, 401: PROBLEM,
                   403: PROBLEM, 413: PROBLEM, 429: PROBLEM},
    ),
)  # fmt: skip
class IncomingPackageViewSet(
    ApiView, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = IncomingPackageSerializer
    pagination_class = Pages
    queryset = IncomingPackage.objects.none()
    lookup_value_regex = "[0-9]{1,18}"

    def get_parsers(self):
        # The package is a file; the two actions take the task pages' fields as JSON or a form.
        return [MultiPartParser()] if getattr(self, "action", None) == "create" else super().get_parsers()

    def _filing_body(self):
        if not services.may_import(self.request.user):
            raise exceptions.PermissionDenied("备案包由备案审查机构导入。")

    def get_queryset(self):
        self._filing_body()
        return selectors.packages_received_by(self.request.user).prefetch_related("files")

    def create(self, request, *args, **kwargs):
        self._filing_body()
        upload = request.FILES.get("package")
        if upload is None:
            raise exceptions.ValidationError({"package": ["请上传备案包（.zip）。"]})
        if too_large(upload.size):
            raise TooLarge(too_large(upload.size))
        try:
            incoming, result = services.package_import(data=upload.read(), actor=request.user)
        except DjangoValidationError as exc:
            raise refused(exc) from None
        code = status.HTTP_201_CREATED if result == services.IMPORTED else status.HTTP_200_OK
        return Response(IncomingPackageSerializer(incoming).data, status=code)

    def _desk(self, form, act) -> Response:
        incoming = self.get_object()
        data = form_checked(form)
        try:
            incoming = act(incoming, data)
        except DjangoValidationError as exc:
            raise refused(exc) from None
        return Response(IncomingPackageSerializer(incoming).data)

    @extend_schema(summary="登记外平台报送的备案：登记、暂缓登记（限期补正）或不予登记", request=RegisterSerializer,
                   responses={200: IncomingPackageSerializer, **ACTION_ERRORS})  # fmt: skip
    @action(detail=True, methods=["post"])
    def register(self, request, pk=None):
        return self._desk(FilingRegisterForm(form_data(request)), lambda incoming, data: desk.incoming_register(
            incoming=incoming, actor=request.user, decision=data["decision"], note=data["note"],
            correction_due=data["correction_due"]))  # fmt: skip

    @extend_schema(summary="外平台报送的备案的审查结果", request=OutcomeSerializer,
                   responses={200: IncomingPackageSerializer, **ACTION_ERRORS})  # fmt: skip
    @action(detail=True, methods=["post"])
    def outcome(self, request, pk=None):
        return self._desk(FilingReviewForm(form_data(request)), lambda incoming, data: desk.incoming_conclude(
            incoming=incoming, actor=request.user, **data))  # fmt: skip

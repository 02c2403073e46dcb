"""/api/v1/filing-packages/: a filing body imports a package another platform exported (idempotent by its
id) and lists what it received; the export of a filing it received, as the drafting unit's page gives it."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from packages import selectors, services
from packages.models import IncomingPackage
from packages.reading import too_large

from .base import PROBLEM, ApiView, Pages
from .public_views import refused


class IncomingPackageSerializer(serializers.ModelSerializer):
    document_id = serializers.IntegerField(source="document.pk", help_text="登记簿文件编号")
    title = serializers.CharField(source="document.title", help_text="文件标题")
    files = serializers.SerializerMethodField(help_text="包内文件")

    class Meta:
        model = IncomingPackage
        fields = ["id", "package_id", "version", "document_id", "title", "issuer", "report_number",
                  "submitted_at", "received_at", "files"]  # fmt: skip

    def get_files(self, incoming) -> list[str]:
        return [f.path for f in incoming.files.all()]


UPLOAD = inline_serializer("PackageUpload", {"package": serializers.FileField(help_text="备案包（.zip）")})


@extend_schema_view(
    list=extend_schema(summary="本机关导入的外平台备案包",
                       responses={200: IncomingPackageSerializer(many=True), 400: PROBLEM, 401: PROBLEM, 403: PROBLEM,
                                  429: PROBLEM}),
    create=extend_schema(
        summary="导入外平台的备案包（按备案包编号只导入一次）",
        description=(
            "201：已导入；200：此前已导入，未改变。损坏、不完整或过大的备案包以 400/413 说明原因，不存任何内容。"
        ),
        request={"multipart/form-data": UPLOAD},
        responses={201: IncomingPackageSerializer, 200: IncomingPackageSerializer, 400: PROBLEM, 401: PROBLEM,
                   403: PROBLEM, 413: PROBLEM, 429: PROBLEM},
    ),
)  # fmt: skip
class IncomingPackageViewSet(ApiView, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = IncomingPackageSerializer
    pagination_class = Pages
    parser_classes = [MultiPartParser]
    queryset = IncomingPackage.objects.none()

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
            incoming, created = services.package_import(data=upload.read(), actor=request.user)
        except DjangoValidationError as exc:
            raise refused(exc) from None
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(IncomingPackageSerializer(incoming).data, status=code)


class TooLarge(exceptions.APIException):
    status_code = 413
    default_detail = "备案包过大。"

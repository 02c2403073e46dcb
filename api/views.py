"""/api/v1/: the register, read with the same visibility as its pages (a unit's drafts only for that
unit and its register office); errors as problem details (problems.py)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from filings.models import Document, Level, Status
from filings.selectors import SORTS, DocumentFilter, documents_filtered, documents_visible_to

from .base import PROBLEM, ApiView, Pages
from .serializers import DocumentDetailSerializer, DocumentRowSerializer

SORT_LABELS = {
    "-promulgated": "公布日期新的在前",
    "promulgated": "公布日期早的在前",
    "title": "按标题",
    "-updated": "最近更新的在前",
}


class DocumentQuery(serializers.Serializer):
    """The list's filters, checked: a wrong value is a 400 naming the parameter, not an empty list."""

    level = serializers.ChoiceField(Level.choices, required=False, default="", help_text="效力层级代码")
    status = serializers.ChoiceField(
        [*Status.choices, ("unknown", "未知")], required=False, default="", help_text="时效性代码；unknown：未知"
    )
    issuer = serializers.CharField(
        required=False, default="", max_length=200, allow_blank=True, help_text="制定机关（包含该文字）"
    )
    year = serializers.IntegerField(required=False, default=None, min_value=1949, max_value=2100, help_text="公布年份")
    stage = serializers.ChoiceField(
        [("published", "已公布"), ("draft", "草稿")], required=False, default="", help_text="阶段"
    )
    sort = serializers.ChoiceField(
        [(key, SORT_LABELS[key]) for key in SORTS],
        required=False,
        default="-promulgated",
        help_text="排序（默认 -promulgated：公布日期新的在前）",
    )


@extend_schema_view(
    list=extend_schema(
        summary="登记簿文件列表", parameters=[DocumentQuery],
        responses={200: DocumentRowSerializer(many=True), 400: PROBLEM, 401: PROBLEM, 429: PROBLEM},
    ),
    retrieve=extend_schema(
        summary="文件详情：条文及锚点、引用、版本、检查发现",
        responses={200: DocumentDetailSerializer, 401: PROBLEM, 404: PROBLEM, 429: PROBLEM},
    ),
)  # fmt: skip
class DocumentViewSet(ApiView, viewsets.ReadOnlyModelViewSet):
    pagination_class = Pages
    queryset = Document.objects.none()  # the schema's type of {id}; get_queryset says what the caller sees
    lookup_value_regex = "[0-9]{1,18}"  # "abc" or a number past SQLite's integers is a 404, not a 500

    def get_serializer_class(self):
        return DocumentDetailSerializer if self.action == "retrieve" else DocumentRowSerializer

    def get_queryset(self):
        visible = documents_visible_to(self.request.user)
        if self.action == "retrieve":
            return visible
        query = DocumentQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        queryset = documents_filtered(visible, DocumentFilter(**query.validated_data))
        # A stable order for pagination: ties broken by the row.
        return queryset.order_by(*queryset.query.order_by, "-pk")

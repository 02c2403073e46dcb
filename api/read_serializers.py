"""What the read endpoints give besides documents: search results, the gazette, 备案目录, cleanup results,
修改对照表."""

from rest_framework import serializers

from catalogues.forms import CatalogueForm
from filings.models import Document, Level, Status
from jurisdictions.models import Jurisdiction
from search.engine import UNKNOWN


class SearchQuery(serializers.Serializer):
    """The search page's parameters; a wrong one is a 400 naming it (the page drops it and says so)."""

    q = serializers.CharField(max_length=1000, trim_whitespace=False, help_text="检索词：原文、短语、标题或文号")
    match = serializers.ChoiceField(
        [("", "原文优先"), ("words", "分词检索")], required=False, default="", help_text="words：分词检索"
    )
    level = serializers.ChoiceField(
        [("", "全部"), *Level.choices], required=False, default="", help_text="效力层级代码"
    )
    status = serializers.ChoiceField(
        [("", "全部"), *Status.choices, (UNKNOWN, "未知")], required=False, default="", help_text="时效性代码"
    )
    issuer = serializers.CharField(required=False, default="", allow_blank=True, max_length=200, help_text="制定机关")
    date_from = serializers.DateField(required=False, default=None, help_text="公布日期自")
    date_to = serializers.DateField(required=False, default=None, help_text="公布日期至")
    page = serializers.IntegerField(required=False, default=1, min_value=1, max_value=10_000, help_text="页码")

    def validate(self, data):
        if data["date_from"] and data["date_to"] and data["date_from"] > data["date_to"]:
            raise serializers.ValidationError({"date_to": ["起始日期晚于截止日期。"]})
        if not data["q"].strip():
            raise serializers.ValidationError({"q": ["请输入检索词。"]})
        return data


class SearchHitSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="document.pk")
    title = serializers.CharField(source="document.title")
    doc_number = serializers.CharField(source="document.doc_number", help_text="文号")
    issuer = serializers.CharField(source="document.issuer", help_text="制定机关")
    level = serializers.CharField(source="document.level", help_text="效力层级代码")
    status = serializers.CharField(source="document.status", help_text="时效性代码（空：未知）")
    promulgated = serializers.DateField(source="document.promulgated", allow_null=True, help_text="公布日期")
    title_html = serializers.CharField(help_text="标题，命中处以 <mark> 标出（已转义）")
    snippet_html = serializers.CharField(help_text="命中片段，以 <mark> 标出（已转义）")


class FacetSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class FacetsSerializer(serializers.Serializer):
    level = FacetSerializer(many=True, required=False, help_text="按效力层级")
    status = FacetSerializer(many=True, required=False, help_text="按时效性")
    issuer = FacetSerializer(many=True, required=False, help_text="按制定机关")


class SearchPageSerializer(serializers.Serializer):
    query = serializers.CharField(source="query.raw", help_text="检索词")
    total = serializers.IntegerField(help_text="命中文件数")
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    verbatim = serializers.CharField(help_text="按原文命中时为原文，否则为空（分词检索）")
    broader = serializers.BooleanField(help_text="原文无结果、已改为分词检索")
    results = SearchHitSerializer(many=True)
    facets = FacetsSerializer()


class GazetteQuery(serializers.Serializer):
    q = serializers.CharField(required=False, default="", allow_blank=True, max_length=100, help_text="标题或文号")
    jurisdiction = serializers.IntegerField(required=False, default=None, min_value=1, max_value=2**31,
                                            help_text="行政区域编号（含下级）")  # fmt: skip

    def validate_jurisdiction(self, value):
        if value is None:
            return None
        found = Jurisdiction.objects.filter(pk=value).first()
        if found is None:
            raise serializers.ValidationError("没有这个行政区域。")
        return found


class GazetteRowSerializer(serializers.ModelSerializer):
    class Meta:
        model = Document
        fields = ["id", "register_number", "title", "doc_number", "issuer", "level", "status", "promulgated",
                  "effective"]  # fmt: skip


class CatalogueQuery(serializers.Serializer):
    body = serializers.IntegerField(min_value=1, max_value=2**31, help_text="备案审查机关（单位编号）")
    year = serializers.IntegerField(min_value=2000, max_value=2100, help_text="年")
    month = serializers.IntegerField(min_value=1, max_value=12, help_text="月")

    def validate_body(self, value):
        body = CatalogueForm.base_fields["body"].queryset.filter(pk=value).first()
        if body is None:
            raise serializers.ValidationError("没有这个备案审查机关。")
        return body


class CatalogueRowSerializer(serializers.Serializer):
    document_id = serializers.IntegerField(source="document.pk")
    title = serializers.CharField(source="document.title", help_text="文件名称")
    doc_number = serializers.CharField(source="document.doc_number", help_text="文号")
    issuer = serializers.CharField(source="document.issuer", help_text="制定机关")
    promulgated = serializers.DateField(source="document.promulgated", allow_null=True, help_text="公布日期")
    registered_at = serializers.DateTimeField(help_text="登记时间")


class CatalogueSerializer(serializers.Serializer):
    body = serializers.CharField(help_text="备案审查机关")
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    filings = CatalogueRowSerializer(many=True, help_text="当月登记备案的文件")


class CampaignRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField(help_text="清理名称")
    number = serializers.CharField(help_text="结果文号")
    published_at = serializers.DateTimeField(help_text="公布时间")


class CleanupItemSerializer(serializers.Serializer):
    document_id = serializers.IntegerField(allow_null=True, help_text="登记簿文件编号")
    title = serializers.CharField()
    doc_number = serializers.CharField()
    issuer = serializers.CharField()
    reason = serializers.CharField(help_text="理由")


class CleanupGroupSerializer(serializers.Serializer):
    outcome = serializers.CharField(help_text="清理结论代码")
    label = serializers.CharField(help_text="清理结论（中文）")
    items = CleanupItemSerializer(many=True)


class CleanupResultsSerializer(CampaignRowSerializer):
    reason = serializers.CharField(help_text="清理说明")
    groups = CleanupGroupSerializer(many=True, help_text="按清理结论分列")


class CompareRowSerializer(serializers.Serializer):
    old_label = serializers.CharField(help_text="原条文序号")
    old_text = serializers.CharField(help_text="原条文")
    new_label = serializers.CharField(help_text="新条文序号")
    new_text = serializers.CharField(help_text="新条文")
    change = serializers.CharField(help_text="未修改 / 修改 / 新增 / 删除（含条序变化）")


class CompareCountsSerializer(serializers.Serializer):
    changed = serializers.IntegerField()
    added = serializers.IntegerField()
    deleted = serializers.IntegerField()


class CompareSerializer(serializers.Serializer):
    old_id = serializers.IntegerField(source="old.pk", help_text="旧版本（公布在前）")
    new_id = serializers.IntegerField(source="new.pk", help_text="新版本")
    counts = CompareCountsSerializer()
    rows = CompareRowSerializer(many=True, help_text="修改对照表，逐条")

"""What the API says of a register document: the list row, and the page's detail (articles with their
anchors, citations resolved, versions, the checks' findings)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from filings.models import Article, Document
from filings.selectors import citations_resolved, document_versions
from review.models import Filing
from search.models import Finding


class DocumentRowSerializer(serializers.ModelSerializer):
    level_label = serializers.CharField(source="get_level_display", read_only=True, help_text="效力层级（中文）")
    status_label = serializers.CharField(source="get_status_display", read_only=True, help_text="时效性（中文）")
    url = serializers.HyperlinkedIdentityField(view_name="api:document-detail", help_text="本文件的接口地址")

    class Meta:
        model = Document
        fields = ["id", "url", "title", "doc_number", "issuer", "level", "level_label", "status", "status_label",
                  "stage", "promulgated", "effective", "expires", "register_number"]  # fmt: skip
        extra_kwargs = {
            "id": {"help_text": "登记簿内部编号"}, "title": {"help_text": "标题"}, "doc_number": {"help_text": "文号"},
            "issuer": {"help_text": "制定机关"}, "level": {"help_text": "效力层级代码"},
            "status": {"help_text": "时效性代码（空：未知）"},
            "stage": {"help_text": "阶段：published 已公布，draft 草稿"},
            "promulgated": {"help_text": "公布日期"}, "effective": {"help_text": "施行日期"},
            "expires": {"help_text": "有效期至"}, "register_number": {"help_text": "三统一登记编号"},
        }  # fmt: skip


class ArticleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = ["kind", "label", "number", "heading", "anchor", "text"]
        extra_kwargs = {
            "kind": {"help_text": "结构层级：part 编、chapter 章、section 节、article 条"},
            "label": {"help_text": "如 第十二条"}, "anchor": {"help_text": "页面锚点，如 a12"},
        }  # fmt: skip


class CitationSerializer(serializers.Serializer):
    cited_title = serializers.CharField(source="citation.cited_title", help_text="被引标题")
    article_label = serializers.CharField(source="citation.article_label", help_text="被引条，如 第五十二条")
    evidence = serializers.CharField(source="citation.evidence", help_text="引用所在的原文")
    target_id = serializers.IntegerField(
        source="target.pk", allow_null=True, default=None,
        help_text="引用指向的登记簿文件（引用日有效的版本），登记簿没有时为空",
    )  # fmt: skip
    target_title = serializers.CharField(source="target.title", allow_null=True, default=None)
    target_anchor = serializers.CharField(help_text="被引条在目标文件中的锚点")


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Document
        fields = ["id", "title", "doc_number", "promulgated", "effective", "status"]


class FindingSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="get_kind_display", read_only=True, help_text="发现类型（中文）")

    class Meta:
        model = Finding
        fields = ["kind", "label", "cited_title", "evidence", "date", "target_ids"]


class DocumentFilingSerializer(serializers.Serializer):
    body = serializers.CharField(source="body_name", help_text="备案机关")
    status = serializers.CharField(help_text="备案状态代码")
    status_label = serializers.CharField(source="get_status_display", help_text="备案状态（中文）")
    due = serializers.DateField(help_text="报备期限")
    registered_at = serializers.DateTimeField(allow_null=True, help_text="登记时间")
    outcome = serializers.CharField(help_text="审查结果代码（空：尚无结果）")
    outcome_label = serializers.CharField(source="get_outcome_display", help_text="审查结果（中文）")
    closed_at = serializers.DateTimeField(allow_null=True, help_text="审查结束")


class DocumentDetailSerializer(DocumentRowSerializer):
    text = serializers.CharField(help_text="全文")
    articles = serializers.SerializerMethodField(help_text="编、章、节、条，按顺序")
    citations = serializers.SerializerMethodField(help_text="所引文件，解析到登记簿")
    versions = serializers.SerializerMethodField(help_text="同一文件的各版本，按各版本文本日期排序")
    findings = serializers.SerializerMethodField(help_text="最近一次登记簿检查的发现")
    filings = serializers.SerializerMethodField(help_text="各备案机关的备案及其结果（与文件页相同）")

    class Meta(DocumentRowSerializer.Meta):
        fields = [*DocumentRowSerializer.Meta.fields, "text", "articles", "citations", "versions", "findings",
                  "filings"]  # fmt: skip

    @extend_schema_field(ArticleSerializer(many=True))
    def get_articles(self, document):
        return ArticleSerializer(document.articles.all(), many=True).data

    @extend_schema_field(CitationSerializer(many=True))
    def get_citations(self, document):
        return CitationSerializer(citations_resolved(document, self.context["request"].user), many=True).data

    @extend_schema_field(VersionSerializer(many=True))
    def get_versions(self, document):
        return VersionSerializer(document_versions(document), many=True).data

    @extend_schema_field(FindingSerializer(many=True))
    def get_findings(self, document):
        return FindingSerializer(Finding.objects.filter(document=document), many=True).data

    @extend_schema_field(DocumentFilingSerializer(many=True))
    def get_filings(self, document):
        return DocumentFilingSerializer(Filing.objects.filter(document=document).order_by("id"), many=True).data

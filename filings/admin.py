from django.contrib import admin

from . import services
from .models import Article, Citation, DocNumberSeries, Document, DocumentEvent, TitleAlias


class ArticleInline(admin.TabularInline):
    model = Article
    fields = ["position", "kind", "label", "heading", "anchor"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False  # articles follow the text; edit the text instead


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "doc_number", "issuer", "level", "promulgated", "status", "stage"]
    list_filter = ["level", "status", "stage"]
    search_fields = ["title", "doc_number", "issuer", "external_id"]
    date_hierarchy = "promulgated"
    readonly_fields = ["register_number", "external_id", "created_at", "updated_at"]
    fields = [
        "title", "doc_number", "issuer", "level", "stage", "promulgated", "effective", "expires",
        "status", "status_basis", "register_number", "external_id", "source", "drafting_unit",
        "issuer_unit", "text", "created_at", "updated_at",
    ]  # fmt: skip
    inlines = [ArticleInline]
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        # Keys, articles and citations are derived from the text: rebuild them, with an audit row.
        changed = ", ".join(form.changed_data) or "无字段变化"
        services.document_structure_refresh(document=obj, actor=request.user, detail=f"后台修改：{changed}")

    def delete_model(self, request, obj):
        services.documents_delete(documents=[obj])

    def delete_queryset(self, request, queryset):
        services.documents_delete(documents=list(queryset))


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ["cited_title", "article_label", "document"]
    search_fields = ["cited_title", "title_key"]
    raw_id_fields = ["document"]


@admin.register(TitleAlias)
class TitleAliasAdmin(admin.ModelAdmin):
    list_display = ["alias", "title"]
    search_fields = ["alias", "title"]


@admin.register(DocNumberSeries)
class DocNumberSeriesAdmin(admin.ModelAdmin):
    list_display = ["key", "year", "last_number"]
    list_filter = ["year"]


@admin.register(DocumentEvent)
class DocumentEventAdmin(admin.ModelAdmin):
    list_display = ["at", "kind", "document", "actor", "detail"]
    list_filter = ["kind"]
    raw_id_fields = ["document"]

    def has_change_permission(self, request, obj=None):
        return False  # history is not rewritten

    def has_delete_permission(self, request, obj=None):
        return False

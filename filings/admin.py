"""The register in the Django admin: read what is there; correct only what may be corrected.

Nothing is added or deleted here: drafts enter through the review workflow, documents issued outside
the platform through the archivists' registration page, corpus records through `import_documents`.
What the workflow published, and any draft, is read-only for every role (a change is a new version
through the workflow); an imported or registered document's particulars may be corrected by an
archivist, each correction recorded with old and new values.
"""

from django.contrib import admin

from filings.history import ReadOnlyAdmin

from . import services
from .models import Article, Citation, DocNumberSeries, Document, DocumentEvent, TitleAlias

FIELDS = [
    "title", "doc_number", "issuer", "level", "stage", "origin", "promulgated", "effective", "expires",
    "status", "status_basis", "register_number", "external_id", "source", "drafting_unit", "issuer_unit",
    "text", "created_at", "updated_at",
]  # fmt: skip


class ArticleInline(admin.TabularInline):
    model = Article
    fields = ["position", "kind", "label", "heading", "anchor"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False  # articles follow the text


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "doc_number", "issuer", "level", "promulgated", "status", "stage", "origin"]
    list_filter = ["level", "status", "stage", "origin"]
    search_fields = ["title", "doc_number", "issuer", "external_id"]
    date_hierarchy = "promulgated"
    fields = FIELDS
    inlines = [ArticleInline]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a document leaves force by repeal or lapse, recorded; it never leaves the register

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.metadata_correctable and request.user.has_perm("filings.change_document"):
            return [f for f in FIELDS if f not in services.CORRECTABLE_FIELDS]
        return FIELDS

    def save_model(self, request, obj, form, change):
        # The service reads the stored values under a row lock, so old and new both go into the history.
        values = {name: form.cleaned_data[name] for name in form.changed_data if name in services.CORRECTABLE_FIELDS}
        if values:
            services.document_metadata_correct(document=obj, values=values, actor=request.user)


@admin.register(Citation)
class CitationAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Citations are parsed from the text: read-only."""

    list_display = ["cited_title", "article_label", "document"]
    search_fields = ["cited_title", "title_key"]
    raw_id_fields = ["document"]


@admin.register(TitleAlias)
class TitleAliasAdmin(admin.ModelAdmin):
    list_display = ["alias", "title"]
    search_fields = ["alias", "title"]


@admin.register(DocNumberSeries)
class DocNumberSeriesAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """The 三统一 counters: read-only, or numbers could be given twice or skipped."""

    list_display = ["key", "year", "last_number"]
    list_filter = ["year"]


@admin.register(DocumentEvent)
class DocumentEventAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["at", "kind", "document", "actor", "detail"]
    list_filter = ["kind"]
    raw_id_fields = ["document"]

from django.db import models

from filings.models import Document


class Declaration(models.Model):
    """A register document declares another (by title) repealed or amended. Derived from its text;
    kept in step with the register by the same post-commit hook as the index."""

    class Kind(models.TextChoices):
        REPEAL = "repeal", "废止"
        AMEND = "amend", "修改"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="declarations")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    cited_title = models.CharField(max_length=300)
    title_key = models.CharField(max_length=300, db_index=True)
    evidence = models.CharField(max_length=400)

    class Meta:
        verbose_name = "废止/修改声明"
        verbose_name_plural = "废止/修改声明"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}《{self.cited_title}》"


class Finding(models.Model):
    """A stored result of the conflict and cleanup checks on a register document (scan_register)."""

    class Kind(models.TextChoices):
        CITES_REPEALED = "cites_repealed", "引用已废止的文件"
        CITES_AMENDED = "cites_amended", "所依据的文件已修改"
        REPEALED_BY = "repealed_by", "已被其他文件废止"
        SUPERSEDED_BY = "superseded_by", "已有新版本或被修改"
        PAST_VALIDITY = "past_validity", "已过有效期"
        UNLAWFUL_CONTENT = "unlawful_content", "无依据设定许可、处罚、强制、收费或义务"
        HIGHER_LAW_CONFLICT = "higher_law_conflict", "与上位法规定不一致"
        FAIR_COMPETITION = "fair_competition", "排除、限制竞争（公平竞争审查）"
        ADDED_REQUIREMENT = "added_requirement", "增设许可条件、证明事项或报告义务"
        ISSUER_CAPACITY = "issuer_capacity", "超越权限（制定主体无权制定）"
        SAME_LEVEL_INCONSISTENCY = "same_level_inconsistency", "与同级同地区文件规定不一致"
        # Drafts in the workflow only: a required step its records show missing (review/procedure.py).
        PROCEDURE = "procedure", "程序缺失"
        # The cited article itself, between the version cited and the current one (article_diff.py).
        CITED_ARTICLE_CHANGED = "cited_article_changed", "所引条款已修改"
        CITED_ARTICLE_RENUMBERED = "cited_article_renumbered", "所引条款序号已变"
        CITED_ARTICLE_DELETED = "cited_article_deleted", "所引条款已删除"
        CITED_ARTICLE_UNCHANGED = "cited_article_unchanged", "所引条款未修改（提示）"

    # Told, not a reason to act: the law changed, the article the document relies on did not.
    INFORMATIONAL = {Kind.CITED_ARTICLE_UNCHANGED}

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    target_ids = models.JSONField(default=list)
    cited_title = models.CharField(max_length=300, blank=True)
    evidence = models.CharField(max_length=400, blank=True)
    date = models.DateField(null=True, blank=True)
    inferred_status = models.CharField(max_length=20, blank=True)
    scanned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "检查发现"
        verbose_name_plural = "检查发现"
        ordering = ["document", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.cited_title}"


LAYOUT = 2  # 2: the grams include those with a space (migration 0009)


class SearchEntry(models.Model):
    """One register document as the PostgreSQL search backend reads it (search/pg_index.py; unused with
    whoosh). Folded text for the substring tests, its distinct bigrams for the candidate lookup (a GIN
    index over string_to_array(grams, ' '), created on PostgreSQL by migration 0007), and the columns
    the filters, facets and ranking read. Kept in step with the register by the same outbox as whoosh."""

    document_id = models.BigIntegerField(primary_key=True)  # the register's pk; no foreign key, as in whoosh
    external_id = models.TextField(blank=True)
    title = models.TextField()  # folded
    title_words = models.TextField()  # " w1 w2 … " (jieba search-mode words of the title)
    title_key = models.TextField(db_index=True)
    doc_number = models.TextField(db_index=True, blank=True)
    body = models.TextField()  # folded title and text (engine.IndexDocument.body)
    grams = models.TextField()  # its distinct bigrams, space-separated (a bigram's own space marked)
    body_length = models.IntegerField()  # bigrams in the body, for BM25's length normalisation
    level = models.CharField(max_length=40)
    status = models.CharField(max_length=40)
    issuer = models.TextField()
    stage = models.CharField(max_length=20)
    unit = models.BigIntegerField(default=0)
    promulgated = models.IntegerField(default=0)  # yyyymmdd
    chain = models.TextField()
    status_rank = models.SmallIntegerField()
    updated = models.BigIntegerField(default=0)  # the row's updated_at in µs (services.version_stamp)
    # How the row was written: one written the older way counts as out of date (pg_index.stored_versions).
    layout = models.PositiveSmallIntegerField(default=LAYOUT)

    class Meta:
        verbose_name = verbose_name_plural = "检索条目（PostgreSQL）"

    def __str__(self) -> str:
        return self.title

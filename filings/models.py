import re

from django.conf import settings
from django.db import models

from accounts.models import Unit

from .history import AppendOnly
from .parsing import split_paragraphs, title_key
from .text import cn_datetime


class LabelledChoices(models.TextChoices):
    """Choices the corpus names by their Chinese label."""

    @classmethod
    def from_label(cls, label: str):
        for choice in cls:
            if choice.label == label:
                return choice
        raise ValueError(label)


class Level(LabelledChoices):
    """效力层级: the corpus levels, highest first."""

    CONSTITUTION = "constitution", "宪法"
    LAW = "law", "法律"
    LAW_INTERPRETATION = "law_interpretation", "法律解释"
    DECISION = "decision", "有关法律问题和重大问题的决定"
    AMEND_REPEAL_DECISION = "amend_repeal_decision", "修改、废止的决定"
    ADMINISTRATIVE_REGULATION = "administrative_regulation", "行政法规"
    SUPERVISORY_REGULATION = "supervisory_regulation", "监察法规"
    JUDICIAL_INTERPRETATION = "judicial_interpretation", "司法解释"
    LOCAL_REGULATION = "local_regulation", "地方性法规"
    DEPARTMENT_RULE = "department_rule", "部门规章"
    LOCAL_GOVERNMENT_RULE = "local_government_rule", "地方政府规章"
    NORMATIVE_DOCUMENT = "normative_document", "规范性文件"
    OTHER = "other", "其他"


class Status(LabelledChoices):
    """时效性. Empty means unknown: the source did not say, and unknown is not "in force"."""

    IN_FORCE = "in_force", "有效"
    AMENDED = "amended", "已修改"
    REPEALED = "repealed", "已废止"
    # Revoked by the competent authority on a filing body's 处理意见 (立法法 art. 108), not the issuer's 废止.
    REVOKED = "revoked", "已撤销"
    LAPSED = "lapsed", "失效"
    NOT_YET_IN_FORCE = "not_yet_in_force", "尚未生效"


# No longer law: nothing cites it as a basis, no cleanup takes it in.
NO_LONGER_IN_FORCE = [Status.REPEALED, Status.REVOKED, Status.LAPSED]

# Sources of imported texts, as the document page names them.
SOURCE_LABELS = {
    "DLCNCC/laws": "开源法规库 DLCNCC/laws",
    "LawRefBook": "开源法规库 LawRefBook",
    "platform": "地方政府网站",
}


# A government 公报's issue as it is cited: 2026年第3期.
GAZETTE_ISSUE_RE = re.compile(r"^(\d{4})年第(\d{1,3})期$")


class Document(models.Model):
    """One version of a law, regulation, rule or normative document in the register.

    Versions of one instrument share `chain_key` (normalised title + issuer); a draft
    (stage DRAFT) is visible only to its drafting unit until it is published.
    """

    class Stage(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已公布"

    class Origin(models.TextChoices):
        """How a document entered the register. Only the workflow gives a 三统一 number."""

        WORKFLOW = "workflow", "经审核流程统一公布"
        IMPORTED = "imported", "批量导入"
        EXTERNAL = "external", "平台外制发，登记入库"

    title = models.CharField("标题", max_length=500)
    doc_number = models.CharField("文号", max_length=100, blank=True, db_index=True)
    issuer = models.CharField("制定机关", max_length=200, blank=True, db_index=True)
    level = models.CharField("效力层级", max_length=32, choices=Level.choices, db_index=True)
    stage = models.CharField("阶段", max_length=16, choices=Stage.choices, default=Stage.PUBLISHED)
    origin = models.CharField("来源方式", max_length=16, choices=Origin.choices, default=Origin.IMPORTED)
    # An archivist corrected the metadata: a later import of the same record does not undo it.
    locally_edited = models.BooleanField("已在本系统更正", default=False, editable=False)
    promulgated = models.DateField("公布日期", null=True, blank=True, db_index=True)
    effective = models.DateField("施行日期", null=True, blank=True)
    expires = models.DateField("有效期至", null=True, blank=True)
    status = models.CharField("时效性", max_length=20, choices=Status.choices, blank=True, db_index=True)
    status_basis = models.CharField("时效性依据", max_length=300, blank=True)
    external_id = models.CharField("外部编号", max_length=100, null=True, blank=True, unique=True)
    source = models.CharField("来源", max_length=500, blank=True)
    text = models.TextField("全文")
    # 三统一: the register number, given once at publication through the register.
    register_number = models.CharField("登记编号", max_length=30, null=True, blank=True, unique=True)
    # A 规章 is published by its government's order (第N号令), signed by the head, and printed in the
    # government's 公报, whose text is the standard text (立法法 arts. 97–98).
    gazette_issue = models.CharField("政府公报期号", max_length=30, blank=True)
    signatory = models.CharField("签署人", max_length=50, blank=True)
    issuer_unit = models.ForeignKey(
        Unit, verbose_name="制定单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    drafting_unit = models.ForeignKey(
        Unit, verbose_name="起草单位", null=True, blank=True, on_delete=models.PROTECT, related_name="drafts"
    )
    # Derived from title/issuer by services.document_keys(); indexed for chains and citations.
    title_key = models.CharField(max_length=500, db_index=True, editable=False)
    chain_key = models.CharField(max_length=700, db_index=True, editable=False)
    content_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "文件"
        verbose_name_plural = "文件"
        ordering = ["-promulgated", "title"]
        permissions = [
            ("publish_document", "可统一登记、编号并公布文件"),
            ("register_external", "可登记平台外制发的文件"),
        ]
        indexes = [models.Index(fields=["chain_key", "promulgated"])]

    def __str__(self) -> str:
        return f"{self.title}（{self.doc_number}）" if self.doc_number else self.title

    @property
    def is_draft(self) -> bool:
        return self.stage == self.Stage.DRAFT

    @property
    def source_label(self) -> str:
        """Where the text comes from, in words a reader knows (the raw source stays for administrators)."""
        if (self.external_id or "").startswith("flk-"):
            return "国家法律法规数据库"
        for marker, label in SOURCE_LABELS.items():
            if marker in self.source:
                return label
        return self.source

    @property
    def status_basis_label(self) -> str:
        if self.status_basis.startswith("flk"):
            return "国家法律法规数据库标注"
        return self.status_basis

    @property
    def metadata_correctable(self) -> bool:
        """Imported and externally registered documents' particulars may be corrected by archivists;
        what the workflow published (and any draft) changes only through the workflow."""
        return self.stage == self.Stage.PUBLISHED and self.origin != self.Origin.WORKFLOW


class Article(models.Model):
    """A structural unit parsed from the text: 编, 章, 节 or 条.

    款 and 项 are the lines inside an article's text (see `paragraphs`); they get their
    anchors from the article's, so every level of 章/节/条/款/项 can be linked to.
    """

    class Kind(models.TextChoices):
        PART = "part", "编"
        CHAPTER = "chapter", "章"
        SECTION = "section", "节"
        ARTICLE = "article", "条"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="articles")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    position = models.PositiveIntegerField()
    # 第十二条 → number 12; 第十二条之一 → number 12, sub 1.
    number = models.PositiveIntegerField(null=True)
    sub_number = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(max_length=40)
    heading = models.CharField(max_length=300, blank=True)
    text = models.TextField(blank=True)
    anchor = models.CharField(max_length=40)

    class Meta:
        verbose_name = "条文"
        verbose_name_plural = "条文"
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "position"], name="article_position_unique"),
            models.UniqueConstraint(fields=["document", "anchor"], name="article_anchor_unique"),
        ]
        indexes = [models.Index(fields=["document", "kind", "number"])]

    def __str__(self) -> str:
        return f"{self.label} {self.heading}".strip()

    @property
    def paragraphs(self) -> list[dict]:
        """款 (one per line) and their 项 (lines starting with （一）…), each with an anchor."""
        return split_paragraphs(self.text, self.anchor)


class Citation(models.Model):
    """A 《…》 mention in a document, with the article cited where given.

    Resolution is not stored: selectors match `title_key` against the register at read time,
    so a citation resolves as soon as the cited document is imported, and stays unresolved
    (and shown as such) until then.
    """

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="citations")
    cited_title = models.CharField("被引标题", max_length=300)
    title_key = models.CharField(max_length=300, db_index=True)
    article_number = models.PositiveIntegerField("被引条", null=True, blank=True)
    article_label = models.CharField(max_length=40, blank=True)
    # Where in the citing document it stands, and the sentence around it.
    article_anchor = models.CharField(max_length=40, blank=True)
    evidence = models.CharField("原文", max_length=400, blank=True)
    position = models.PositiveIntegerField()

    class Meta:
        verbose_name = "引用"
        verbose_name_plural = "引用"
        ordering = ["document", "position"]

    def __str__(self) -> str:
        return f"《{self.cited_title}》{self.article_label}"


class TitleAlias(models.Model):
    """A short form archivists teach the register, e.g. 民诉法解释 → 最高人民法院关于适用…的解释."""

    alias = models.CharField("简称", max_length=200, unique=True)
    title = models.CharField("全称", max_length=500)

    class Meta:
        verbose_name = "标题简称"
        verbose_name_plural = "标题简称"
        ordering = ["alias"]

    def __str__(self) -> str:
        return f"{self.alias} → {self.title}"

    def clean(self) -> None:
        # Citations are matched on their key form, so the alias is stored in that form too.
        self.alias = title_key(self.alias)


class DocNumberSeries(models.Model):
    """The counters behind 三统一: one 文号 series per issuer and year, and one register series.

    A row is locked (SELECT … FOR UPDATE) while a number is taken, so two publications at the
    same moment get consecutive numbers, never the same one, and a rolled-back publication
    gives its number back.
    """

    REGISTER = "__register__"

    key = models.CharField("序列", max_length=120)
    year = models.PositiveIntegerField("年度")
    last_number = models.PositiveIntegerField("已用至", default=0)

    class Meta:
        verbose_name = "编号序列"
        verbose_name_plural = "编号序列"
        constraints = [models.UniqueConstraint(fields=["key", "year"], name="series_key_year_unique")]

    def __str__(self) -> str:
        return f"{self.key}〔{self.year}〕{self.last_number}"


class Attachment(models.Model):
    """A file kept with a document: the scan of a document registered from outside the platform."""

    class Kind(models.TextChoices):
        SCAN = "scan", "正式文本扫描件"

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    file = models.FileField("文件", upload_to="attachments/%Y/%m/")
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class DocumentEvent(AppendOnly):
    """Audit history of a document: who did what, when. Append-only."""

    class Kind(models.TextChoices):
        IMPORTED = "imported", "导入"
        UPDATED = "updated", "更新"
        CREATED = "created", "创建草稿"
        PUBLISHED = "published", "统一登记编号并公布"
        REVISED = "revised", "修改草稿"
        STATUS = "status", "时效性变更"
        FILED = "filed", "备案"
        CLEANUP = "cleanup", "清理结论"
        REGISTERED = "registered", "平台外文件登记入库"
        CORRECTED = "corrected", "更正登记信息"

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    detail = models.CharField(max_length=500, blank=True)
    # A correction's fields, old and new: {"doc_number": ["旧", "新"], …}.
    changes = models.JSONField("变更", default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "文件记录"
        verbose_name_plural = "文件记录"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {cn_datetime(self.at)}"


class PendingIndexUpdate(models.Model):
    """The outbox of the search index: written in the same transaction as the change to the register,
    removed once the index has it (search/outbox.py). A crash between the two leaves the row, and the
    change reaches the index on the next drain."""

    document_id = models.BigIntegerField(db_index=True)  # no foreign key: a removal outlives its row
    removed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "待更新索引"
        verbose_name_plural = "待更新索引"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.document_id}{' 删除' if self.removed else ''}"

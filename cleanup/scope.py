"""Which documents a cleanup campaign takes in.

- 定期清理: the published documents of the chosen levels still in force (or of unknown status).
- 专项清理 on a changed law: those citing it. A decision that amends or repeals several acts (《国务院关于
  修改和废止部分行政法规的决定》) stands for the acts it lists: the documents citing any of them. With
  `articles_only`, exactly the documents citing an article the new version changed, moved or deleted
  (impact.py). The acts that made the change are never in scope.
- 专项清理 on a subject: documents whose title or text holds one of the keywords (计划生育).
- Then, before confirming, documents added and removed by hand.
Started at a level, only the documents of its issuers; a special campaign also lists the citing documents
of issuers outside the platform, which nobody here decides.
"""

import functools
import re
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from filings.models import NO_LONGER_IN_FORCE, Citation, Document, Level
from filings.selectors import citing_keys
from jurisdictions.selectors import subtree_ids
from search.models import Declaration

from .impact import version_impact
from .models import Campaign

# A cleanup covers the documents the government and its departments make themselves.
LEVELS_DEFAULT = [Level.NORMATIVE_DOCUMENT, Level.LOCAL_GOVERNMENT_RULE, Level.DEPARTMENT_RULE]
KEYWORDS_MAX = 10
_KEYWORD_SPLIT = re.compile(r"[\s,，、;；]+")


@dataclass
class Scope:
    kind: str
    levels: list[str]
    basis: Document | None = None
    jurisdiction_ids: set[int] | None = None
    keywords: list[str] = field(default_factory=list)
    articles_only: bool = False
    added: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, campaign: Campaign) -> "Scope":
        ids = None
        if campaign.jurisdiction is not None:
            ids = subtree_ids(campaign.jurisdiction) if campaign.include_below else {campaign.jurisdiction_id}
        return cls(
            kind=campaign.kind, levels=campaign.levels, basis=campaign.basis, jurisdiction_ids=ids,
            keywords=campaign.keywords, articles_only=campaign.articles_only, added=campaign.added,
            removed=campaign.removed,
        )  # fmt: skip

    # Worked out once per scope: the preview counts and lists it, and a campaign's batches share it.
    @functools.cached_property
    def acts(self) -> set[str]:
        return changed_acts(self.basis) if self.basis is not None else set()

    @functools.cached_property
    def citing(self):
        if self.articles_only:
            return version_impact(self.basis).document_ids
        return Citation.objects.filter(title_key__in=citing_keys(self.acts)).values("document_id")


def keywords_parse(text: str) -> list[str]:
    """ "计划生育 独生子女、社会抚养费" → three keywords, each at least two characters, in order, once."""
    words = [w for w in _KEYWORD_SPLIT.split(text.strip()) if len(w) >= 2]
    return list(dict.fromkeys(words))


def describe(scope: Scope) -> str:
    """The scope in words, for the campaign's history."""
    parts = []
    if scope.basis is not None:
        acts = len(scope.acts) - 1
        parts.append(f"依据《{scope.basis.title}》" + (f"及其修改、废止的 {acts} 件文件" if acts else ""))
        if scope.articles_only:
            parts.append("仅纳入所引条款被修改、移动或删除的文件")
    if scope.keywords:
        parts.append("主题词：" + "、".join(scope.keywords))
    if scope.added:
        parts.append(f"手工加入 {len(scope.added)} 件")
    if scope.removed:
        parts.append(f"手工移出 {len(scope.removed)} 件")
    return "；".join(parts)


def changed_acts(basis: Document) -> set[str]:
    """Title keys of what the basis changes: itself, and the acts an amending or repealing decision lists."""
    declared = Declaration.objects.filter(document=basis).values_list("title_key", flat=True)
    return {basis.title_key, *declared}


def documents_in_scope(scope: Scope, *, with_removed: bool = False) -> QuerySet[Document]:
    """The documents the scope takes in, in a stable order; `with_removed` keeps those removed by hand (the
    preview lists them, ticked, so they can be put back)."""
    published = Document.objects.filter(stage=Document.Stage.PUBLISHED).exclude(status__in=NO_LONGER_IN_FORCE)
    documents = published.filter(level__in=scope.levels)
    if scope.kind == Campaign.Kind.SPECIAL:
        chosen = Q(pk__in=[])
        if scope.basis is not None:
            chosen |= Q(pk__in=scope.citing)
        for word in scope.keywords:
            chosen |= Q(title__contains=word) | Q(text__contains=word)
        documents = documents.filter(chosen)
        if scope.basis is not None:
            documents = documents.exclude(title_key__in=scope.acts).exclude(
                pk__in=Declaration.objects.filter(title_key__in=scope.acts).values("document_id")
            )
    if scope.added:
        documents = documents | published.filter(pk__in=scope.added)
    if scope.jurisdiction_ids is not None:
        ours = Q(issuer_unit__jurisdiction_id__in=scope.jurisdiction_ids)
        outside = Q(issuer_unit__isnull=True) if scope.kind == Campaign.Kind.SPECIAL else Q(pk__in=[])
        documents = documents.filter(ours | outside)
    if scope.removed and not with_removed:
        documents = documents.exclude(pk__in=scope.removed)
    return documents.order_by("issuer", "title", "pk")

"""Reads across relations: visibility, filters, version chains, citation resolution."""

import datetime
from dataclasses import dataclass

from django.db.models import CharField, Count, Q, QuerySet
from django.db.models.functions import Cast, Substr

from accounts.models import User

from . import versions
from .models import GAZETTE_ISSUE_RE, NO_LONGER_IN_FORCE, Citation, Document, TitleAlias
from .parsing import title_key

SORTS = {
    "-promulgated": ["-promulgated", "title"],
    "promulgated": ["promulgated", "title"],
    "title": ["title", "-promulgated"],
    "-updated": ["-updated_at"],
}


def documents_visible_to(user: User) -> QuerySet[Document]:
    """Published documents for every signed-in user; drafts only for their own drafting unit,
    and for the register office (who number and publish them)."""
    published = Q(stage=Document.Stage.PUBLISHED)
    if user.is_superuser:
        return Document.objects.all()
    if user.unit_id is None:
        return Document.objects.filter(published)
    drafts = Q(stage=Document.Stage.DRAFT)
    if user.has_perm("filings.publish_document"):  # the register office of its own jurisdiction
        return Document.objects.filter(
            published | (drafts & Q(drafting_unit__jurisdiction_id=user.unit.jurisdiction_id))
        )
    return Document.objects.filter(published | (drafts & Q(drafting_unit_id=user.unit_id)))


@dataclass
class DocumentFilter:
    level: str = ""
    status: str = ""
    issuer: str = ""
    year: int | None = None
    stage: str = ""
    sort: str = "-promulgated"
    jurisdiction_ids: set[int] | None = None  # issued within this subtree of jurisdictions


def documents_filtered(queryset: QuerySet[Document], f: DocumentFilter) -> QuerySet[Document]:
    if f.level:
        queryset = queryset.filter(level=f.level)
    if f.status == "unknown":
        queryset = queryset.filter(status="")
    elif f.status:
        queryset = queryset.filter(status=f.status)
    if f.issuer:
        queryset = queryset.filter(issuer__icontains=f.issuer)
    if f.year:
        queryset = queryset.filter(promulgated__year=f.year)
    if f.stage:
        queryset = queryset.filter(stage=f.stage)
    if f.jurisdiction_ids is not None:
        queryset = queryset.filter(issuer_unit__jurisdiction_id__in=f.jurisdiction_ids)
    return queryset.order_by(*SORTS.get(f.sort, SORTS["-promulgated"])).defer("text")


def document_years(queryset: QuerySet[Document]) -> list[int]:
    # order_by(): the model's default ordering would enter the DISTINCT and give one row per document.
    # The year is the ISO date's first four characters: SQLite's ExtractYear calls back into Python for
    # every row (6 ms on the starter register, half of the register page's queries).
    year = Substr(Cast("promulgated", CharField()), 1, 4)
    years = queryset.filter(promulgated__isnull=False).order_by().annotate(y=year)
    return sorted((int(y) for y in years.values_list("y", flat=True).distinct()), reverse=True)


def document_issuers(queryset: QuerySet[Document], limit: int = 200) -> list[str]:
    rows = queryset.exclude(issuer="").values("issuer").annotate(n=Count("id")).order_by("-n")[:limit]
    return [row["issuer"] for row in rows]


def document_versions(document: Document) -> list[Document]:
    """The version chain (filings.versions.same_instrument), oldest first; drafts are not versions yet."""
    candidates = Document.objects.filter(title_key=document.title_key, stage=Document.Stage.PUBLISHED).defer("text")
    chain = [
        d for d in candidates
        if d.pk == document.pk or versions.same_instrument(
            title=document.title, issuer=document.issuer, level=document.level,
            other_title=d.title, other_issuer=d.issuer, other_level=d.level)
    ]  # fmt: skip
    return versions.ordered(chain)


def version_in_force_on(chain: list[Document], on: datetime.date) -> Document | None:
    """The latest version that had taken effect by `on` (versions as document_versions gives them)."""
    return versions.in_force_on(chain, on)


# Titles of decisions start with their issuer ("全国人民代表大会常务委员会关于修改…的决定"), and citations
# usually leave it out ("《关于修改〈…〉的决定》").
TITLE_ISSUER_PREFIXES = ["全国人民代表大会常务委员会", "全国人民代表大会", "国务院办公厅", "国务院"]


def citation_candidate_keys(keys: set[str]) -> dict[str, list[str]]:
    """For each citation key, the register keys it may stand for, best first: itself, an alias's
    full title, then the issuer-prefixed forms of a "关于…" title."""
    candidates = {key: [key] for key in keys}
    for alias in TitleAlias.objects.filter(alias__in=keys):
        candidates[alias.alias].append(title_key(alias.title))
    for key, found in candidates.items():
        if key.startswith("关于"):
            found += [prefix + key for prefix in TITLE_ISSUER_PREFIXES]
    return candidates


def citing_keys(title_keys: set[str]) -> set[str]:
    """The citation keys under which other documents cite these titles (the reverse of
    citation_candidate_keys)."""
    keys = set(title_keys)
    keys |= {a.alias for a in TitleAlias.objects.all() if title_key(a.title) in title_keys}
    for key in title_keys:
        for prefix in TITLE_ISSUER_PREFIXES:
            if key.startswith(prefix + "关于"):
                keys.add(key.removeprefix(prefix))
                break
    return keys


def _citing_keys(document: Document) -> set[str]:
    return citing_keys({document.title_key})


@dataclass
class ResolvedCitation:
    citation: Citation
    target: Document | None  # the version in force on the citing document's date, else the latest

    @property
    def target_anchor(self) -> str:
        number = self.citation.article_number
        return f"a{number}" if number else ""


def citations_resolved(document: Document, viewer: User) -> list[ResolvedCitation]:
    """The document's citations, each matched to a register document the viewer may see."""
    citations = list(document.citations.all())
    candidates = citation_candidate_keys({c.title_key for c in citations})
    wanted = {key for keys in candidates.values() for key in keys}
    chains: dict[str, list[Document]] = {}
    for candidate in (
        documents_visible_to(viewer).filter(title_key__in=wanted, stage=Document.Stage.PUBLISHED).defer("text")
    ):
        chains.setdefault(candidate.title_key, []).append(candidate)
    chains = {key: versions.ordered(chain) for key, chain in chains.items()}
    resolved = []
    for c in citations:
        chain = next((chains[key] for key in candidates[c.title_key] if key in chains), [])
        target = None
        if chain:
            target = versions.cited_on(chain, versions.text_date(document.promulgated, document.effective)) or chain[-1]
        resolved.append(ResolvedCitation(citation=c, target=target))
    return resolved


def _citing_ids(document: Document) -> QuerySet:
    return Citation.objects.filter(title_key__in=_citing_keys(document)).values("document_id")


def documents_citing(document: Document, viewer: User, limit: int = 100) -> QuerySet[Document]:
    """Visible documents that cite this document's title (any version)."""
    return (
        documents_visible_to(viewer)
        .filter(pk__in=_citing_ids(document))
        .exclude(pk=document.pk)
        .order_by("-promulgated")
        .defer("text")[:limit]
    )


def months_later(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def documents_expiring(user: User, *, today: datetime.date, months: int) -> QuerySet[Document]:
    """Published documents in force whose validity ends within `months`, soonest first. Each issuing
    unit sees its own; the register office (archivists, administrators) sees all."""
    queryset = Document.objects.filter(
        stage=Document.Stage.PUBLISHED,
        expires__gte=today,
        expires__lte=months_later(today, months),
    ).exclude(status__in=NO_LONGER_IN_FORCE)
    if not user.has_perm("filings.publish_document"):
        queryset = queryset.filter(issuer_unit_id=user.unit_id) if user.unit_id else queryset.none()
    return queryset.order_by("expires", "title").defer("text")


def gazette_issue_suggested(unit, year: int) -> str:
    """The 公报 issue a 规章 published now most likely goes into: the issuer's latest of the year, or 第1期."""
    issues = Document.objects.filter(issuer_unit=unit, promulgated__year=year).exclude(gazette_issue="")
    latest = max(issues.values_list("gazette_issue", flat=True), key=_issue_number, default="")
    return latest or f"{year}年第1期"


def _issue_number(issue: str) -> int:
    match = GAZETTE_ISSUE_RE.match(issue)
    return int(match.group(2)) if match else 0

"""What a new version of a law does to the documents built on it: every document in force that cites an
article the new version changed, moved or deleted, with what became of each article — the list a
专项清理 of exactly those documents starts from (services.campaign_start with articles_only)."""

from dataclasses import dataclass, field

from filings import versions as vers
from filings.models import NO_LONGER_IN_FORCE, Document
from filings.parsing import parse_citations
from filings.selectors import citing_keys, document_versions
from search import article_diff
from search.models import Declaration

_ACTION = {article_diff.CHANGED, article_diff.RENUMBERED, article_diff.DELETED}


@dataclass
class Affected:
    document: Document
    changes: list[article_diff.Change]


@dataclass
class Impact:
    version: Document
    previous: Document | None = None
    affected: list[Affected] = field(default_factory=list)
    unchanged: int = 0  # documents whose cited articles all stayed as they were
    without_article: int = 0  # documents citing the law without naming an article

    @property
    def document_ids(self) -> list[int]:
        return [a.document.pk for a in self.affected]


def version_impact(version: Document) -> Impact:
    """The documents in force that an older version of `version`'s law was cited in and whose cited
    articles `version` changed, moved or deleted. Empty for the first version of a law."""
    chain = document_versions(version)
    position = next(i for i, v in enumerate(chain) if v.pk == version.pk)
    impact = Impact(version=version, previous=chain[position - 1] if position else None)
    if impact.previous is None:
        return impact
    older = chain[:position]
    keys = citing_keys({version.title_key})
    citing = (
        Document.objects.filter(stage=Document.Stage.PUBLISHED, citations__title_key__in=keys)
        .exclude(status__in=NO_LONGER_IN_FORCE)
        .exclude(pk__in=[v.pk for v in chain])
        .exclude(pk__in=Declaration.objects.filter(title_key=version.title_key).values("document_id"))  # the changers
        .distinct()
        .order_by("issuer", "title", "pk")
    )
    for document in citing:
        cited = vers.cited_on(older, vers.text_date(document.promulgated, document.effective))
        if cited is None:
            continue  # it cites the new version already, or a text the register does not hold
        changes, named = [], False
        for citation in parse_citations(document.text, document.title):
            if citation.title_key not in keys:
                continue
            title_end = document.text.find("》", citation.position) + 1
            for article in article_diff.cited_articles(document.text, title_end):
                named = True
                change = article_diff.compare(
                    article, (cited.pk, cited.content_hash), (version.pk, version.content_hash)
                )
                if change is not None and change.kind in _ACTION:
                    changes.append(change)
        if changes:
            impact.affected.append(Affected(document, changes))
        elif named:
            impact.unchanged += 1
        else:
            impact.without_article += 1
    return impact

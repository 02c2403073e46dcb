"""Writes to the search index, from the register's rows (the database is the source of truth)."""

import datetime
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from filings.models import Document, Status, TitleAlias

from . import analysis, engine
from .declarations import declarations
from .models import Declaration

logger = logging.getLogger(__name__)

# In-force versions rank before the others at equal relevance.
STATUS_RANK = {
    Status.IN_FORCE: 0,
    Status.NOT_YET_IN_FORCE: 1,
    "": 2,
    Status.AMENDED: 3,
    Status.LAPSED: 4,
    Status.REPEALED: 5,
    Status.REVOKED: 5,
}
FIELDS = ["pk", "external_id", "title", "title_key", "chain_key", "text", "doc_number", "level", "status",
          "issuer", "stage", "drafting_unit_id", "promulgated", "updated_at"]  # fmt: skip


_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def version_stamp(updated_at) -> int:
    """updated_at as an integer the index stores (µs since the epoch, exact: no float rounding)."""
    return (updated_at - _EPOCH) // datetime.timedelta(microseconds=1) if updated_at else 0


def _index_document(row: dict) -> engine.IndexDocument:
    date = row["promulgated"]
    return engine.IndexDocument(
        pk=row["pk"],
        external_id=row["external_id"] or "",
        title=row["title"],
        title_key=row["title_key"],
        text=row["text"],
        doc_number=analysis.doc_number_canonical(row["doc_number"]) or analysis.fold(row["doc_number"]),
        level=row["level"],
        status=row["status"],
        issuer=row["issuer"],
        stage=row["stage"],
        unit=row["drafting_unit_id"] if row["stage"] == Document.Stage.DRAFT else None,
        promulgated=int(date.strftime("%Y%m%d")) if date else 0,
        chain=row["chain_key"],
        status_rank=STATUS_RANK.get(row["status"], 2),
        updated=version_stamp(row["updated_at"]),
    )


def _rows(queryset: QuerySet[Document], chunk: int = 200) -> Iterator[engine.IndexDocument]:
    for row in queryset.values(*FIELDS).iterator(chunk_size=chunk):
        yield _index_document(row)


def index_documents(*, ids: Iterable[int] = (), removed: Iterable[int] = ()) -> int:
    """Bring the index in line with these documents' rows (those gone from the database are dropped)."""
    ids = list(ids)
    rows = list(_rows(Document.objects.filter(pk__in=ids)))  # one read serves all three uses below
    published = [r for r in rows if r.stage == Document.Stage.PUBLISHED]
    _declarations_store(stale_ids=ids, documents=((r.pk, r.title, r.text) for r in published))
    present = {r.pk for r in rows}
    gone = [*removed, *(pk for pk in ids if pk not in present)]
    if not engine.backend().ready():  # missing or damaged: rebuild it (once), then add these as usual
        index_rebuild(if_missing=True)
    analysis.user_dictionary_load(word for r in rows for word in (r.title_key, r.issuer) if word)
    return engine.backend().write(rows, remove=gone)


def index_rebuild(*, procs: int = 1, if_missing: bool = False) -> int:
    """Rebuild the whole index from the database, then catch up on rows changed meanwhile.

    if_missing: only when no readable index exists once the lock is held (another thread or process
    may have just built it); returns 0 when nothing had to be built."""
    with engine.backend().build_lock():
        if if_missing and engine.backend().ready():
            return 0
        return _rebuild(procs)


def _rebuild(procs: int) -> int:
    started = timezone.now()
    declarations_refresh()
    user_dictionary_refresh()
    count = engine.backend().rebuild(_rows(Document.objects.order_by("pk")), procs=procs)
    changed = list(Document.objects.filter(updated_at__gte=started).values_list("pk", flat=True))
    if changed:
        engine.backend().write(_rows(Document.objects.filter(pk__in=changed)))
    logger.info("search index rebuilt: %s documents", count)
    return count


@dataclass
class Consistency:
    stale: list[int]  # in the database, missing from the index or indexed from an older row
    gone: list[int]  # in the index, no longer in the database


def index_consistency() -> Consistency:
    """Compare the index with the database by content (each row's update time), not by counts."""
    indexed = engine.backend().stored_versions()
    stale, seen = [], set()
    for pk, updated_at in Document.objects.values_list("pk", "updated_at").iterator(chunk_size=5000):
        seen.add(pk)
        if indexed.get(pk) != version_stamp(updated_at):
            stale.append(pk)
    return Consistency(stale=stale, gone=[pk for pk in indexed if pk not in seen])


def user_dictionary_refresh() -> int:
    """Teach jieba the register's titles (without 中华人民共和国), their short forms and issuers."""
    entries: set[str] = set()
    for key, issuer in Document.objects.values_list("title_key", "issuer").distinct().iterator():
        entries.add(key)
        if issuer:
            entries.add(issuer)
    entries.update(TitleAlias.objects.values_list("alias", flat=True))
    return analysis.user_dictionary_load(sorted(entries))


def declarations_refresh() -> int:
    """Re-derive what every published document declares repealed or amended."""
    documents = Document.objects.filter(stage=Document.Stage.PUBLISHED).values_list("pk", "title", "text")
    return _declarations_store(stale_ids=None, documents=documents.iterator(chunk_size=200))


@transaction.atomic
def _declarations_store(*, stale_ids: list[int] | None, documents: Iterable[tuple[int, str, str]]) -> int:
    """Replace the declarations of these documents (of all when stale_ids is None) with those of `documents`."""
    stale = Declaration.objects.all() if stale_ids is None else Declaration.objects.filter(document_id__in=stale_ids)
    stale.delete()
    rows = [
        Declaration(document_id=pk, kind=d.kind, cited_title=d.cited_title[:300], title_key=d.title_key[:300],
                    evidence=d.evidence)
        for pk, title, text in documents
        for d in declarations(title, text)
    ]  # fmt: skip
    Declaration.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def register_scan(*, progress=None, every: int = 500) -> tuple[int, int]:
    """Check every published document against the rest of the register and store the findings."""
    from .checks import REGISTER_FIELDS, check, subject_from_register
    from .models import Finding

    today = timezone.localdate()
    scanned = found = 0
    documents = Document.objects.filter(stage=Document.Stage.PUBLISHED).order_by("pk")
    for row in documents.values(*REGISTER_FIELDS).iterator(chunk_size=200):
        result = check(subject_from_register(row), today=today)
        with transaction.atomic():
            Finding.objects.filter(document_id=row["pk"]).delete()
            Finding.objects.bulk_create(
                Finding(document_id=row["pk"], kind=f.kind, target_ids=f.target_ids, cited_title=f.cited_title[:300],
                        evidence=f.evidence[:400], date=f.date, inferred_status=result.status)
                for f in result.findings
            )  # fmt: skip
        scanned += 1
        found += len(result.findings)
        if progress and scanned % every == 0:
            progress(scanned)
    return scanned, found

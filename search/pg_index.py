"""The PostgreSQL search backend (see engine.py): the index is a table of the register's own database
(models.SearchEntry), so every application server searches one index, and a rebuild is one transaction
that searches never see half of.

Lookups work as whoosh's verbatim search does: the documents holding all of a phrase's bigrams (a GIN
index over the bigram array) are the candidates, and strpos() on the folded text says whether the phrase
is really there. Ranking follows the whoosh backend's shape: an exact title, then the 文号, then BM25 of
the phrase counts (the title weighted); the words search adds the boosts for a title word, a term
occurring whole and the exact title. Neither backend weighs a word by its rarity in the register
(every match holds every required word), so hit lists agree where the suite checks them.
"""

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection, transaction

from filings.models import Document

from . import analysis
from .engine import FACETS, UNKNOWN, Filters, Hit, IndexDocument, Outcome, Verbatim, Visibility, staged
from .models import LAYOUT, SearchEntry

TABLE = SearchEntry._meta.db_table
BUILD_LOCK_KEY = 0x7365_6172_6368  # pg_advisory_lock: one rebuild at a time across every server
BATCH = 200
LOOKUP_GRAMS = 8  # bigrams of a phrase the GIN lookup asks for (spread over it, the last included)
K1, B = 1.2, 0.75
TITLE_WEIGHT = 3.0
EXACT_TITLE_BONUS, DOC_NUMBER_BONUS = 1000.0, 500.0  # the verbatim search's, as in whoosh
TITLE_WORD_BOOST, WHOLE_TERM_BOOST, EXACT_TITLE_BOOST = 3.0, 2.0, 200.0  # the words search's
WORDS_COUNTED_CHARS = 3000  # the words search counts a word in this opening of each text (see _words)
SPACE_MARK = "\x1f"  # a space in a bigram of the grams column (models.LAYOUT 2)
ROUNDING = 1e-6  # kept below the floor as well: a sum of floats may come out a little above its bound
AVERAGE_SECONDS = 300  # how long the average body length (BM25's norm) is reused
AVERAGE_KEY = "search:pg:average-body-length"

Sql = tuple[str, list]  # a fragment and its parameters, in order


@dataclass(frozen=True)
class _Match:
    """A search's condition and score: `ranks`, cheap to read for every match, plus `counted`, which
    reads the body and is at most `most` (so only the documents that could still reach the top need it)."""

    where: Sql
    ranks: Sql
    counted: Sql = ("0", [])
    most: float = 0.0


def _gram(gram: str) -> str:
    """A bigram as the grams column holds it: its words are split at spaces, so a space is marked (a
    bigram with a space, rare in Chinese text, is what rules out most documents for a spaced phrase)."""
    return gram.replace(" ", SPACE_MARK)


def _clean(text: str) -> str:
    return text.replace("\x00", "")  # PostgreSQL text cannot hold NUL; nothing a user finds by


def _entry(document: IndexDocument) -> SearchEntry:
    body = _clean(document.body)
    counts = analysis.bigram_counts(body)
    return SearchEntry(
        document_id=document.pk,
        external_id=document.external_id,
        title=_clean(analysis.fold(document.title)),
        title_words=" " + " ".join(_clean(w) for w in analysis.words(document.title)) + " ",
        title_key=_clean(document.title_key),
        doc_number=_clean(document.doc_number or ""),
        body=body,
        grams=" ".join(map(_gram, counts)),
        body_length=sum(counts.values()),
        level=document.level,
        status=document.status or UNKNOWN,
        issuer=_clean(document.issuer) or UNKNOWN,
        stage=document.stage,
        unit=document.unit or 0,
        promulgated=document.promulgated,
        chain=_clean(document.chain),
        status_rank=document.status_rank,
        updated=document.updated,
    )


def _batches(entries: Iterable[SearchEntry]) -> Iterator[list[SearchEntry]]:
    batch: list[SearchEntry] = []
    for entry in entries:
        batch.append(entry)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


# ------------------------------------------------------------------ writing


def ready() -> bool:
    """The table is there (the migrations ran). An empty or stale one is ensure_search_index's to fill:
    it compares every row's update time, as for whoosh."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [TABLE])
        return cursor.fetchone()[0]


def location() -> str:
    return f"PostgreSQL 表 {TABLE}"


def write(documents: Iterable[IndexDocument], remove: Iterable[int] = ()) -> int:
    """Add or replace documents and remove others, in one transaction. Rows are written in pk order, so
    two writers with overlapping documents queue on the row locks instead of deadlocking."""
    entries = sorted(map(_entry, documents), key=lambda e: e.document_id)
    columns = [f.name for f in SearchEntry._meta.concrete_fields if not f.primary_key]
    with transaction.atomic():
        SearchEntry.objects.filter(document_id__in=list(remove)).delete()
        for batch in _batches(entries):
            SearchEntry.objects.bulk_create(
                batch, update_conflicts=True, unique_fields=["document_id"], update_fields=columns
            )
    cache.delete(AVERAGE_KEY)
    return len(entries)


@contextlib.contextmanager
def build_lock() -> Iterator[None]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [BUILD_LOCK_KEY])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [BUILD_LOCK_KEY])


def rebuild(documents: Iterable[IndexDocument], procs: int = 1) -> int:
    """Replace every entry in one transaction (a DELETE, not TRUNCATE: searches go on reading the old
    entries until the commit instead of waiting for it)."""
    count = 0
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        for batch in _batches(map(_entry, documents)):
            SearchEntry.objects.bulk_create(batch)
            count += len(batch)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {TABLE}")  # the planner's statistics, for the new entries
    cache.delete(AVERAGE_KEY)
    return count


def stored_versions() -> dict[int, int]:
    """Each entry's version; 0 (out of date) for one written in an older layout (migration 0009)."""
    rows = SearchEntry.objects.values_list("document_id", "updated", "layout").iterator(chunk_size=5000)
    return {pk: updated if layout == LAYOUT else 0 for pk, updated, layout in rows}


def size_bytes() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_total_relation_size(%s)", [TABLE])
        return cursor.fetchone()[0]


# ------------------------------------------------------------------ querying


def _average() -> float:
    """The average body length (BM25's norm), kept in the cache for a while: every server shares it with
    CACHE_URL=redis://…, and a write forgets it."""
    value = cache.get(AVERAGE_KEY)
    if value is None:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT avg(body_length) FROM {TABLE}")
            value = float(cursor.fetchone()[0] or 1.0) or 1.0
        cache.set(AVERAGE_KEY, value, AVERAGE_SECONDS)
    return value


def _lookup_grams(needle: str) -> list[str]:
    grams = list(dict.fromkeys(map(_gram, analysis.bigrams(needle))))
    if len(grams) <= LOOKUP_GRAMS:
        return grams
    step = len(grams) / (LOOKUP_GRAMS - 1)
    return list(dict.fromkeys([*(grams[int(i * step)] for i in range(LOOKUP_GRAMS - 1)), grams[-1]]))


def _occurs(*needles: str) -> Sql:
    """The documents holding every needle: those holding all their bigrams (looked up first, in one
    lookup by the GIN index alone), where strpos() finds each needle longer than its one bigram."""
    looked_up = {needle: _lookup_grams(needle) for needle in needles}
    grams = list(dict.fromkeys(g for needle_grams in looked_up.values() for g in needle_grams))
    tests: list[Sql] = [("strpos(body, %s::text) > 0", [n]) for n, own in looked_up.items() if own != [n]]
    if not grams:
        return _join(tests, " AND ")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT document_id FROM {TABLE} WHERE search_grams(grams) @> %s::text[]", [grams])
        candidates = [row[0] for row in cursor.fetchall()]
    return _join([("document_id = ANY(%s::bigint[])", [candidates]), *tests], " AND ")


def _count(column: str, needle: str) -> Sql:
    """Non-overlapping occurrences, as str.count() (and the whoosh backend) counts them. In bytes: a
    text's octet_length is known without reading it, its length in characters is not."""
    return (f"((octet_length({column}) - octet_length(replace({column}, %s::text, ''))) / octet_length(%s::text))",
            [needle, needle])  # fmt: skip


def _bm25(tf: Sql) -> Sql:
    """BM25's saturation of a (normalised) count: search_saturate() (migration 0007) takes the count once,
    where the written-out formula would make PostgreSQL read the text twice for it."""
    sql, params = tf
    return f"search_saturate(({sql})::float8)", params


def _join(parts: list[Sql], glue: str) -> Sql:
    return glue.join(f"({sql})" for sql, _ in parts), [p for _, params in parts for p in params]


def _verbatim(verbatim: Verbatim) -> _Match | None:
    """Where and score of the verbatim search: the exact title, the 文号, or a needle in the text."""
    needles = [_clean(n) for n in verbatim.needles if _clean(n)]
    where: list[Sql] = [_occurs(n) for n in needles]
    bonus: list[Sql] = []
    if verbatim.title_key:
        where.append(("title_key = %s::text", [verbatim.title_key]))
        bonus.append((f"CASE WHEN title_key = %s::text THEN {EXACT_TITLE_BONUS} ELSE 0 END", [verbatim.title_key]))
    if verbatim.doc_numbers:
        numbers = list(verbatim.doc_numbers)
        where.append(("doc_number = ANY(%s::text[])", [numbers]))
        bonus.append((f"CASE WHEN doc_number = ANY(%s::text[]) THEN {DOC_NUMBER_BONUS} ELSE 0 END", [numbers]))
    if not where:
        return None
    norm = f"(1 - {B} + {B} * body_length / {_average()})"
    tf_parts = [(f"{TITLE_WEIGHT} * {sql}", params) for sql, params in (_count("title", n) for n in needles)]
    tf_parts += [(f"{sql} / {norm}", params) for sql, params in (_count("body", n) for n in needles)]
    score = _join([*bonus, _bm25(_join(tf_parts, " + ")) if tf_parts else ("0", [])], " + ")
    return _Match(_join(where, " OR "), score)


def _words(parsed: analysis.ParsedQuery, title_key: str) -> _Match | None:
    """Where and score of the words search (what index.build_query asks of whoosh): every phrase, 文号
    and term's words occur; a title word, a term occurring whole and the exact title rank up."""
    required: list[Sql] = []
    ranks: list[Sql] = []  # read for every match: the title columns (and a one-character term's test)
    weights: dict[str, float] = {}  # the needles counted in the body, each with its weight
    needed: list[str] = []  # needles every match holds

    def occurring(needle: str, weight: float = 1.0) -> str:
        weights[needle] = weights.get(needle, 0.0) + weight
        return needle

    needed += [occurring(phrase) for phrase in map(_clean, parsed.phrases) if phrase]
    for number in parsed.doc_numbers:
        sql, params = _occurs(occurring(number))
        required.append((f"doc_number = %s::text OR {sql}", [number, *params]))
    for term in map(_clean, parsed.terms):
        if not term:
            continue
        if len(term) == 1:
            # One character has no bigram: alone it must occur (a title word, or in the text); beside
            # longer terms it only ranks.
            single = ("strpos(title_words, %s::text) > 0 OR strpos(body, %s::text) > 0", [f" {term} ", term])
            if len(parsed.terms) == 1 and not parsed.phrases:
                required.append(single)
            ranks.append((f"CASE WHEN {single[0]} THEN 1 ELSE 0 END", single[1]))
            continue
        parts = [w for w in analysis.segments(term) if len(w) > 1] or [term]
        needed += [occurring(part) for part in parts]
        if len(parts) > 1:
            occurring(term, WHOLE_TERM_BOOST)
        for word in analysis.words(term):
            ranks.append((f"CASE WHEN strpos(title_words, %s::text) > 0 THEN {TITLE_WORD_BOOST} ELSE 0 END",
                          [f" {word} "]))  # fmt: skip
    if title_key:
        ranks.append((f"CASE WHEN title_key = %s::text THEN {EXACT_TITLE_BOOST} ELSE 0 END", [title_key]))
    if needed:
        required.append(_occurs(*dict.fromkeys(needed)))
    if not required:
        return None
    # Counted in the text's opening only (BM25 saturates after a few occurrences, and the opening is read
    # without the rest), by search_counted (migration 0008), each needle at most its weight × (K1 + 1).
    norm = f"(1 - {B} + {B} * body_length / {_average()})::float8"
    body = (f"search_counted(substr(body, 1, {WORDS_COUNTED_CHARS}), %s::text[], %s::float8[], {norm})",
            [list(weights), list(weights.values())])  # fmt: skip
    most = sum(weights.values()) * (K1 + 1)
    return _Match(_join(required, " AND "), _join(ranks or [("0", [])], " + "), body, most)


def _filters(filters: Filters, visible: Visibility | None) -> Sql:
    parts: list[Sql] = [(f"{name} = %s::text", [value]) for name in FACETS if (value := getattr(filters, name))]
    if filters.date_from or filters.date_to:
        parts.append(("promulgated BETWEEN %s AND %s", [filters.date_from or 1, filters.date_to or 99_999_999]))
    if visible is not None:
        published = ("stage = %s::text", [Document.Stage.PUBLISHED.value])
        own = None if visible.unit is None else ("unit = %s", [visible.unit])
        parts.append(published if own is None else _join([published, own], " OR "))
    return _join(parts, " AND ") if parts else ("TRUE", [])


def _statement(match: _Match, condition: Sql, limit: int, facets: bool) -> Sql:
    """One statement for the best `limit` matches and, if wanted, the facet counts of all matches: the
    condition (a phrase tested in each candidate's text) is evaluated once for both.

    Where a part of the score is counted in the body, it is counted first for the `limit` matches whose
    cheap part is highest: the lowest of their whole scores is a floor of the limit-th best score. Then
    only the matches whose cheap part comes within `most` of that floor are counted: the others' whole
    score stays below it. (A words search of common words matches tens of thousands of documents at
    scale, and only a title's words lift a match that far.)"""
    (where, where_params), (ranks, ranks_params) = condition, match.ranks
    parts = [f"matched AS MATERIALIZED (SELECT document_id, external_id, chain, status_rank, level, status, "
             f"issuer, {ranks} AS ranked FROM {TABLE} WHERE {where})"]  # fmt: skip
    params = [*ranks_params, *where_params]
    if match.most:
        counted, counted_params = match.counted
        parts += [
            f"leaders AS (SELECT m.ranked + {counted} AS score FROM (SELECT document_id, ranked FROM matched "
            f"ORDER BY ranked DESC, document_id LIMIT %s) AS m JOIN {TABLE} USING (document_id))",
            "floor AS (SELECT CASE WHEN count(*) = %s THEN min(score) END AS score FROM leaders)",
            f"top AS (SELECT m.document_id, m.external_id, m.chain, m.status_rank, m.ranked + {counted} AS score "
            f"FROM matched AS m JOIN {TABLE} USING (document_id) "
            f"WHERE m.ranked >= COALESCE((SELECT score FROM floor), '-infinity'::float8) - %s "
            f"ORDER BY score DESC, m.document_id LIMIT %s)",
        ]
        params += [*counted_params, limit, limit, *counted_params, match.most + ROUNDING, limit]
    else:
        parts.append("top AS (SELECT document_id, external_id, chain, status_rank, ranked AS score FROM matched "
                     "ORDER BY score DESC, document_id LIMIT %s)")  # fmt: skip
        params.append(limit)
    select = ("SELECT 0 AS part, document_id, external_id, chain, status_rank, score::float8 AS score, "
              "NULL::int, NULL::int, NULL::varchar, NULL::varchar, NULL::text, NULL::bigint FROM top")  # fmt: skip
    if facets:
        select += (
            " UNION ALL SELECT 1, NULL, NULL, NULL, NULL, NULL, GROUPING(level), GROUPING(status), "
            "level, status, issuer, count(*) FROM matched GROUP BY GROUPING SETS ((level), (status), (issuer))"
        )
    return f"WITH {', '.join(parts)} {select} ORDER BY part, score DESC, document_id", params


def _run(match: _Match, filters: Filters, visible: Visibility | None, limit: int, facets: bool) -> Outcome:
    condition = _join([match.where, _filters(filters, visible)], " AND ")
    with connection.cursor() as cursor:
        cursor.execute(*_statement(match, condition, limit, facets))
        rows = cursor.fetchall()
    hits = [Hit(pk=pk, external_id=external_id, score=value, chain=chain, status_rank=rank)
            for part, pk, external_id, chain, rank, value, *_ in rows if part == 0]  # fmt: skip
    if not facets:
        return Outcome(hits=hits, total=len(hits), facets={})
    counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    for *_, no_level, no_status, level, status, issuer, n in (row for row in rows if row[0] == 1):
        if not no_level:
            counts["level"][level] = n
        elif not no_status:
            counts["status"][status] = n
        else:
            counts["issuer"][issuer] = n
    return Outcome(hits=hits, total=sum(counts["level"].values()), facets=counts)


def find(parsed: analysis.ParsedQuery, title_key: str, verbatim: Verbatim | None, filters: Filters,
         visible: Visibility | None, limit: int, facets: bool) -> tuple[Outcome, bool]:  # fmt: skip
    """As index.find: the documents holding the text as typed where there are any, else those holding
    every word, the exact title, 文号 or whole text first (stage 0) when the words were asked for."""
    if verbatim is not None and (match := _verbatim(verbatim)) is not None:
        outcome = _run(match, filters, visible, limit, facets)
        if outcome.total:
            return outcome, True
    stages = []
    if verbatim is None and not parsed.phrases:
        text = parsed.text.strip('“”"「」『』 ')
        needles = parsed.doc_numbers or ([text] if len(text) >= 2 else [])
        stages.append(_verbatim(Verbatim(tuple(needles), title_key, tuple(parsed.doc_numbers))))
    stages.append(_words(parsed, title_key))
    stages = [s for s in stages if s is not None]
    run = lambda i, with_facets: _run(stages[i], filters, visible, limit, with_facets)  # noqa: E731
    return staged(run, len(stages), limit, facets), False

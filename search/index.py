"""The whoosh backend (see engine.py): schema, writing, and running parsed queries. whoosh is imported here
and in index_scan.py and words_scan.py only.

Fields:
  body         character bigrams of the title and text with their counts; a phrase is its rarest bigrams'
               documents whose folded text (kept in the field's column) holds it
  title        jieba words of the title (search mode), positions 0, 1, 2…, for word-level ranking
  title_exact  the register's title key: an exact title query finds every version at once
  doc_number   the 文号 in canonical form
  level, status, issuer, stage, unit, promulgated   filters and facet counts (columns: read per document
               by the verbatim search as well)
  body and title keep their folded text in a column (UTF-8), for the substring tests (see index_scan.Leaf)
"""

import contextlib
import fcntl
import functools
import logging
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
from django.conf import settings
from whoosh import columns, fields, formats, index, matching, query
from whoosh.analysis import Token, Tokenizer
from whoosh.codec import whoosh3
from whoosh.searching import Searcher
from whoosh.sorting import FieldFacet

from . import analysis, index_scan, words_scan
from .engine import (
    FACETS,
    UNKNOWN,
    Filters,
    Hit,
    IndexDocument,
    IndexUnavailable,
    Outcome,
    Verbatim,
    Visibility,
    staged,
)
from .words_scan import Clause, Plan

logger = logging.getLogger(__name__)

WRITER_TIMEOUT_SECONDS = 120


def _set_inline(terminfo, ids, weights, values):
    # The postings writer keeps only non-empty values, so for a field without per-posting data (an ID
    # field) the list comes back empty and the inlined postings would read back with '' as their value,
    # which makes segment merging fail. A field's format has values for every posting or for none.
    if len(values) != len(ids):
        values = [b""] * len(ids)
    terminfo.set_inlined(ids, weights, values)


# whoosh-reloaded 2.7.5 bugs: the postings writer calls terminfo.set_inline(), the class defines only
# set_inlined(), so short posting lists could never be inlined (any inlinelimit > 1 crashed), and the
# path had never run (see _set_inline). Inlining saves a block write for each rare bigram, and the
# bigram vocabulary is mostly rare.
whoosh3.W3TermInfo.set_inline = _set_inline


class PackedPostingsWriter(whoosh3.W3PostingsWriter):
    """Posting blocks whose document numbers (deltas, as whoosh stores them) and weights are packed
    little-endian arrays where whoosh pickles a tuple of Python numbers: a long posting list is read in
    bulk (index_scan.block_ids), about three times faster than unpickling it number by number."""

    def _mini_ids(self):
        if self._byteids:  # term vectors' postings (none in this schema): whoosh's own
            return super()._mini_ids()
        return np.diff(np.asarray(self._ids, dtype=np.int64), prepend=0).astype(index_scan.PACKED_DELTAS).tobytes()

    def _mini_weights(self):
        weights = super()._mini_weights()  # None (all 1.0) or one number stay as whoosh has them
        return np.asarray(weights, dtype=index_scan.PACKED_WEIGHTS).tobytes() if isinstance(weights, tuple) else weights


class PackedLeafMatcher(whoosh3.W3LeafMatcher):
    """whoosh's matcher over packed blocks and pickled ones alike (segments written before packing)."""

    def _read_ids(self):
        if self._data is None:
            self._read_data()
        if isinstance(self._data[0], bytes):
            self._ids = tuple(index_scan.block_ids(self._data[0]).tolist())
        else:
            super()._read_ids()

    def _read_weights(self):
        if self._data is None:
            self._read_data()
        if isinstance(self._data[1], bytes):
            self._weights = index_scan.block_weights(self._data[1], self._blocklength).tolist()
        else:
            super()._read_weights()


class RegisterCodec(whoosh3.W3Codec):
    """whoosh's codec, tuned for a large vocabulary of rare terms, with packed posting blocks.

    length_stats off: whoosh would look up the field length for every posting only to store each
    block's shortest and longest document, which bound scores for block skipping. Without them the
    bounds use length 0, which over-estimates, so skipping stays safe; scores read real lengths.
    """

    length_stats = False

    def __init__(self, blocklimit=128, compression=3, inlinelimit=16):
        super().__init__(blocklimit=blocklimit, compression=compression, inlinelimit=inlinelimit)

    def postings_writer(self, dbfile, byteids=False):
        return PackedPostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                                    compression=self._compression, inlinelimit=self._inlinelimit)  # fmt: skip

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
        offset, length = terminfo.extent()
        return PackedLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


class BigramTokenizer(Tokenizer):
    """Bigrams with their character offsets as positions (used where whoosh analyses on its own)."""

    def __call__(self, value, positions=False, chars=False, start_pos=0, start_char=0, mode="", **kwargs):
        text = analysis.fold(value)
        token = Token(positions, chars, **kwargs)
        for i, gram in enumerate(analysis.bigrams(text)):
            token.text, token.boost, token.stopped = gram, 1.0, False
            if positions:
                token.pos = start_pos + i
            if chars:
                token.startchar, token.endchar = start_char + i, start_char + i + 2
            yield token


class JiebaTokenizer(Tokenizer):
    """jieba words numbered 0, 1, 2… (jieba's own analyzer numbers them by character offset)."""

    def __call__(self, value, positions=False, chars=False, start_pos=0, start_char=0, mode="", **kwargs):
        token = Token(positions, chars, **kwargs)
        for i, (word, start, end) in enumerate(analysis.words_with_offsets(value)):
            token.text, token.boost, token.stopped = word, 1.0, False
            if positions:
                token.pos = start_pos + i
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


class BigramField(fields.TEXT):
    """Bigram postings with their counts (no positions), computed in one pass (the generic path costs a
    Token per bigram), and the folded text itself in a column: a phrase is found by its rarest bigrams'
    postings and confirmed by a substring test on that text (see index_scan.Leaf), so positions are not needed."""

    def __init__(self, field_boost=1.0, **kwargs):
        super().__init__(analyzer=BigramTokenizer(), phrase=False, field_boost=field_boost, **kwargs)
        self.format = formats.Existence(field_boost=field_boost)  # the count travels as the weight
        self.column_type = columns.VarBytesColumn()

    # The value comes folded (IndexDocument.fields): postings and column use it as it is.
    def to_column_value(self, value):
        return value.encode("utf-8")

    def index(self, value, **kwargs):
        boost = self.format.field_boost
        for gram, n in analysis.bigram_counts(value).items():
            yield gram.encode("utf-8"), n, n * boost, b""


class TitleField(fields.TEXT):
    """jieba words of the title, and the folded title in a column (the verbatim search weighs it)."""

    def __init__(self):
        super().__init__(analyzer=JiebaTokenizer(), phrase=True)
        self.column_type = columns.VarBytesColumn()

    def to_column_value(self, value):
        return analysis.fold(value).encode("utf-8")


def schema() -> fields.Schema:
    return fields.Schema(
        pk=fields.ID(stored=True, unique=True),
        external_id=fields.ID(stored=True),
        body=BigramField(),
        title=TitleField(),
        title_exact=fields.ID(),
        doc_number=fields.ID(),
        level=fields.ID(sortable=True),
        status=fields.ID(sortable=True),
        issuer=fields.ID(sortable=True),
        stage=fields.ID(sortable=True),
        unit=fields.ID(sortable=True),
        promulgated=fields.NUMERIC(int, bits=32, sortable=True),
        chain=fields.ID(stored=True),
        status_rank=fields.NUMERIC(int, bits=8, stored=True),
        # The row's updated_at (µs since the epoch): start-up compares it with the database's.
        updated=fields.NUMERIC(int, bits=64, stored=True),
    )


@functools.cache
def _schema_signature() -> tuple:
    return _signature(schema())


def _signature(s: fields.Schema) -> tuple:
    return tuple(sorted((name, type(s[name]).__name__, s[name].column_type is not None) for name in s.names()))


def _fields(document: IndexDocument) -> dict:
    return {
        "pk": str(document.pk),
        "external_id": document.external_id,
        "body": document.body,
        "title": document.title,
        "title_exact": document.title_key,
        "doc_number": document.doc_number or "",
        "level": document.level,
        "status": document.status or UNKNOWN,
        "issuer": document.issuer or UNKNOWN,
        "stage": document.stage,
        "unit": str(document.unit or 0),
        "promulgated": document.promulgated,
        "chain": document.chain,
        "status_rank": document.status_rank,
        "updated": document.updated,
    }


# ------------------------------------------------------------------ opening and writing


def index_dir() -> Path:
    return Path(settings.SEARCH_INDEX_DIR)


def _create(path: Path) -> index.FileIndex:
    path.mkdir(parents=True, exist_ok=True)
    return index.create_in(str(path), schema())


@functools.lru_cache(maxsize=4)
def _open_cached(path: str, generation: float) -> index.FileIndex:
    return index.open_dir(path)


def _generation(path: Path) -> float:
    # The TOC file changes on every commit and on a swap; keying the cache on it reopens after a rebuild.
    tocs = sorted(path.glob("_MAIN_*.toc"))
    return tocs[-1].stat().st_mtime_ns if tocs else 0.0


OPEN_ATTEMPTS = 5


def open_index() -> index.FileIndex | None:
    """The index, or None when the folder is missing or unreadable (the caller rebuilds it)."""
    path = index_dir()
    for attempt in range(OPEN_ATTEMPTS):
        try:
            if not index.exists_in(str(path)):
                return None
            ix = _open_cached(str(path), _generation(path))
            ix.doc_count()  # reads the segment list: fails here on a corrupt folder
            if _signature(ix.schema) != _schema_signature():
                logger.warning("search index at %s was built with other fields; it will be rebuilt", path)
                return None
            return ix
        except FileNotFoundError:
            # Another writer's commit replaced the table of contents (or a segment) between our listing
            # and our read: the index is fine, read it again.
            if attempt < OPEN_ATTEMPTS - 1:
                time.sleep(0.02 * (attempt + 1))
                continue
            logger.warning("search index at %s is unreadable; it will be rebuilt", path, exc_info=True)
        except Exception:  # noqa: BLE001 - any damage means "rebuild", never an error page
            logger.warning("search index at %s is unreadable; it will be rebuilt", path, exc_info=True)
        return None
    return None


def ready() -> bool:
    return open_index() is not None


def location() -> str:
    return str(index_dir())


def write(documents: Iterable[IndexDocument], remove: Iterable[int] = ()) -> int:
    """Add or replace documents and remove others, in one whoosh commit. Writers queue on the index lock."""
    ix = open_index()
    if ix is None:
        if any(index_dir().glob("_MAIN_*.toc")):
            # Never create over an index that is there but unreadable: that is a rebuild's job.
            raise IndexUnavailable(f"search index at {index_dir()} is unreadable")
        ix = _create(index_dir())
    writer = ix.writer(timeout=WRITER_TIMEOUT_SECONDS, delay=0.05, codec=RegisterCodec())
    try:
        count = 0
        for pk in remove:
            writer.delete_by_term("pk", str(pk))
        for document in documents:
            writer.update_document(**_fields(document))
            count += 1
        writer.commit()  # merges segments: it can fail too, and must not keep the lock then
    except BaseException:
        _abandon(writer)
        raise
    return count


def _abandon(writer) -> None:
    """Give up a writer whatever state it is in, releasing the index lock so later writers can go on."""
    try:
        if not writer.is_closed:
            writer.cancel()
    except Exception:  # noqa: BLE001 - a half-committed writer may not cancel cleanly
        logger.warning("could not cancel a failed index writer", exc_info=True)
    lock = getattr(writer, "writelock", None)
    if lock is not None and getattr(lock, "fd", None) is not None:
        with contextlib.suppress(OSError):  # already released by cancel()
            lock.release()


@contextlib.contextmanager
def build_lock() -> Iterator[None]:
    """Held while the index is rebuilt or found missing, by threads and processes alike (flock on a file
    beside the index), so a missing index is rebuilt once, not by every writer and search that notices."""
    path = index_dir().with_name(index_dir().name + ".lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def rebuild(documents: Iterable[IndexDocument], procs: int = 1, limitmb: int = 1024) -> int:
    """Build a complete new index beside the live one, then swap it in; searches never see half of it.
    Call it holding build_lock()."""
    path = index_dir()
    fresh = path.with_name(path.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    ix = _create(fresh)
    writer = ix.writer(procs=procs, limitmb=limitmb, multisegment=procs > 1, codec=RegisterCodec())
    count = 0
    for document in documents:
        writer.add_document(**_fields(document))
        count += 1
    writer.commit()
    old = path.with_name(path.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if path.exists():
        path.rename(old)
    fresh.rename(path)
    shutil.rmtree(old, ignore_errors=True)
    _open_cached.cache_clear()
    return count


def stored_versions() -> dict[int, int]:
    """{pk: updated} of every indexed document, to compare with the database."""
    ix = open_index()
    if ix is None:
        return {}
    with ix.searcher() as searcher:
        return {int(f["pk"]): f.get("updated", 0) for f in searcher.all_stored_fields()}


def size_bytes() -> int:
    return sum(f.stat().st_size for f in index_dir().glob("*") if f.is_file())


# ------------------------------------------------------------------ querying


class ExactPhrase(query.Phrase):
    """The bigrams occur one after the other, i.e. their text occurs as an exact substring: the documents
    come from the verbatim search's candidates and substring test, and score as BM25 of the phrase's
    count with the summed idf of its bigrams (the same form as whoosh scoring each bigram)."""

    def matcher(self, searcher, context=None):
        reader = searcher.reader()
        if not reader.doc_count_all():  # an empty index (whoosh's EmptyReader has no term table)
            return matching.NullMatcher()
        needle = self.words[0] + "".join(w[-1] for w in self.words[1:])
        counts = index_scan.leaf_of(reader, searcher.get_parent()).occurrences(needle)
        if not counts:
            return matching.NullMatcher()
        weighting = context.weighting if context is not None else searcher.weighting
        scorer = weighting.scorer(searcher, self.fieldname, self.words[0])
        if hasattr(scorer, "idf"):
            parent = searcher.get_parent()
            scorer.idf = sum(parent.idf(self.fieldname, w) for w in set(self.words))
        ids = sorted(counts)
        boost = self.boost * searcher.schema[self.fieldname].format.field_boost
        m = _CountsMatcher(ids, weights=[counts[d] * 1.0 for d in ids], scorer=scorer)
        return matching.WrappingMatcher(m, boost=boost) if boost != 1.0 else m


class _CountsMatcher(matching.ListMatcher):
    """A phrase's documents and counts. whoosh's score bounds read a term's statistics, which a phrase
    does not have: the bound here is the highest count in the shortest possible document."""

    def supports_block_quality(self):
        return False

    def max_quality(self):
        score = getattr(self._scorer, "_score", None)
        return score(max(self._weights), 1) if score else float("inf")


def _phrase(fieldname: str, text: str) -> query.Query | None:
    grams = analysis.bigrams(text)
    if not grams:
        return None
    if len(grams) == 1:
        return query.Term(fieldname, grams[0])
    return ExactPhrase(fieldname, grams)


def _occurs(text: str, boost: float = 1.0) -> query.Query | None:
    """text occurs verbatim in the document (its title included)."""
    q = _phrase("body", text)
    if q is not None:
        q.boost = boost
    return q


def exact_query(parsed: analysis.ParsedQuery, title_key: str) -> query.Query | None:
    """What the user most likely means, cheap to answer: this exact title, this 文号, or the typed text
    occurring verbatim. Searched first; the broad query only runs when this does not fill the page."""
    if parsed.phrases:
        return None  # quoted phrases are already exact: the broad query is their query
    parts: list[query.Query] = []
    if title_key:
        parts.append(query.Term("title_exact", title_key, boost=50.0))
    for number in parsed.doc_numbers:
        parts += [query.Term("doc_number", number, boost=30.0), _occurs(number)]
    if not parsed.doc_numbers and len(parsed.text) >= 2:
        text = parsed.text.strip('“”"「」『』 ')
        phrase = _occurs(text, boost=2.0)
        if phrase is not None:
            parts.append(phrase)
    return query.Or(parts) if parts else None


def plan_of(parsed: analysis.ParsedQuery, title_key: str) -> Plan | None:
    """Required: every phrase, 文号 and term (each term's jieba words) occurs. Ranked up: the exact
    title, title words, a term or the whole query occurring verbatim. None: nothing to require."""
    plan = Plan(required=[], optional=[])
    for phrase in parsed.phrases:
        if len(phrase) > 1:
            plan.required.append([Clause("body", phrase)])
    for number in parsed.doc_numbers:
        plan.required.append([Clause("doc_number", number, 30.0), Clause("body", number)])
    for term in parsed.terms:
        if len(term) == 1:
            # One character has no bigram. Alone it must occur (as a title word, or starting a body
            # bigram); beside longer terms (e.g. 四 in a pasted "（四）有公司名称") it only ranks.
            single = [Clause("title", term), Clause(PREFIX, term)]
            if len(parsed.terms) == 1 and not parsed.phrases:
                plan.required.append(single)
            else:
                plan.optional.append(Clause(PREFIX, term))  # an Or of the two, in whoosh's query
                plan.optional.append(Clause("title", term))
            continue
        parts = [w for w in analysis.segments(term) if len(w) > 1] or [term]
        plan.required += [[Clause("body", part)] for part in parts]
        if len(parts) > 1:
            plan.optional.append(Clause("body", term, 2.0))
        plan.optional += [Clause("title", w, 3.0) for w in analysis.words(term)]
    if title_key:
        plan.optional.append(Clause("title_exact", title_key, 200.0))
    return plan if plan.required else None


PREFIX = "body-prefix"  # a clause of one character: it starts a body bigram (whoosh's Prefix query)


def _clause_query(clause: Clause) -> query.Query:
    if clause.field == PREFIX:
        return query.Prefix("body", clause.text, boost=clause.boost)
    if clause.field == "body":
        return _occurs(clause.text, clause.boost)
    return query.Term(clause.field, clause.text, boost=clause.boost)


def build_query(parsed: analysis.ParsedQuery, title_key: str) -> query.Query:
    """The plan as whoosh's query (for plans the words search cannot scan: one-character terms)."""
    plan = plan_of(parsed, title_key)
    if plan is None:
        return query.NullQuery
    groups = [query.Or([_clause_query(c) for c in g]) if len(g) > 1 else _clause_query(g[0]) for g in plan.required]
    main = query.And(groups) if len(groups) > 1 else groups[0]
    optional = [_clause_query(c) for c in plan.optional]
    return query.AndMaybe(main, query.Or(optional)) if optional else main


def _filter_query(filters: Filters, visible: Visibility | None) -> query.Query | None:
    parts: list[query.Query] = []
    if filters.level:
        parts.append(query.Term("level", filters.level))
    if filters.status:
        parts.append(query.Term("status", filters.status))
    if filters.issuer:
        parts.append(query.Term("issuer", filters.issuer))
    if filters.date_from or filters.date_to:
        parts.append(query.NumericRange("promulgated", filters.date_from or 1, filters.date_to))
    if visible is not None:
        published = query.Term("stage", "published")
        own = None if visible.unit is None else query.Term("unit", str(visible.unit))
        parts.append(published if own is None else query.Or([published, own]))
    return query.And(parts) if parts else None


_local = threading.local()


def _searcher() -> Searcher:
    """One searcher per thread (whoosh readers are not thread-safe), reopened whenever the index changed:
    a commit gives a new generation, a rebuild swaps in a new folder (a new inode).

    Not Searcher.refresh(): whoosh-reloaded's reader reuse adds back segments a commit merged away and
    keeps readers whose deletions changed, so updated and deleted documents would be found twice.
    """
    path = index_dir()
    try:
        inode = path.stat().st_ino
    except OSError:
        raise IndexUnavailable from None
    cached = getattr(_local, "searcher", None)
    if cached is not None:
        try:
            if _local.inode == inode and cached._ix.latest_generation() == cached.reader().generation():
                return cached
        except Exception:  # noqa: BLE001 - unreadable now: reopen below, or rebuild
            logger.warning("search index check failed; reopening", exc_info=True)
        cached.close()
        _local.searcher = None
    ix = open_index()
    if ix is None:
        raise IndexUnavailable
    _local.searcher, _local.inode = ix.searcher(), inode
    return _local.searcher


def search(
    queries: list[query.Query], filters: Filters, visible: Visibility | None, limit: int, facets: bool = True
) -> Outcome:
    """Run the queries in order, exact first, then broad (engine.staged)."""
    searcher = _searcher()
    return staged(lambda i, with_facets: _run(searcher, queries[i], filters, visible, limit, with_facets),
                  len(queries), limit, facets)  # fmt: skip


def find(
    parsed: analysis.ParsedQuery,
    title_key: str,
    verbatim: Verbatim | None,
    filters: Filters,
    visible: Visibility | None,
    limit: int,
    facets: bool,
) -> tuple[Outcome, bool]:
    """The documents holding the text as typed (verbatim) where there are any, else those holding every
    word; the flag says which."""
    searcher = _searcher()
    if verbatim is not None:
        outcome = index_scan.verbatim_search(searcher, verbatim, filters, visible, limit, facets)
        if outcome.total:
            return outcome, True
        # Nothing holds the text as typed: every word must occur.
        plan = plan_of(parsed, title_key)
        if plan is None:
            return Outcome(hits=[], total=0, facets={}), False
        if PREFIX not in plan.fields():
            return words_scan.words_search(searcher, plan, filters, visible, limit, facets), False
    exact = None if verbatim is not None else exact_query(parsed, title_key)
    queries = [q for q in (exact, build_query(parsed, title_key)) if q is not None]
    return search(queries, filters, visible, limit, facets), False


def _run(searcher: Searcher, q, filters, visible, limit, with_facets) -> Outcome:
    facets = FACETS if with_facets else []
    results = searcher.search(
        q,
        limit=limit,
        filter=_filter_query(filters, visible),
        groupedby={name: FieldFacet(name) for name in facets} or None,
        terms=False,
    )
    hits = [
        Hit(pk=int(hit["pk"]), external_id=hit.get("external_id", ""), score=hit.score or 0.0,
            chain=hit["chain"], status_rank=hit["status_rank"])
        for hit in results
    ]  # fmt: skip
    counts = {name: {str(k): len(v) for k, v in results.groups(name).items()} for name in facets}
    # Counting every match runs the query a second time (whoosh skips blocks while collecting the top
    # hits); only the page, which shows the count, pays for it.
    return Outcome(hits=hits, total=len(results) if with_facets else results.scored_length(), facets=counts)

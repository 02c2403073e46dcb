"""Searches of the whoosh index that read posting lists and columns directly instead of running whoosh's
matchers (candidate and test, as a trigram index answers): the verbatim search here, and the segment
readers it shares with the words search (words_scan.py).

A Python matcher object per posting and position is where whoosh spent tens of milliseconds on a copied
clause or three common words; a few posting-list reads, set intersections and C-speed substring tests on
the stored folded text give the same documents, and scoring only the survivors gives the same ranks.
"""

import heapq
import mmap
import threading
from collections import Counter
from collections.abc import Callable
from itertools import accumulate

import numpy as np
from whoosh.codec import whoosh3
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from . import analysis
from .engine import FACETS, Filters, Hit, Outcome, Verbatim, Visibility

_local = threading.local()
_LENGTHS = np.array([byte_to_length(b) if b else 0 for b in range(256)], dtype=np.float64)  # a length byte, decoded

# ------------------------------------------------------------------ verbatim search
# The typed text looked up as one exact substring: the posting lists of a few of the phrase's rarest
# bigrams give the candidate documents, and each candidate's stored folded text says whether the phrase
# is really there.

CANDIDATE_LOOKUPS = 16  # bigrams of a phrase whose document frequency is read, to pick the rarest
CANDIDATE_LISTS = 3  # posting lists intersected at most
K1, B = 1.2, 0.75  # BM25, whoosh's defaults
TITLE_WEIGHT = 3.0
# An exact title, then the 文号, above any BM25F score of the phrase (at most K1 + 1).
EXACT_TITLE_BONUS, DOC_NUMBER_BONUS = 1000.0, 500.0


class SegmentCache:
    """What a search worked out from a segment, kept for the process's threads: a segment never changes
    once written (a deleted document is dropped by the searches, not here), so what is kept stays right
    until the segment is merged away. The longest kept go first once their sizes add up past `bound` (a
    hit does not move an entry up: that would take the lock on every read)."""

    def __init__(self, bound: int, size: Callable[[object], int] = len):
        self.bound, self.size = bound, size
        self._kept: dict[tuple, object] = {}
        self._total = 0
        self._lock = threading.Lock()

    def get(self, key: tuple):
        return self._kept.get(key)

    def put(self, key: tuple, value) -> None:
        with self._lock:
            if (old := self._kept.pop(key, None)) is not None:
                self._total -= self.size(old)
            self._kept[key] = value  # the newest last
            self._total += self.size(value)
            while self._total > self.bound and len(self._kept) > 1:
                self._total -= self.size(self._kept.pop(next(iter(self._kept))))


# A common bigram's or title word's postings, decoded once per process: a keyword query's common words
# (规定, 条例, 关于) come back query after query, and decoding their blocks (zlib, pickled weights) was
# most of what such a query cost once the phrases' tests were kept too (words_scan._holders).
_postings = SegmentCache(bound=2_000_000, size=lambda kept: len(kept[0]))  # postings: 32 MB
POSTINGS_WORTH_KEEPING = 128  # shorter lists are inlined or one block: decoding them is cheap


def frozen(*arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """The arrays made read-only: they are kept and shared by the process's searches."""
    for array in arrays:
        array.flags.writeable = False
    return arrays


NO_POSTINGS = frozen(np.zeros(0, dtype=np.int64), np.zeros(0))


class Texts:
    """A segment's folded texts, tested where they lie: whoosh maps the segment file into memory, and a
    column read copies the text out (a few microseconds a candidate, most of a phrase's test), where
    mmap.find looks for the needle in the text's own bytes. Without a mapping (whoosh falls back to file
    reads when memory is short) each text is read as before."""

    def __init__(self, column):
        self.column = column
        buf = getattr(column._dbfile, "_buf", None)
        source = buf.obj if isinstance(buf, memoryview) else None
        self.source = source if isinstance(source, mmap.mmap) and not source.closed else None
        if self.source is None:
            return

        # Where the column's file starts in the mapping: the file is a slice of the segment's mapping.
        def address(b) -> int:
            return np.frombuffer(b, dtype=np.uint8).__array_interface__["data"][0]

        base = address(buf) - address(self.source) + column._basepos
        offsets = np.frombuffer(column._offsets, dtype=column._offsets.typecode).astype(np.int64)
        self.starts = base + offsets
        self.ends = self.starts + np.frombuffer(column._lengths, dtype=column._lengths.typecode)

    def holding(self, docs: np.ndarray, needle: bytes) -> np.ndarray:
        """Which of the documents hold the needle (a boolean per document)."""
        if self.source is None:
            return np.fromiter((needle in self.column[d] for d in docs.tolist()), dtype=bool, count=len(docs))
        find = self.source.find
        spans = zip(self.starts[docs].tolist(), self.ends[docs].tolist(), strict=True)
        return np.fromiter((find(needle, start, end) >= 0 for start, end in spans), dtype=bool, count=len(docs))

    def count(self, docnum: int, needle: bytes, bound: float) -> int:
        """How often the needle occurs in the document (not overlapping, as bytes.count), at most `bound`."""
        if self.source is None:
            return int(needle in self.column[docnum]) if bound <= 1 else self.column[docnum].count(needle)
        find, start, end = self.source.find, int(self.starts[docnum]), int(self.ends[docnum])
        n = 0
        while n < bound and (at := find(needle, start, end)) >= 0:
            n, start = n + 1, at + len(needle)
        return n


PACKED_DELTAS, PACKED_WEIGHTS = "<u4", "<f8"  # a packed block's arrays (index.PackedPostingsWriter)


def block_ids(deltas) -> np.ndarray:
    """A posting block's document numbers: a packed array of deltas (index.PackedPostingsWriter) or, in
    segments written before, whoosh's pickled tuple."""
    if isinstance(deltas, bytes):
        return np.frombuffer(deltas, dtype=PACKED_DELTAS).cumsum(dtype=np.int64)
    return np.fromiter(accumulate(deltas), dtype=np.int64, count=len(deltas))


def block_weights(weights, n: int) -> np.ndarray:
    """A posting block's weights: packed, a pickled tuple, one number for all or None (all 1.0)."""
    if isinstance(weights, bytes):
        return np.frombuffer(weights, dtype=PACKED_WEIGHTS)
    if isinstance(weights, tuple):
        return np.array(weights, dtype=np.float64)
    return np.full(n, weights or 1.0)


class Leaf:
    """One segment of the index, with the columns the searches read opened once (per searcher)."""

    def __init__(self, reader, offset: int):
        self.reader, self.offset = reader, offset
        # whoosh's public postings() wraps the matcher to drop deleted documents one by one; candidates
        # are few, so deletions are checked on them instead.
        self.terms = reader._terms
        self.deleted = reader.deleted_docs_set
        self.body = reader.column_reader("body", translate=False)
        self.texts = Texts(self.body)
        self.title = reader.column_reader("title", translate=False)
        self._columns: dict[str, list] = {}
        self._norms: dict[str, np.ndarray] = {}
        self._deleted: np.ndarray | None = None
        self._frequencies: dict[tuple[str, str], int] = {}

    def norms(self, fieldname: str, average: float) -> np.ndarray:
        """BM25's K1 × length normalisation of every document, from the length byte whoosh stores (so the
        same floats as its scorer's), read in one piece instead of a column lookup per posting."""
        if fieldname not in self._norms:
            column = self.reader._perdoc._cached_reader(f"_{fieldname}_len", whoosh3.LENGTHS_COLUMN)
            stored = column._dbfile.get(column._basepos, column._count) if column is not None else b""
            lengths = np.zeros(self.reader.doc_count_all())
            lengths[: len(stored)] = _LENGTHS[np.frombuffer(stored, dtype=np.uint8)]
            self._norms[fieldname] = K1 * ((1 - B) + B * lengths / average)
        return self._norms[fieldname]

    def live(self, docs: np.ndarray) -> np.ndarray:
        """Those of the documents not deleted."""
        if not self.deleted:
            return docs
        if self._deleted is None:
            self._deleted = np.fromiter(self.deleted, dtype=np.int64)
        return docs[np.isin(docs, self._deleted, invert=True)]

    def value(self, name: str, docnum: int):
        if (values := self._columns.get(name)) is None:
            values = self._columns[name] = _column_values(self.reader, name)
        return values[docnum]

    def ids(self, fieldname: str, text: str) -> list[int]:
        """Every document number in the term's posting list (deleted ones included)."""
        return self.postings(fieldname, text)[0].tolist()

    def postings(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(document numbers, ascending; weights) of the term's posting list, deleted documents included:
        for a body bigram the weight is its count in the document, for a title word its count in the
        title. A long list is shared with other searches (_postings): read-only."""
        key = (self.reader._segid, fieldname, text)
        if (kept := _postings.get(key)) is not None:
            return kept
        try:
            matcher = self.terms.matcher(fieldname, text.encode("utf-8"), self.reader.schema[fieldname].format)
        except TermNotFound:
            return NO_POSTINGS
        if not hasattr(matcher, "_next_block"):  # a short list, inlined in the term's entry
            ids = np.array(matcher._ids, dtype=np.int64)
            return ids, np.array(matcher._weights, dtype=np.float64) if matcher._weights else np.ones(len(ids))
        ids_read, weights_read = [], []
        while matcher.is_active():  # a block at a time, decoded here in bulk (whoosh's would go number by number)
            matcher._read_data()
            ids = block_ids(matcher._data[0])
            ids_read.append(ids)
            weights_read.append(block_weights(matcher._data[1], len(ids)))
            matcher._next_block()
        found = frozen(np.concatenate(ids_read), np.concatenate(weights_read))
        if len(found[0]) >= POSTINGS_WORTH_KEEPING:
            _postings.put(key, found)
        return found

    def frequency(self, fieldname: str, text: str) -> int:
        key = (fieldname, text)
        if key not in self._frequencies:
            try:
                self._frequencies[key] = self.terms.term_info(fieldname, text.encode("utf-8")).doc_frequency()
            except TermNotFound:
                self._frequencies[key] = 0
        return self._frequencies[key]

    def occurrences(self, needle: str) -> dict[int, int]:
        """How often the needle occurs in each live document of the segment that holds it."""
        target = needle.encode("utf-8")
        found = {}
        ids, bounds = self.candidates(needle)
        for docnum, bound in zip(ids.tolist(), bounds.tolist(), strict=True):
            if docnum not in self.deleted and (n := self.texts.count(docnum, target, bound)):
                found[docnum] = n
        return found

    def candidates(self, needle: str, within: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Documents holding the needle's rarest bigrams (of those `within`, ascending): a superset of those
        holding the needle. Each with the fewest times one of the bigrams read occurs in it, which the
        needle cannot exceed (inf where no list was read)."""
        grams = analysis.bigrams(needle)
        step = max(1, len(grams) // CANDIDATE_LOOKUPS)
        rarity = []
        for i in sorted({*range(0, len(grams), step), len(grams) - 1}):
            if not (frequency := self.frequency("body", grams[i])):
                return NO_POSTINGS  # a bigram the segment never saw: the needle is not in it
            rarity.append((frequency, grams[i]))
        rarity.sort()
        found = None if within is None else (within, np.full(len(within), np.inf))
        for frequency, gram in rarity[:CANDIDATE_LISTS]:
            if found is not None and (len(found[0]) <= 2 or frequency > 8 * len(found[0])):
                break  # testing the few candidates is cheaper than reading another long list
            ids, counts = self.postings("body", gram)
            if found is None:
                found = ids, counts
            else:
                common, mine, theirs = np.intersect1d(found[0], ids, assume_unique=True, return_indices=True)
                found = common, np.minimum(found[1][mine], counts[theirs])
        return found if found is not None else NO_POSTINGS


# A segment's filter and facet columns (level, status, issuer, stage, unit, promulgated), every document's
# value in a list: a facet count over a few hundred matches read them one by one through whoosh's column
# readers (7 ms of the words search's page).
_columns = SegmentCache(bound=64, size=lambda values: 1)  # (segment, column) lists: a few segments, six each


def _column_values(reader, name: str) -> list:
    key = (reader._segid, name)
    if (values := _columns.get(key)) is None:
        distinct: dict = {}
        values = [distinct.setdefault(v, v) for v in reader.column_reader(name)]  # one str per distinct value
        _columns.put(key, values)
    return values


def leaves(searcher: Searcher) -> list[Leaf]:
    cached = getattr(_local, "leaves", None)
    if cached is None or cached[0] is not searcher:
        readers = [(r, offset) for r, offset in searcher.reader().leaf_readers() if r.doc_count_all()]
        _local.leaves = (searcher, [Leaf(r, offset) for r, offset in readers])
    return _local.leaves[1]


def leaf_of(reader, searcher: Searcher) -> Leaf:
    """The segment reader whoosh hands a query's matcher (of the top-level searcher), with its columns
    opened once per searcher."""
    if not reader.is_atomic():
        raise TypeError("whoosh asks for a matcher per segment")
    for leaf in leaves(searcher):
        if leaf.reader is reader:
            return leaf
    return Leaf(reader, 0)  # not one of this searcher's segments: open the columns for this once


def keep_test(filters: Filters, visible: Visibility | None) -> Callable[[Leaf, int], bool] | None:
    """The filters as a test of one document's column values (None: nothing to test)."""
    tests: list[tuple[str, Callable]] = []
    for name in ("level", "status", "issuer"):
        if wanted := getattr(filters, name):
            tests.append((name, wanted.__eq__))
    if filters.date_from or filters.date_to:
        low, high = filters.date_from or 1, filters.date_to or 99_999_999
        tests.append(("promulgated", lambda day: low <= day <= high))
    if not tests and visible is None:
        return None
    unit = "" if visible is None or visible.unit is None else str(visible.unit)

    def keep(leaf: Leaf, docnum: int) -> bool:
        hidden = visible is not None and leaf.value("stage", docnum) != "published"
        if hidden and (not unit or leaf.value("unit", docnum) != unit):
            return False  # a draft, not of the user's unit
        return all(test(leaf.value(name, docnum)) for name, test in tests)

    return keep


def verbatim_search(
    searcher: Searcher, verbatim: Verbatim, filters: Filters, visible: Visibility | None, limit: int, facets: bool
) -> Outcome:
    """Documents with the exact title, the 文号 or a needle in their text, ranked: exact title, then 文号,
    then BM25F of the needles (title weighted; the idf is the same for every match, so it is left out).
    The total and the facet counts cover every match that passes the filters."""
    reader = searcher.reader()
    average = reader.field_length("body") / max(1, reader.doc_count()) or 1.0
    needles = [n.encode("utf-8") for n in verbatim.needles]
    keep = keep_test(filters, visible)
    counts: dict[str, Counter] = {name: Counter() for name in FACETS} if facets else {}
    scored: list[tuple[float, int, Leaf, int]] = []
    for leaf in leaves(searcher):
        bonus: Counter = Counter()
        if verbatim.title_key:
            for docnum in leaf.ids("title_exact", verbatim.title_key):
                bonus[docnum] += EXACT_TITLE_BONUS
        for number in verbatim.doc_numbers:
            for docnum in leaf.ids("doc_number", number):
                bonus[docnum] += DOC_NUMBER_BONUS
        in_body: Counter = Counter()
        for needle in verbatim.needles:
            in_body.update(leaf.occurrences(needle))
        for docnum in set(in_body) | set(bonus):
            if docnum in leaf.deleted or (keep and not keep(leaf, docnum)):
                continue
            title = leaf.title[docnum]
            norm = 1 - B + B * leaf.reader.doc_field_length(docnum, "body") / average
            tf = TITLE_WEIGHT * sum(title.count(n) for n in needles) + in_body[docnum] / norm
            scored.append((bonus[docnum] + tf * (K1 + 1) / (K1 + tf), leaf.offset + docnum, leaf, docnum))
            for name, counter in counts.items():
                counter[str(leaf.value(name, docnum))] += 1
    return outcome_of(scored, counts, limit)


def outcome_of(scored: list[tuple[float, int, Leaf, int]], counts: dict[str, Counter], limit: int) -> Outcome:
    """The top `limit` of (score, global document number, leaf, document number), ties in index order."""
    top = heapq.nsmallest(limit, scored, key=lambda s: (-s[0], s[1]))
    hits = []
    for score, _, leaf, docnum in top:
        stored = leaf.reader.stored_fields(docnum)
        hits.append(Hit(pk=int(stored["pk"]), external_id=stored.get("external_id", ""), score=score,
                        chain=stored["chain"], status_rank=stored["status_rank"]))  # fmt: skip
    return Outcome(hits=hits, total=len(scored), facets={name: dict(c) for name, c in counts.items()})

"""Searches of the whoosh index that read posting lists and columns directly instead of running whoosh's
matchers (candidate and test, as a trigram index answers): the verbatim search, and the words search.

A Python matcher object per posting and position is where whoosh spent tens of milliseconds on a copied
clause or three common words; a few posting-list reads, set intersections and C-speed substring tests on
the stored folded text give the same documents, and scoring only the survivors gives the same ranks.
"""

import heapq
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from whoosh.codec import whoosh3
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from . import analysis
from .engine import FACETS, Filters, Hit, Outcome, Verbatim, Visibility

_local = threading.local()
_LENGTHS = [byte_to_length(b) if b else 0 for b in range(256)]  # a stored length byte, decoded

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


class _SegmentCache:
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
# most of what such a query cost once the phrases' tests were kept too (_holders).
_postings = _SegmentCache(bound=300_000)  # postings over all kept lists: about 30 MB
POSTINGS_WORTH_KEEPING = 128  # shorter lists are inlined or one block: decoding them is cheap


class _Leaf:
    """One segment of the index, with the columns the searches read opened once (per searcher)."""

    def __init__(self, reader, offset: int):
        self.reader, self.offset = reader, offset
        # whoosh's public postings() wraps the matcher to drop deleted documents one by one; candidates
        # are few, so deletions are checked on them instead.
        self.terms = reader._terms
        self.deleted = reader.deleted_docs_set
        self.body = reader.column_reader("body", translate=False)
        self.title = reader.column_reader("title", translate=False)
        self._columns: dict[str, list] = {}
        self._norms: dict[str, list[float]] = {}
        self._frequencies: dict[tuple[str, str], int] = {}

    def norms(self, fieldname: str, average: float) -> list[float]:
        """BM25's K1 × length normalisation of every document, from the length byte whoosh stores (so the
        same floats as its scorer's), read in one piece instead of a column lookup per posting."""
        if fieldname not in self._norms:
            column = self.reader._perdoc._cached_reader(f"_{fieldname}_len", whoosh3.LENGTHS_COLUMN)
            stored = column._dbfile.get(column._basepos, column._count) if column is not None else b""
            lengths = [_LENGTHS[b] for b in stored] + [0] * (self.reader.doc_count_all() - len(stored))
            self._norms[fieldname] = [K1 * ((1 - B) + B * length / average) for length in lengths]
        return self._norms[fieldname]

    def value(self, name: str, docnum: int):
        if (values := self._columns.get(name)) is None:
            values = self._columns[name] = _column_values(self.reader, name)
        return values[docnum]

    def ids(self, fieldname: str, text: str) -> list[int]:
        """Every document number in the term's posting list (deleted ones included)."""
        try:
            matcher = self.terms.matcher(fieldname, text.encode("utf-8"), self.reader.schema[fieldname].format)
        except TermNotFound:
            return []
        if not hasattr(matcher, "_next_block"):  # a short list, inlined in the term's entry
            return list(matcher.all_ids())
        ids: list[int] = []
        while matcher.is_active():  # block by block: whoosh's all_ids() goes one posting at a time
            matcher._read_ids()
            ids.extend(matcher._ids)
            matcher._next_block()
        return ids

    def postings(self, fieldname: str, text: str) -> dict[int, float]:
        """{document number: weight} of the term's posting list (deleted ones included); for a body bigram
        the weight is its count in the document, for a title word its count in the title. A long list is
        shared with other searches (_postings): not to be changed."""
        key = (self.reader._segid, fieldname, text)
        if (found := _postings.get(key)) is not None:
            return found
        try:
            matcher = self.terms.matcher(fieldname, text.encode("utf-8"), self.reader.schema[fieldname].format)
        except TermNotFound:
            return {}
        if not hasattr(matcher, "_next_block"):
            return dict(zip(matcher._ids, matcher._weights or [1.0] * len(matcher._ids), strict=True))
        found = {}
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            found.update(zip(matcher._ids, matcher._weights, strict=False))
            matcher._next_block()
        if len(found) >= POSTINGS_WORTH_KEEPING:
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
        for docnum, bound in self.candidates(needle).items():
            if docnum not in self.deleted and (n := self.count(docnum, target, bound)):
                found[docnum] = n
        return found

    def candidates(self, needle: str, within: set[int] | None = None) -> dict[int, float]:
        """Documents holding the needle's rarest bigrams (of those `within`): a superset of those holding
        the needle. Each with the fewest times one of the bigrams read occurs in it, which the needle
        cannot exceed (inf where no list was read)."""
        grams = analysis.bigrams(needle)
        step = max(1, len(grams) // CANDIDATE_LOOKUPS)
        rarity = []
        for i in sorted({*range(0, len(grams), step), len(grams) - 1}):
            if not (frequency := self.frequency("body", grams[i])):
                return {}  # a bigram the segment never saw: the needle is not in it
            rarity.append((frequency, grams[i]))
        rarity.sort()
        found = None if within is None else dict.fromkeys(within, float("inf"))
        for frequency, gram in rarity[:CANDIDATE_LISTS]:
            if found is not None and (len(found) <= 2 or frequency > 8 * len(found)):
                break  # testing the few candidates is cheaper than reading another long list
            postings = self.postings("body", gram)
            if found is None:
                found = postings
            else:
                found = {d: min(bound, postings[d]) for d, bound in found.items() if d in postings}
        return found or {}

    def count(self, docnum: int, needle: bytes, bound: float) -> int:
        """How often the needle occurs in the document, at most `bound`: where that is 1, the first
        occurrence settles it, and long texts are not read to the end."""
        return int(needle in self.body[docnum]) if bound <= 1 else self.body[docnum].count(needle)


# A segment's filter and facet columns (level, status, issuer, stage, unit, promulgated), every document's
# value in a list: a facet count over a few hundred matches read them one by one through whoosh's column
# readers (7 ms of the words search's page).
_columns = _SegmentCache(bound=64, size=lambda values: 1)  # (segment, column) lists: a few segments, six each


def _column_values(reader, name: str) -> list:
    key = (reader._segid, name)
    if (values := _columns.get(key)) is None:
        distinct: dict = {}
        values = [distinct.setdefault(v, v) for v in reader.column_reader(name)]  # one str per distinct value
        _columns.put(key, values)
    return values


def _leaves(searcher: Searcher) -> list[_Leaf]:
    cached = getattr(_local, "leaves", None)
    if cached is None or cached[0] is not searcher:
        readers = [(r, offset) for r, offset in searcher.reader().leaf_readers() if r.doc_count_all()]
        _local.leaves = (searcher, [_Leaf(r, offset) for r, offset in readers])
    return _local.leaves[1]


def leaf_of(reader, searcher: Searcher) -> _Leaf:
    """The segment reader whoosh hands a query's matcher (of the top-level searcher), with its columns
    opened once per searcher."""
    if not reader.is_atomic():
        raise TypeError("whoosh asks for a matcher per segment")
    for leaf in _leaves(searcher):
        if leaf.reader is reader:
            return leaf
    return _Leaf(reader, 0)  # not one of this searcher's segments: open the columns for this once


def _keep(filters: Filters, visible: Visibility | None) -> Callable[[_Leaf, int], bool] | None:
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

    def keep(leaf: _Leaf, docnum: int) -> bool:
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
    keep = _keep(filters, visible)
    counts: dict[str, Counter] = {name: Counter() for name in FACETS} if facets else {}
    scored: list[tuple[float, int, _Leaf, int]] = []
    for leaf in _leaves(searcher):
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
    return _outcome(scored, counts, limit)


def _outcome(scored: list[tuple[float, int, _Leaf, int]], counts: dict[str, Counter], limit: int) -> Outcome:
    """The top `limit` of (score, global document number, leaf, document number), ties in index order."""
    top = heapq.nsmallest(limit, scored, key=lambda s: (-s[0], s[1]))
    hits = []
    for score, _, leaf, docnum in top:
        stored = leaf.reader.stored_fields(docnum)
        hits.append(Hit(pk=int(stored["pk"]), external_id=stored.get("external_id", ""), score=score,
                        chain=stored["chain"], status_rank=stored["status_rank"]))  # fmt: skip
    return Outcome(hits=hits, total=len(scored), facets={name: dict(c) for name, c in counts.items()})


# ------------------------------------------------------------------ words search
# What index.build_query asks of whoosh's matchers, answered by reading posting lists: every required
# clause's documents, the rarest first, each next clause tested only on the documents still in the
# running; then the optional clauses on the survivors. Every clause scores as whoosh scores it (BM25F with
# the same idf, average length and stored length byte), so the documents and their ranks are the same.


@dataclass(frozen=True)
class Clause:
    """One leaf of the query: `text` occurs in the body (field "body": a bigram's postings, or a phrase by
    candidates and test), or is a term of the title (jieba words, scored) or of an ID field (weight 1)."""

    field: str
    text: str
    boost: float = 1.0


@dataclass
class Plan:
    required: list[list[Clause]]  # every group must match (a group: any of its clauses)
    optional: list[Clause]  # added to the score where they match

    def fields(self) -> set[str]:
        return {c.field for group in self.required for c in group} | {c.field for c in self.optional}


class _Statistics:
    """The index-wide figures whoosh's BM25F reads, from the top-level searcher, once per query."""

    def __init__(self, searcher: Searcher):
        self.searcher = searcher
        self.average = {name: searcher.avg_field_length(name) or 1 for name in ("body", "title")}
        self._idf: dict[tuple[str, str], float] = {}
        self._texts: dict[tuple[int, int], bytes] = {}

    def text(self, leaf: _Leaf, docnum: int) -> bytes:
        """The document's folded text, read from the column once per query however many clauses test it
        (the first TEXTS_KEPT of them: a query of common words at scale would otherwise hold thousands)."""
        key = (leaf.offset, docnum)
        if (text := self._texts.get(key)) is None:
            text = leaf.body[docnum]
            if len(self._texts) < TEXTS_KEPT:
                self._texts[key] = text
        return text

    def idf(self, field: str, text: str) -> float:
        key = (field, text)
        if key not in self._idf:
            self._idf[key] = self.searcher.idf(field, text)
        return self._idf[key]


def _bm25(idf: float, tf: float, norm: float) -> float:
    return idf * (tf * (K1 + 1)) / (tf + norm)


TEXT_OVER_POSTINGS = 100  # a text counted costs about this many postings decoded (6: keyword p95 6.9 ms; 60–150: 4.9)
TEXTS_KEPT = 1000  # texts a query keeps once read (about 15 MB on the corpus's average)


def _bigram_count(text: bytes, gram: bytes) -> int:
    """How often the bigram occurs, overlaps included, as the posting's weight counts it ("aaa": 2 "aa")."""
    if gram[: len(gram) // 2] != gram[len(gram) // 2 :]:
        return text.count(gram)  # two different characters cannot overlap
    n, start = 0, text.find(gram)
    while start >= 0:
        n += 1
        start = text.find(gram, start + len(gram) // 2)
    return n


def _estimate(leaf: _Leaf, clause: Clause) -> int:
    """How many documents of the segment the clause could match at most (its rarest bigram's)."""
    if clause.field != "body":
        return leaf.frequency(clause.field, clause.text)
    grams = analysis.bigrams(clause.text)
    return min((leaf.frequency("body", g) for g in grams[:: max(1, len(grams) // CANDIDATE_LOOKUPS)]), default=0)


@dataclass(frozen=True)
class _Count:
    """A phrase's part of one document's score, left to count until the document could reach the top: the
    phrase occurs in it between `low` and `high` times (high: its rarest bigram's count read, or inf)."""

    needle: bytes
    idf: float
    boost: float
    low: int
    high: float

    def score(self, text: bytes, norm: float) -> float:
        n = text.count(self.needle)
        return self.boost * _bm25(self.idf, n, norm) if n else 0.0

    def most(self, norm: float) -> float:
        return self.boost * (self.idf * (K1 + 1) if self.high == float("inf") else _bm25(self.idf, self.high, norm))


class _Scores:
    """Each document's score so far: what is known, and the phrase counts still to make (_Count)."""

    def __init__(self, known: dict[int, float], counts: dict[int, list[_Count]] | None = None):
        self.known, self.counts = known, counts or {}

    def add(self, other: "_Scores") -> None:
        for d, score in other.known.items():
            self.known[d] = self.known.get(d, 0.0) + score
        for d, pending in other.counts.items():
            self.counts.setdefault(d, []).extend(pending)
            self.known.setdefault(d, 0.0)

    def keep_only(self, docs) -> None:
        self.known = {d: self.known[d] for d in docs}
        self.counts = {d: c for d, c in self.counts.items() if d in self.known}


# The documents of a segment whose text holds a phrase, found once per process: a keyword query's words
# of three or more characters (人民代表大会常务委员会, 违法行为) must each be tested in every candidate's
# text, hundreds of column reads, and the same common words come back in query after query.
_phrase_holders = _SegmentCache(bound=200_000)  # documents over all kept phrases: about 20 MB
WHOLE_OVER_WITHIN = 4  # test every candidate (and keep them) unless they outnumber those wanted this many times


def _holders(leaf: _Leaf, phrase: str, within: set[int] | None, stats: _Statistics) -> dict[int, float]:
    """{document number: most times the phrase can occur (see _Leaf.candidates)} of the segment's
    documents `within` whose text holds the phrase."""
    key = (leaf.reader._segid, phrase)
    if (found := _phrase_holders.get(key)) is None:
        whole = within is None or _estimate(leaf, Clause("body", phrase)) <= WHOLE_OVER_WITHIN * len(within)
        needle = phrase.encode()
        found = {
            d: high
            for d, high in leaf.candidates(phrase, None if whole else within).items()
            if needle in stats.text(leaf, d)  # stops at the first occurrence
        }
        if not whole:
            return found  # only some candidates were tested: nothing to keep
        _phrase_holders.put(key, found)
    return found if within is None else {d: found[d] for d in within if d in found}


def _scores(leaf: _Leaf, clause: Clause, stats: _Statistics, within: set[int] | None, required: bool) -> _Scores:
    """The clause's score in each document it matches (of those `within`). A phrase is tested for being
    there when the match depends on it (required), and counted later (see words_search)."""
    if clause.field == "body" and len(clause.text) > 2:
        needle = clause.text.encode()
        idf = sum(stats.idf("body", g) for g in set(analysis.bigrams(clause.text)))
        norms = leaf.norms("body", stats.average["body"])
        known, counts = {}, {}
        found = _holders(leaf, clause.text, within, stats) if required else leaf.candidates(clause.text, within)
        for d, high in found.items():
            if high <= 1:
                if required or needle in stats.text(leaf, d):
                    known[d] = clause.boost * _bm25(idf, 1, norms[d])
                continue
            counts[d] = [_Count(needle, idf, clause.boost, 1 if required else 0, high)]
            known.setdefault(d, 0.0)
        return _Scores(known, counts)
    if not leaf.frequency(clause.field, clause.text):
        return _Scores({})  # not in this segment (the frequency is remembered; a posting read is not)
    if clause.field == "body" and within is not None and len(within) * TEXT_OVER_POSTINGS < _estimate(leaf, clause):
        # Few documents left, a long posting list: counting the bigram in their texts is cheaper.
        postings = {d: n for d in within if (n := _bigram_count(stats.text(leaf, d), clause.text.encode()))}
    else:
        postings = leaf.postings(clause.field, clause.text)
        if within is not None:
            postings = {d: postings[d] for d in within if d in postings}
    if clause.field not in ("body", "title"):
        return _Scores({d: clause.boost * w for d, w in postings.items()})  # an ID field: its weight
    idf, norms = stats.idf(clause.field, clause.text), leaf.norms(clause.field, stats.average[clause.field])
    return _Scores({d: clause.boost * _bm25(idf, w, norms[d]) for d, w in postings.items()})


def _required(leaf: _Leaf, groups: list[list[Clause]], stats: _Statistics) -> _Scores:
    groups = sorted(groups, key=lambda group: sum(_estimate(leaf, c) for c in group))
    running: _Scores | None = None
    for group in groups:
        found = _Scores({})
        for clause in group:  # any clause of the group: their scores add
            found.add(_scores(leaf, clause, stats, None if running is None else set(running.known), True))
        if running is None:
            running = found
        else:
            running.keep_only([d for d in running.known if d in found.known])
            found.keep_only(running.known)
            running.add(found)
        if not running.known:
            break
    return running or _Scores({})


def words_search(
    searcher: Searcher, plan: Plan, filters: Filters, visible: Visibility | None, limit: int, facets: bool
) -> Outcome:
    """The plan's documents ranked as whoosh ranks them; the total and the facets count every match.

    A phrase is counted (a read of the whole text) only in the documents that could still reach the top:
    they are taken by their highest possible score, and once that falls below the `limit`th score
    counted, the rest cannot enter."""
    stats = _Statistics(searcher)
    keep = _keep(filters, visible)
    counts: dict[str, Counter] = {name: Counter() for name in FACETS} if facets else {}
    entries: list[tuple[float, float, int, _Leaf, int, list[_Count]]] = []
    for leaf in _leaves(searcher):
        matched = _required(leaf, plan.required, stats)
        matched.keep_only([d for d in matched.known if d not in leaf.deleted and not (keep and not keep(leaf, d))])
        if not matched.known:
            continue
        within = set(matched.known)
        for clause in plan.optional:
            optional = _scores(leaf, clause, stats, within, False)
            optional.keep_only([d for d in optional.known if d in within])
            matched.add(optional)
        norms = leaf.norms("body", stats.average["body"])
        for d, known in matched.known.items():
            pending = matched.counts.get(d, [])
            entries.append((known + sum(c.most(norms[d]) for c in pending), known, leaf.offset + d, leaf, d, pending))
            for name, counter in counts.items():
                counter[str(leaf.value(name, d))] += 1
    entries.sort(key=lambda e: (-e[0], e[2]))
    scored: list[tuple[float, int, _Leaf, int]] = []
    top: list[tuple[float, int]] = []  # the `limit` best (score, -global number) counted so far, a heap
    for most, known, number, leaf, d, pending in entries:
        if len(top) == limit and most < top[0][0]:
            break  # this and every later entry scores below the limit-th
        norm = leaf.norms("body", stats.average["body"])[d]
        score = known + sum(c.score(stats.text(leaf, d), norm) for c in pending)
        scored.append((score, number, leaf, d))
        heapq.heappush(top, (score, -number))
        if len(top) > limit:
            heapq.heappop(top)
    outcome = _outcome(scored, counts, limit)
    outcome.total = len(entries)
    return outcome

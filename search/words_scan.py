"""The words search: what index.build_query asks of whoosh's matchers, answered from posting lists read as
arrays. Every required group's documents are marked in a segment-long array, the rarest group first, and
phrases are tested only on the documents still in the running; every clause adds its score to a
segment-long array of scores (numpy: one step for a list of thousands of postings, where a Python loop
cost a few microseconds a document). Every clause scores as whoosh scores it (BM25F with the same idf,
average length and stored length byte), so the documents and their ranks are the same; a phrase's count,
which needs its text read, is made only for the documents that could still reach the top.
"""

import heapq
from collections import Counter
from dataclasses import dataclass

import numpy as np
from whoosh.searching import Searcher

from . import analysis
from .engine import FACETS, Filters, Outcome, Visibility
from .index_scan import CANDIDATE_LOOKUPS, K1, NO_POSTINGS, Leaf, SegmentCache, frozen, keep_test, leaves, outcome_of

TEXT_OVER_POSTINGS = 100  # a text counted costs about this many postings decoded (6: keyword p95 6.9 ms; 60–150: 4.9)
TEXTS_KEPT = 1000  # texts a query keeps once read (about 15 MB on the corpus's average)


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

    def text(self, leaf: Leaf, docnum: int) -> bytes:
        """The document's folded text, read from the column once per query however many clauses count in
        it (the first TEXTS_KEPT of them: a query of common words at scale would otherwise hold thousands).
        Whether a phrase is there at all is tested in place (Leaf.texts), without a copy."""
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


def _bm25(idf: float, tf, norm):
    """whoosh's BM25 of a term frequency (numbers or arrays alike)."""
    return idf * (tf * (K1 + 1)) / (tf + norm)


def _bigram_count(text: bytes, gram: bytes) -> int:
    """How often the bigram occurs, overlaps included, as the posting's weight counts it ("aaa": 2 "aa")."""
    if gram[: len(gram) // 2] != gram[len(gram) // 2 :]:
        return text.count(gram)  # two different characters cannot overlap
    n, start = 0, text.find(gram)
    while start >= 0:
        n += 1
        start = text.find(gram, start + len(gram) // 2)
    return n


def _estimate(leaf: Leaf, clause: Clause) -> int:
    """How many documents of the segment the clause could match at most (its rarest bigram's)."""
    if clause.field != "body":
        return leaf.frequency(clause.field, clause.text)
    grams = analysis.bigrams(clause.text)
    return min((leaf.frequency("body", g) for g in grams[:: max(1, len(grams) // CANDIDATE_LOOKUPS)]), default=0)


@dataclass(frozen=True)
class _Count:
    """A phrase's part of the score of the documents where it may occur more than once, left to count
    until a document could reach the top: `high` (one per document of the segment; 0: not one of them)
    is the most times it can occur there (its rarest bigram's count read, or inf)."""

    needle: bytes
    idf: float
    boost: float
    high: np.ndarray

    def score(self, text: bytes, norm: float) -> float:
        n = text.count(self.needle)
        return self.boost * _bm25(self.idf, n, norm) if n else 0.0

    def most(self, docs: np.ndarray, norms: np.ndarray) -> np.ndarray:
        high = self.high[docs]
        unbounded = self.boost * (self.idf * (K1 + 1))
        with np.errstate(invalid="ignore"):  # inf / inf where unbounded: replaced
            bounded = self.boost * _bm25(self.idf, high, norms[docs])
        return np.where(high == 0, 0.0, np.where(np.isinf(high), unbounded, bounded))


# The documents of a segment whose text holds a phrase, found once per process: a keyword query's words
# of three or more characters (人民代表大会常务委员会, 违法行为) must each be tested in every candidate's
# text, hundreds of column reads, and the same common words come back in query after query.
_phrase_holders = SegmentCache(bound=2_000_000, size=lambda kept: len(kept[0]))  # documents: 32 MB
WHOLE_OVER_WITHIN = 4  # test every candidate (and keep them) unless they outnumber those wanted this many times


def _holders(leaf: Leaf, phrase: str, within: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """(documents, most times the phrase can occur in each: see Leaf.candidates) of the segment's
    documents whose text holds the phrase: all of them, or at least those `within`."""
    key = (leaf.reader._segid, phrase)
    if (found := _phrase_holders.get(key)) is None:
        whole = within is None or _estimate(leaf, Clause("body", phrase)) <= WHOLE_OVER_WITHIN * len(within)
        docs, high = leaf.candidates(phrase, None if whole else within)
        there = leaf.texts.holding(docs, phrase.encode())
        found = frozen(docs[there], high[there]) if len(docs) else NO_POSTINGS
        if whole:
            _phrase_holders.put(key, found)
    return found


@dataclass
class _Found:
    """A clause's documents (ascending) and its score in each, with the phrase counts still to make."""

    docs: np.ndarray
    scores: np.ndarray
    count: _Count | None = None


NOTHING = _Found(*NO_POSTINGS)


def _phrase(leaf: Leaf, clause: Clause, stats: _Statistics, within: np.ndarray | None, required: bool) -> _Found:
    """A phrase of the body: where its count is known to be 1 it is scored, elsewhere counted later. It is
    tested for being there when the match depends on it (required)."""
    needle = clause.text.encode()
    idf = sum(stats.idf("body", g) for g in set(analysis.bigrams(clause.text)))
    norms = leaf.norms("body", stats.average["body"])
    docs, high = _holders(leaf, clause.text, within) if required else leaf.candidates(clause.text, within)
    once = high <= 1
    if not required:  # where it occurs at most once it may not occur at all: those are tested now
        there = np.ones(len(docs), dtype=bool)
        there[once] = leaf.texts.holding(docs[once], needle)
        docs, high, once = docs[there], high[there], once[there]
    scores = np.where(once, clause.boost * _bm25(idf, 1, norms[docs]), 0.0)
    if once.all():
        return _Found(docs, scores)
    pending = np.zeros(leaf.reader.doc_count_all())
    pending[docs[~once]] = high[~once]
    return _Found(docs, scores, _Count(needle, idf, clause.boost, pending))


def _clause(leaf: Leaf, clause: Clause, stats: _Statistics, within: np.ndarray | None, required: bool) -> _Found:
    """The clause's documents and scores: at least those of `within` it matches (the others may be there)."""
    if clause.field == "body" and len(clause.text) > 2:
        return _phrase(leaf, clause, stats, within, required)
    if not leaf.frequency(clause.field, clause.text):
        return NOTHING  # not in this segment (the frequency is remembered; a posting read is not)
    if clause.field == "body" and within is not None and len(within) * TEXT_OVER_POSTINGS < _estimate(leaf, clause):
        # Few documents left, a long posting list: counting the bigram in their texts is cheaper.
        gram = clause.text.encode()
        weights = np.array([_bigram_count(stats.text(leaf, d), gram) for d in within.tolist()], dtype=np.float64)
        docs, weights = within[weights > 0], weights[weights > 0]
    else:
        docs, weights = leaf.postings(clause.field, clause.text)
    if clause.field not in ("body", "title"):
        return _Found(docs, clause.boost * weights)  # an ID field: its weight
    idf, norms = stats.idf(clause.field, clause.text), leaf.norms(clause.field, stats.average[clause.field])
    return _Found(docs, clause.boost * _bm25(idf, weights, norms[docs]))


@dataclass
class _Matched:
    """A segment's documents matching the plan (ascending), their scores so far and the counts to make."""

    docs: np.ndarray
    known: np.ndarray  # the score of every document of the segment so far
    counts: list[_Count]


def _match(leaf: Leaf, plan: Plan, stats: _Statistics, keep) -> _Matched | None:
    """The segment's documents in every required group, not deleted and kept by the filters, with every
    clause's score added where it matches (None: there are none)."""
    size = leaf.reader.doc_count_all()
    known, counts = np.zeros(size), []
    running: np.ndarray | None = None
    for group in sorted(plan.required, key=lambda group: sum(_estimate(leaf, c) for c in group)):
        in_group = np.zeros(size, dtype=bool)
        for clause in group:  # any clause of the group: their scores add
            found = _clause(leaf, clause, stats, running, True)
            known[found.docs] += found.scores
            in_group[found.docs] = True
            if found.count is not None:
                counts.append(found.count)
        running = np.flatnonzero(in_group) if running is None else running[in_group[running]]
        if not len(running):
            return None
    running = leaf.live(running)
    if keep is not None:
        running = running[np.array([keep(leaf, d) for d in running.tolist()], dtype=bool)] if len(running) else running
    if not len(running):
        return None
    for clause in plan.optional:
        found = _clause(leaf, clause, stats, running, False)
        known[found.docs] += found.scores
        if found.count is not None:
            counts.append(found.count)
    return _Matched(running, known, counts)


def words_search(
    searcher: Searcher, plan: Plan, filters: Filters, visible: Visibility | None, limit: int, facets: bool
) -> Outcome:
    """The plan's documents ranked as whoosh ranks them; the total and the facets count every match.

    A phrase is counted (a read of the whole text) only in the documents that could still reach the top:
    they are taken by their highest possible score, and once that falls below the `limit`th score
    counted, the rest cannot enter."""
    stats = _Statistics(searcher)
    keep = keep_test(filters, visible)
    counts: dict[str, Counter] = {name: Counter() for name in FACETS} if facets else {}
    found: list[tuple[Leaf, _Matched]] = []
    for leaf in leaves(searcher):
        if (matched := _match(leaf, plan, stats, keep)) is None:
            continue
        found.append((leaf, matched))
        for name, counter in counts.items():
            counter.update(str(leaf.value(name, d)) for d in matched.docs.tolist())
    if not found:
        return outcome_of([], counts, limit)
    # Every match by its highest possible score, then its place in the index.
    most, numbers, which = [], [], []
    for i, (leaf, matched) in enumerate(found):
        norms = leaf.norms("body", stats.average["body"])
        upper = matched.known[matched.docs]
        for count in matched.counts:
            upper = upper + count.most(matched.docs, norms)
        most.append(upper)
        numbers.append(leaf.offset + matched.docs)
        which.append(np.full(len(matched.docs), i))
    most, numbers, which = np.concatenate(most), np.concatenate(numbers), np.concatenate(which)
    order = np.lexsort((numbers, -most))
    scored: list[tuple[float, int, Leaf, int]] = []
    top: list[tuple[float, int]] = []  # the `limit` best (score, -global number) counted so far, a heap
    for i in order.tolist():
        if len(top) == limit and most[i] < top[0][0]:
            break  # this and every later entry scores below the limit-th
        leaf, matched = found[which[i]]
        number = int(numbers[i])
        d = number - leaf.offset
        score = float(matched.known[d])
        if pending := [c for c in matched.counts if c.high[d]]:
            norm = float(leaf.norms("body", stats.average["body"])[d])
            score += sum(c.score(stats.text(leaf, d), norm) for c in pending)
        scored.append((score, number, leaf, d))
        heapq.heappush(top, (score, -number))
        if len(top) > limit:
            heapq.heappop(top)
    outcome = outcome_of(scored, counts, limit)
    outcome.total = len(numbers)
    return outcome

"""Reads: running a search for a user, with filters, facet counts, snippets and pagination."""

import html
import re
import threading
import time
from dataclasses import dataclass, field

from accounts.models import User
from filings.models import Document, Level, Status
from filings.parsing import title_key
from filings.selectors import documents_visible_to

from . import analysis, engine, services

_dictionary_loaded = threading.Event()
SNIPPET_CHARS = 160


def _ensure_dictionary() -> None:
    if not _dictionary_loaded.is_set():
        services.user_dictionary_refresh()
        _dictionary_loaded.set()


def search_warm() -> None:
    """Load what a process's first search would (jieba with the register's words, OpenCC, the index) before a
    user waits for it (a second and more): gunicorn calls it in every new worker (config/gunicorn.py)."""
    _ensure_dictionary()
    analysis.words("规范性文件")
    analysis.to_simplified("規範性文件")
    engine.backend().ready()


@dataclass
class SearchFilters:
    level: str = ""
    status: str = ""
    issuer: str = ""
    date_from: str = ""  # YYYY-MM-DD
    date_to: str = ""

    def for_index(self) -> engine.Filters:
        def day(value: str) -> int | None:
            return int(value.replace("-", "")) if value else None

        return engine.Filters(self.level, self.status, self.issuer, day(self.date_from), day(self.date_to))


@dataclass
class Ranked:
    """Ids in rank order and what the index counted, before any page is loaded."""

    query: analysis.ParsedQuery
    hits: list[engine.Hit] = field(default_factory=list)
    total: int = 0
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    ms: float = 0.0
    verbatim: str = ""  # the text as typed (or the 文号) when the hits are the documents holding it
    broader: bool = False  # and searching its words one by one could find more


def _rerank(hits: list[engine.Hit]) -> list[engine.Hit]:
    """Exact matches stay first. Within each stage, versions of one instrument stay together at their
    best version's score, the one in force first."""
    best: dict[tuple[int, str], float] = {}
    for hit in hits:
        key = (hit.stage, hit.chain)
        best[key] = max(best.get(key, 0.0), hit.score)
    return sorted(hits, key=lambda h: (h.stage, -best[(h.stage, h.chain)], h.chain, h.status_rank, -h.score))


def rank(
    raw: str,
    *,
    filters: SearchFilters | None = None,
    visibility: engine.Visibility | None = None,
    limit: int = 100,
    facets: bool = True,
    words: bool = False,
) -> Ranked:
    """Run a query against the index; never raises on what was typed.

    What was typed is first looked up as it stands (a title, a 文号, a copied clause, a phrase): where it
    occurs, those documents are the answer. Otherwise, or with words=True, every word of it must occur
    and documents rank by BM25F, those holding the whole text first."""
    started = time.perf_counter()
    _ensure_dictionary()
    parsed = analysis.parse_query(raw)
    ranked = Ranked(query=parsed)
    if parsed.is_empty:
        return ranked
    key = title_key(parsed.text)
    verbatim = None if words else engine.verbatim_of(parsed, key)
    args = (parsed, key, verbatim, (filters or SearchFilters()).for_index(), visibility, limit, facets)
    try:
        outcome, found_verbatim = engine.backend().find(*args)
    except engine.IndexUnavailable:
        services.index_rebuild(if_missing=True)
        outcome, found_verbatim = engine.backend().find(*args)
    ranked.hits, ranked.total, ranked.facets = _rerank(outcome.hits), outcome.total, outcome.facets
    if found_verbatim:
        ranked.verbatim = "、".join(verbatim.needles)
        ranked.broader = not parsed.phrases and not parsed.doc_numbers and _several_words(parsed)
    ranked.ms = (time.perf_counter() - started) * 1000
    return ranked


def _several_words(parsed: analysis.ParsedQuery) -> bool:
    return sum(1 for term in parsed.terms for w in analysis.segments(term) if len(w) > 1) > 1


def visibility_for(user: User) -> engine.Visibility | None:
    return engine.visibility(user.unit_id, all_drafts=user.has_perm("filings.publish_document"))


# ------------------------------------------------------------------ pages


@dataclass
class Result:
    document: Document
    title_html: str
    snippet_html: str


@dataclass
class Facet:
    value: str
    label: str
    count: int


@dataclass
class SearchPage:
    query: analysis.ParsedQuery
    results: list[Result]
    total: int
    page: int
    pages: int
    facets: dict[str, list[Facet]]
    ms: float
    verbatim: str = ""
    broader: bool = False


def _mark(text: str, terms: list[str]) -> str:
    """Escape text and wrap every occurrence of the terms (compared folded) in <mark>."""
    folded = analysis.fold(text)
    spans: list[tuple[int, int]] = []
    for term in terms:
        if not term:
            continue
        for m in re.finditer(re.escape(term), folded):
            spans.append((m.start(), m.end()))
    spans.sort()
    out, pos = [], 0
    for start, end in spans:
        if start < pos:
            continue
        out.append(html.escape(text[pos:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


SNIPPET_SCAN_CHARS = 4096  # the text is folded a piece at a time: most terms occur near its start


def _first_occurrence(text: str, terms: list[str]) -> int:
    """Where a term first occurs in the folded text (-1: nowhere). Folding keeps positions (one
    character for one); each piece reaches a term's length past its end, so every term starting in it is
    seen whole, and one starting in that overlap is left to the next piece (a longer one may start first)."""
    terms = [t for t in terms if t]
    overlap = max(map(len, terms), default=1) - 1
    for begin in range(0, len(text), SNIPPET_SCAN_CHARS):
        piece = analysis.fold(text[begin : begin + SNIPPET_SCAN_CHARS + overlap])
        first = min((i for i in (piece.find(t) for t in terms) if i >= 0), default=SNIPPET_SCAN_CHARS)
        if first < SNIPPET_SCAN_CHARS:
            return begin + first
    return -1


def _snippet(text: str, terms: list[str]) -> str:
    first = _first_occurrence(text, terms)
    if first < 0:
        window, prefix, suffix = text[:SNIPPET_CHARS], "", "…" if len(text) > SNIPPET_CHARS else ""
    else:
        start = max(0, first - SNIPPET_CHARS // 3)
        window = text[start : start + SNIPPET_CHARS]
        prefix, suffix = ("…" if start else ""), ("…" if start + SNIPPET_CHARS < len(text) else "")
    return prefix + _mark(window.replace("\n", " "), terms) + suffix


def _highlight_terms(parsed: analysis.ParsedQuery) -> list[str]:
    terms = set(parsed.highlight_terms)
    for term in parsed.terms:
        terms.update(w for w in analysis.segments(term) if len(w) > 1)
    return sorted(terms, key=len, reverse=True)


FACET_LABELS = {
    "level": {level.value: level.label for level in Level},
    "status": {**{s.value: s.label for s in Status}, engine.UNKNOWN: "未知"},
    "issuer": {engine.UNKNOWN: "未知"},
}


def search_page(
    user: User, raw: str, *, filters: SearchFilters, page: int = 1, per_page: int = 20, words: bool = False
) -> SearchPage:
    page = max(1, page)
    ranked = rank(
        raw, filters=filters, visibility=visibility_for(user), limit=max(100, page * per_page * 2), words=words
    )
    window = ranked.hits[(page - 1) * per_page : page * per_page]
    documents = documents_visible_to(user).in_bulk([h.pk for h in window])
    terms = _highlight_terms(ranked.query)
    results = [
        Result(
            document=documents[h.pk],
            title_html=_mark(documents[h.pk].title, terms),
            snippet_html=_snippet(documents[h.pk].text, terms),
        )
        for h in window
        if h.pk in documents
    ]
    facets = {
        name: sorted(
            (Facet(value, FACET_LABELS[name].get(value, value), count) for value, count in counts.items()),
            key=lambda f: (-f.count, f.value),
        )[:30]
        for name, counts in ranked.facets.items()
    }
    pages = max(1, -(-ranked.total // per_page))
    return SearchPage(ranked.query, results, ranked.total, page, pages, facets, ranked.ms, ranked.verbatim,
                      ranked.broader)  # fmt: skip

"""What the search app hands its index backend and gets back, and which backend serves this installation.

Two backends answer the same calls (see BACKENDS): whoosh, the embedded default, keeps its index in a
folder of this machine (search/index.py); PostgreSQL keeps it in the register's own database, so every
application server searches one index (search/pg_index.py). A backend module provides:

  ready() -> bool                       the index is there to read and write (whoosh: a readable
                                        folder; PostgreSQL: its table; ensure_search_index fills it)
  write(documents, remove) -> int       add or replace documents, drop others
  build_lock()                          a context manager held while the index is rebuilt
  rebuild(documents, procs) -> int      replace the whole index
  stored_versions() -> {pk: updated}    what is indexed, to compare with the database
  size_bytes() -> int, location() -> str
  find(parsed, title_key, verbatim, filters, visible, limit, facets) -> (Outcome, found_verbatim)
"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from django.conf import settings

from . import analysis

BACKENDS = {"whoosh": "search.index", "postgres": "search.pg_index"}
UNKNOWN = "unknown"  # the facet value of a document without a status or issuer
FACETS = ["level", "status", "issuer"]


def backend() -> ModuleType:
    return importlib.import_module(BACKENDS[settings.SEARCH_BACKEND])


@dataclass
class IndexDocument:
    pk: int
    external_id: str
    title: str
    title_key: str
    text: str
    doc_number: str
    level: str
    status: str
    issuer: str
    stage: str
    unit: int | None
    promulgated: int  # yyyymmdd, 0 when unknown
    chain: str
    status_rank: int
    updated: int = 0

    @property
    def body(self) -> str:
        """The folded title and text. The text's first line is normally its title; where it is not, the
        title goes first, so every title substring is a body substring too."""
        text = self.text if self.text.lstrip().startswith(self.title) else f"{self.title}\n{self.text}"
        return analysis.fold(text)


@dataclass
class Filters:
    level: str = ""
    status: str = ""
    issuer: str = ""
    date_from: int | None = None  # yyyymmdd
    date_to: int | None = None


@dataclass
class Hit:
    pk: int
    external_id: str
    score: float
    chain: str
    status_rank: int
    stage: int = 0  # which of the queries found it: 0 = the exact one


@dataclass
class Outcome:
    hits: list[Hit]
    total: int  # every match when facets were asked for; otherwise at least the hits found
    facets: dict[str, dict[str, int]]


@dataclass(frozen=True)
class Visibility:
    """Published documents, plus the drafts of one unit (none when unit is None)."""

    unit: int | None


def visibility(unit_id: int | None, all_drafts: bool) -> Visibility | None:
    """What a user may find: published documents and the drafts of the user's own unit; None (everything)
    for the register office, which sees all drafts."""
    return None if all_drafts else Visibility(unit_id)


def staged(run: Callable[[int, bool], Outcome], stages: int, limit: int, facets: bool) -> Outcome:
    """Run stages 0, 1, … (run(i, with_facets), exact first, then broad) until `limit` hits are found;
    later stages add only documents the earlier did not find. The total and the facets come from the
    last stage run, which matches everything the earlier ones did."""
    hits: list[Hit] = []
    seen: set[int] = set()
    outcome = Outcome(hits=[], total=0, facets={})
    for i in range(stages):
        last = i == stages - 1
        outcome = run(i, facets and last)
        for hit in outcome.hits:
            hit.stage = i
        hits += [h for h in outcome.hits if h.pk not in seen]
        seen.update(h.pk for h in outcome.hits)
        if len(hits) >= limit and not (facets and not last):
            outcome.total = max(outcome.total, len(hits))
            break
    outcome.hits = hits[:limit]
    return outcome


class IndexUnavailable(Exception):
    """The index is missing or damaged: rebuild it from the database."""


@dataclass(frozen=True)
class Verbatim:
    needles: tuple[str, ...]  # folded; a document matches where any of them occurs
    title_key: str = ""  # documents with this exact title match too, first
    doc_numbers: tuple[str, ...] = ()  # and documents bearing one of these 文号, next


def verbatim_of(parsed: analysis.ParsedQuery, title_key: str) -> Verbatim | None:
    """The query as one exact lookup: what exact_query asks, a single quoted phrase, or a text with quote
    marks in it as typed. None when it is too short to have a bigram."""
    if parsed.phrases:
        if len(parsed.phrases) == 1 and not parsed.terms and not parsed.doc_numbers:
            return Verbatim(needles=(parsed.phrases[0],)) if len(parsed.phrases[0]) > 1 else None
        # Quote marks inside the text, as in a pasted title (关于推行“双随机、一公开”监管的意见) or
        # clause: the whole of it, quote marks included, is looked up first.
        return Verbatim(needles=(parsed.text.strip(),), title_key=title_key)
    if parsed.doc_numbers:
        return Verbatim(needles=tuple(parsed.doc_numbers), title_key=title_key, doc_numbers=tuple(parsed.doc_numbers))
    text = parsed.text.strip('“”"「」『』 ')
    if len(text) < 2:
        return None
    return Verbatim(needles=(text,), title_key=title_key)

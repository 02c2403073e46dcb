"""The words search reads posting lists instead of running whoosh's matchers (search/words_scan.py): for
the same query it must give the same documents, in the same order, with the same scores and counts."""

import json
import random

import numpy as np
import pytest
from django.conf import settings
from whoosh.codec import whoosh3

from filings import services as filings_services
from filings.models import Level
from filings.parsing import title_key
from search import analysis, index, index_scan, selectors, services, words_scan
from search.engine import Filters, visibility

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        settings.SEARCH_BACKEND != "whoosh",
        reason="compares whoosh's matchers with its posting-list scan; SEARCH_BACKEND=postgres uses neither",
    ),
]


@pytest.fixture
def many_indexed(indexed, django_capture_on_commit_callbacks):
    """The laws, and enough versions of them that common bigrams' postings span blocks (not inlined)."""
    copies = []
    for n, record in enumerate(list(indexed.values()) * 8):
        cut = len(record["text"]) * (n % 8 + 1) // 9  # each copy a different length of its law
        copies.append({**record, "id": f"{record['id']}-{n}", "title": f"{record['title']}（第{n}稿）",
                       "doc_number": "", "text": record["text"][:cut]})  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        filings_services.documents_import(lines=[json.dumps(r, ensure_ascii=False) for r in copies])
    return indexed


def _queries(records, n=60):
    rng = random.Random(16)
    texts = [r["title"] for r in records] + [r["text"] for r in records]
    queries = ["行政许可 收费", "公司 股东 责任", "“非法集资” 解释", "法释〔2010〕18号 刑事", "最高人民法院 修改 决定"]
    while len(queries) < n:
        text = rng.choice(texts)
        start = rng.randrange(0, max(1, len(text) - 40))
        words = [w for w in analysis.segments(text[start : start + 40]) if len(w) > 1]
        if len(words) >= 2:
            queries.append(" ".join(rng.sample(words, min(len(words), rng.choice((2, 3, 4))))))
    return queries


@pytest.mark.parametrize(
    ("filters", "visible"),
    [(Filters(), None), (Filters(level="law"), None), (Filters(date_from=20100101), visibility(None, False))],
)
def test_the_scan_answers_as_whoosh_matchers_do(many_indexed, filters, visible):
    searcher = index._searcher()
    compared = 0
    for raw in _queries(list(many_indexed.values())):
        parsed = analysis.parse_query(raw)
        key = title_key(parsed.text)
        plan = index.plan_of(parsed, key)
        assert plan is not None and index.PREFIX not in plan.fields(), raw
        scanned = words_scan.words_search(searcher, plan, filters, visible, limit=20, facets=True)
        matched = index.search([index.build_query(parsed, key)], filters, visible, limit=20, facets=True)
        assert [h.pk for h in scanned.hits] == [h.pk for h in matched.hits], raw
        assert [h.score for h in scanned.hits] == pytest.approx([h.score for h in matched.hits], rel=1e-5), raw
        assert (scanned.total, scanned.facets) == (matched.total, matched.facets), raw
        compared += bool(matched.hits)
    assert compared >= 30  # most queries found something: the comparison is not of empty lists


def test_texts_are_tested_where_the_segment_lies_and_only_within_each_document(many_indexed):
    """The phrase tests look in the mapped segment file, where the column holds the texts end to end: they
    say what a copy of each text says, and a phrase made of one text's end and the next one's start is
    in neither."""
    leaf = max(index_scan.leaves(index._searcher()), key=lambda leaf: leaf.reader.doc_count_all())
    assert leaf.texts.source is not None  # whoosh mapped the segment: the in-place path is the one tested
    docs = np.arange(leaf.reader.doc_count_all())
    texts = [leaf.body[d].decode() for d in docs.tolist()]
    seams = [a[-2:] + b[:2] for a, b in zip(texts, texts[1:], strict=False) if len(a) > 1 and len(b) > 1]
    needles = seams[:40] + [t[len(t) // 2 : len(t) // 2 + 4] for t in texts[:40] if len(t) > 8] + ["第一条", "规定"]
    fallback = index_scan.Texts(leaf.body)
    fallback.source = None  # as when whoosh could not map the file
    for needle in map(str.encode, needles):
        copied = [needle in t.encode() for t in texts]
        assert leaf.texts.holding(docs, needle).tolist() == copied == fallback.holding(docs, needle).tolist()
        for d in docs[np.array(copied)].tolist()[:20]:
            n = texts[d].encode().count(needle)
            assert leaf.texts.count(d, needle, np.inf) == n == fallback.count(d, needle, np.inf)
            assert leaf.texts.count(d, needle, 1) == 1
    assert any(not any(s in t for t in texts) for s in seams[:40])  # a find across a seam would be caught


def test_a_one_character_term_is_left_to_whoosh_matchers(indexed):
    plan = index.plan_of(analysis.parse_query("公司 四"), "")
    assert index.PREFIX in plan.fields()


def test_a_repeated_character_counts_as_its_postings_do():
    for text in ("啊啊啊", "甲乙甲乙", "……又……", "规定"):
        for gram, n in analysis.bigram_counts(text).items():
            assert words_scan._bigram_count(text.encode(), gram.encode()) == n, (text, gram)


def _answers(searcher, queries):
    answers = []
    for raw in queries:
        parsed = analysis.parse_query(raw)
        outcome = words_scan.words_search(
            searcher, index.plan_of(parsed, title_key(parsed.text)), Filters(), None, limit=20, facets=True
        )
        answers.append(([(h.pk, round(h.score, 6)) for h in outcome.hits], outcome.total, outcome.facets))
    return answers


@pytest.mark.parametrize("bound", [1_000_000, 1])
def test_kept_postings_and_phrases_answer_as_a_first_reading_does(many_indexed, monkeypatch, bound):
    """A second search of the same words reads the postings and phrase holders kept by the first (bound 1:
    every entry is dropped as the next comes, so entries come and go mid-query)."""
    monkeypatch.setattr(index_scan, "_postings", index_scan.SegmentCache(bound, size=lambda kept: len(kept[0])))
    monkeypatch.setattr(words_scan, "_phrase_holders", index_scan.SegmentCache(bound, size=lambda kept: len(kept[0])))
    monkeypatch.setattr(index_scan, "POSTINGS_WORTH_KEEPING", 2)  # the laws here are few: keep short lists too
    searcher, queries = index._searcher(), _queries(list(many_indexed.values()), n=30)
    first = _answers(searcher, queries)
    assert index_scan._postings._kept and words_scan._phrase_holders._kept  # the second reads what was kept
    assert _answers(searcher, queries) == first
    assert sum(bool(hits) for hits, _, _ in first) >= 15


def _packing(field="body", text="规定") -> set[type]:
    """How a long posting list's first block holds its document numbers, in each segment of the index."""
    kinds = set()
    for leaf in index_scan.leaves(index._searcher()):
        matcher = leaf.terms.matcher(field, text.encode(), leaf.reader.schema[field].format)
        if hasattr(matcher, "_next_block"):  # not inlined: blocks
            matcher._read_data()
            kinds.add(type(matcher._data[0]))
    return kinds


def test_blocks_written_before_they_were_packed_answer_as_packed_ones(many_indexed, monkeypatch):
    """An index written by whoosh's own postings writer (pickled tuples: every index built before blocks
    were packed) answers as a packed one does, through the scans and whoosh's matchers alike, and a
    commit that merges its segments writes them packed."""
    queries = _queries(list(many_indexed.values()), n=20)
    titles = [r["title"] for r in list(many_indexed.values())[:8]]

    def answers():
        searcher = index._searcher()
        matched = []
        for raw in queries:
            parsed = analysis.parse_query(raw)
            outcome = index.search([index.build_query(parsed, title_key(parsed.text))], Filters(), None, 20)
            matched.append(([(h.pk, round(h.score, 6)) for h in outcome.hits], outcome.total))
        ranked = [[(h.pk, round(h.score, 6)) for h in selectors.rank(t, limit=20).hits] for t in titles]
        return _answers(searcher, queries), matched, ranked

    def merge():  # a commit merging every segment (whoosh re-adds the lengths from their stored bytes)
        index.open_index().writer(codec=index.RegisterCodec()).commit(optimize=True)

    services.index_rebuild()  # as the old one will be: the same segments and statistics
    assert _packing() == {bytes}
    packed = answers()
    assert sum(bool(hits) for hits, _ in packed[1]) >= 10
    merge()
    packed_merged = answers()
    with monkeypatch.context() as old:
        old.setattr(index.RegisterCodec, "postings_writer", whoosh3.W3Codec.postings_writer)
        services.index_rebuild()
    assert _packing() == {tuple}
    assert answers() == packed
    merge()
    assert _packing() == {bytes}
    assert answers() == packed_merged


def test_a_kept_phrase_follows_a_revised_draft(db, django_capture_on_commit_callbacks, drafter):
    def found():
        return [h.pk for h in selectors.rank("停放区域 单车", words=True).hits]

    text = "某市共享单车停放管理办法\n第一条　共享单车应当在停放区域内停放。\n第二条　停放区域由城市管理部门划定。"
    with django_capture_on_commit_callbacks(execute=True):
        draft = filings_services.draft_create(
            title="某市共享单车停放管理办法", text=text, level=Level.NORMATIVE_DOCUMENT,
            drafting_unit=drafter.unit, issuer_unit=None, actor=drafter,
        )  # fmt: skip
    assert found() == [draft.pk]
    assert found() == [draft.pk]  # from what the first search kept
    with django_capture_on_commit_callbacks(execute=True):
        filings_services.draft_revise(
            document=draft, title=draft.title, text=text.replace("停放区域", "停车点"), actor=drafter, note="改称"
        )
    assert found() == []  # the old text's segment holds the phrase still, but that document is gone

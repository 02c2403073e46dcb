"""The words search reads posting lists instead of running whoosh's matchers (search/index_scan.py): for
the same query it must give the same documents, in the same order, with the same scores and counts."""

import random

import pytest
from django.conf import settings

from filings.parsing import title_key
from search import analysis, index, index_scan
from search.engine import Filters, visibility

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        settings.SEARCH_BACKEND != "whoosh",
        reason="compares whoosh's matchers with its posting-list scan; SEARCH_BACKEND=postgres uses neither",
    ),
]


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
def test_the_scan_answers_as_whoosh_matchers_do(indexed, filters, visible):
    searcher = index._searcher()
    compared = 0
    for raw in _queries(list(indexed.values())):
        parsed = analysis.parse_query(raw)
        key = title_key(parsed.text)
        plan = index.plan_of(parsed, key)
        assert plan is not None and index.PREFIX not in plan.fields(), raw
        scanned = index_scan.words_search(searcher, plan, filters, visible, limit=20, facets=True)
        matched = index.search([index.build_query(parsed, key)], filters, visible, limit=20, facets=True)
        assert [h.pk for h in scanned.hits] == [h.pk for h in matched.hits], raw
        assert [h.score for h in scanned.hits] == pytest.approx([h.score for h in matched.hits], rel=1e-5), raw
        assert (scanned.total, scanned.facets) == (matched.total, matched.facets), raw
        compared += bool(matched.hits)
    assert compared >= 30  # most queries found something: the comparison is not of empty lists


def test_a_one_character_term_is_left_to_whoosh_matchers(indexed):
    plan = index.plan_of(analysis.parse_query("公司 四"), "")
    assert index.PREFIX in plan.fields()


def test_a_repeated_character_counts_as_its_postings_do():
    for text in ("啊啊啊", "甲乙甲乙", "……又……", "规定"):
        for gram, n in analysis.bigram_counts(text).items():
            assert index_scan._bigram_count(text.encode(), gram.encode()) == n, (text, gram)

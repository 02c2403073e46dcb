"""The PostgreSQL search backend: one index in the register's database, shared by every application server.

The search suite itself runs on this backend in .ci/run (SEARCH_BACKEND=postgres); these tests are what
only it promises: writers and a rebuild on several connections at once, and a second server that finds
what the first one indexed without any index of its own. They run wherever the database is PostgreSQL."""

import io
import json
import threading

import pytest
from django.core.management import call_command
from django.db import connection

from filings.models import Document
from search import analysis, pg_index, selectors, services
from search.engine import Filters
from search.models import SearchEntry
from search.pg_index import BATCH
from tests.processes import manage_py

from ..factories import DocumentFactory

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the database search backend needs PostgreSQL; .ci/run runs these there",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def postgres_backend(settings):
    settings.SEARCH_BACKEND = "postgres"


def _in_threads(*targets):
    errors = []

    def run(target):
        try:
            target()
        except BaseException as exc:  # noqa: BLE001 - reported by the caller's assertion
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(t,)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return errors


def _titled(n: int) -> list[Document]:
    titles = [f"某市第{i}号共享单车管理办法" for i in range(n)]
    return [DocumentFactory(title=title, text=f"{title}\n第一条　停放有序。") for title in titles]


def test_two_writers_with_the_same_documents_both_land_without_a_deadlock():
    _titled(2 * BATCH + 1)  # three batches each: the writers hold their first while asking for the next
    SearchEntry.objects.all().delete()
    rows = list(services._rows(Document.objects.all()))
    backend = services.engine.backend()
    # Each writer gets every document, in opposite orders: unsorted, their row locks would cross.
    errors = _in_threads(lambda: backend.write(rows), lambda: backend.write(rows[::-1]))
    assert errors == []
    assert SearchEntry.objects.count() == 2 * BATCH + 1
    assert selectors.rank("共享单车管理办法", limit=10).total == 2 * BATCH + 1


def test_searches_see_the_old_index_until_a_rebuild_commits():
    documents = _titled(4)
    services.index_rebuild()
    halfway, finish = threading.Event(), threading.Event()

    def rows():
        for i, row in enumerate(services._rows(Document.objects.order_by("pk"))):
            if i == 2:
                halfway.set()
                finish.wait(30)
            row.title = row.text = f"改名后的文件{row.pk}"
            yield row

    rebuilding = threading.Thread(target=lambda: (services.engine.backend().rebuild(rows()), connection.close()))
    rebuilding.start()
    assert halfway.wait(30)
    during = selectors.rank("共享单车管理办法", limit=100)  # another connection, mid-rebuild
    finish.set()
    rebuilding.join(30)
    assert {h.pk for h in during.hits} == {d.pk for d in documents}  # all of the old, none of the new
    assert selectors.rank("共享单车管理办法").hits == []
    assert selectors.rank("改名后的文件").total == 4


def test_another_server_finds_what_this_one_indexed_without_an_index_of_its_own(tmp_path):
    title = "某市网约车经营服务管理暂行办法"
    own = DocumentFactory(title=title, text=f"{title}\n第一条　规范经营。")
    services.index_documents(ids=[own.pk])
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    done = manage_py("search_documents", "网约车 经营", "--json", timeout=120,
                     env={"DATABASE_URL": url, "SEARCH_BACKEND": "postgres",
                          "SEARCH_INDEX_DIR": str(tmp_path / "none")})  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert [r["title"] for r in json.loads(done.stdout)["results"]] == [title]
    assert not (tmp_path / "none").exists()  # it read the database, not a folder of its own


def _unpruned(match: pg_index._Match) -> pg_index._Match:
    """The same match with every part of the score computed for every document."""
    return pg_index._Match(match.where, pg_index._join([match.ranks, match.counted], " + "))


def test_the_words_search_ranks_as_if_it_counted_every_match(monkeypatch):
    # Titles holding both words, one or neither, bodies holding them once in a long text or often in a
    # short one: one title word and a body full of both overtakes both title words and a thin body, so a
    # search that left out more than it may would lose the first, and one that counted too few would
    # rank wrongly. Short documents without the words keep the average length low.
    filler = "其他内容。" * 5000
    for i in range(30):
        DocumentFactory(title=f"某市档案管理规定{i}", text="第一条　其他。")
    for i in range(3):
        DocumentFactory(title=f"某市噪声污染防治办法{i}", text=f"第一条　噪声，污染。{filler}")
        DocumentFactory(title=f"某市噪声管理办法{i}", text="第一条　" + "噪声污染，" * (4 + i))
        DocumentFactory(title=f"某市环境管理办法{i}", text="第一条　" + "噪声污染，" * (5 + i))
    services.index_rebuild()
    queries = [(q, limit) for q in ("噪声 污染", "污染 噪声 办法", "噪声") for limit in range(1, 10)]
    pruned = {key: selectors.rank(key[0], limit=key[1], words=True).hits for key in queries}
    words = pg_index._words
    monkeypatch.setattr(pg_index, "_words", lambda *args: _unpruned(words(*args)))
    for (query, limit), hits in pruned.items():
        everything = selectors.rank(query, limit=limit, words=True).hits
        assert [h.pk for h in hits] == [h.pk for h in everything], (query, limit)
        assert [h.score for h in hits] == pytest.approx([h.score for h in everything]), (query, limit)
        assert len(hits) == limit
    top = selectors.rank("噪声 污染", limit=1, words=True).hits[0]
    assert Document.objects.get(pk=top.pk).title.startswith("某市噪声管理办法")


def test_a_document_that_cannot_reach_the_top_is_never_counted():
    documents = _titled(5)
    services.index_rebuild()
    low = documents[0].pk
    # The low document's cheap part is 0, the others' 10; its counted part would divide by zero.
    match = pg_index._Match(
        where=("TRUE", []),
        ranks=("CASE WHEN document_id = %s THEN 0 ELSE 10 END", [low]),
        counted=("1.0 / abs(document_id - %s)", [low]),
        most=1.0,
    )
    hits = pg_index._run(match, Filters(), None, limit=4, facets=True).hits
    assert low not in {h.pk for h in hits} and len(hits) == 4
    with pytest.raises(Exception, match="division by zero"):  # counted for every match: it is reached
        pg_index._run(_unpruned(match), Filters(), None, limit=4, facets=True)


def test_a_spaced_phrase_is_looked_up_by_its_spaced_bigrams():
    spaced = DocumentFactory(title="某市物业管理规定", text="第一条　物业 管理，业主共同决定。")
    DocumentFactory(title="某市物业服务规定", text="第一条　物业管理，物业 服务。")  # both words, not "业 管"
    services.index_rebuild()
    where, params = pg_index._occurs(analysis.fold("物业 管理"))
    assert params[0] == [spaced.pk]  # the candidates: only the document holding "业 " and " 管"
    assert [h.pk for h in selectors.rank("“物业 管理”").hits] == [spaced.pk]


def test_entries_written_before_spaced_bigrams_are_indexed_again():
    documents = _titled(3)
    services.index_rebuild()
    assert services.index_consistency().stale == []
    SearchEntry.objects.filter(pk__in=[d.pk for d in documents]).update(layout=1)  # as migration 0009 left them
    assert sorted(services.index_consistency().stale) == sorted(d.pk for d in documents)
    call_command("ensure_search_index", stdout=io.StringIO())
    assert services.index_consistency().stale == []
    assert selectors.rank("共享单车管理办法").total == 3

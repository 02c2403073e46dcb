"""The PostgreSQL search backend: one index in the register's database, shared by every application server.

The search suite itself runs on this backend in .ci/run (SEARCH_BACKEND=postgres); these tests are what
only it promises: writers and a rebuild on several connections at once, and a second server that finds
what the first one indexed without any index of its own. They run wherever the database is PostgreSQL."""

import json
import threading

import pytest
from django.db import connection

from filings.models import Document
from search import selectors, services
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

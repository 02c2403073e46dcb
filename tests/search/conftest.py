import json
from pathlib import Path

import pytest

from filings import services

TITLES = [
    "中华人民共和国公司法",
    "中华人民共和国行政许可法",
    "最高人民法院关于审理非法集资刑事案件具体应用法律若干问题的解释",
    "最高人民法院关于修改《最高人民法院关于审理非法集资刑事案件具体应用法律若干问题的解释》的决定",
]


@pytest.fixture
def real_records(starter_records):
    found = starter_records(*TITLES)
    return [record for title in TITLES for record in found[title]]


@pytest.fixture
def indexed(db, real_records, django_capture_on_commit_callbacks):
    """Real laws imported through the register; the index follows on commit, as in production."""
    with django_capture_on_commit_callbacks(execute=True):
        report = services.documents_import(lines=[json.dumps(r, ensure_ascii=False) for r in real_records])
    assert report.imported == len(real_records)
    return {r["id"]: r for r in real_records}


@pytest.fixture
def lose_index(settings):
    """Take the index away behind the register's back, as a lost disk or a restored database would."""

    def lose():
        if settings.SEARCH_BACKEND == "postgres":
            from search.models import SearchEntry

            SearchEntry.objects.all().delete()
        else:
            for toc in Path(settings.SEARCH_INDEX_DIR).glob("*.toc"):
                toc.unlink()

    return lose

"""Search over real laws imported through the register."""

import datetime
import io
import json
import random
import shutil
import threading

import pytest
from django.db import transaction
from django.urls import reverse

from filings import services as filings_services
from filings.models import Document, Level, Status
from search import analysis, index, selectors, services

from ..factories import DocumentFactory

pytestmark = pytest.mark.django_db


def ids(query, **kwargs):
    return [h.external_id for h in selectors.rank(query, **kwargs).hits]


def test_an_exact_title_finds_every_version_in_force_first(indexed):
    versions = [i for i, r in indexed.items() if r["title"] == "中华人民共和国公司法"]
    found = ids("中华人民共和国公司法")
    assert set(found[: len(versions)]) == set(versions)
    assert Document.objects.get(external_id=found[0]).get_status_display() == "有效"
    assert ids("公司法")[: len(versions)] == found[: len(versions)]


def test_a_doc_number_finds_the_document_and_who_cites_it(indexed):
    own = next(i for i, r in indexed.items() if r["doc_number"] == "法释〔2010〕18号")
    citing = [i for i, r in indexed.items() if "法释〔2010〕18号" in r["text"] and i != own]
    assert citing, "the fixture must contain a citing document"
    found = ids("法释〔2010〕18号")
    assert found[0] == own
    assert set(citing) <= set(found)
    assert ids("法释[2010]18号")[0] == own


def test_clauses_copied_from_bodies_are_found_as_exact_phrases(indexed):
    rng = random.Random(7)
    for record in indexed.values():
        text = record["text"]
        for _ in range(5):
            length = rng.randint(8, 20)
            start = rng.randrange(0, len(text) - length)
            clause = text[start : start + length].strip()  # edge spaces carry no meaning in a query
            if "\n" in clause or len(clause) < 8:
                continue
            expected = {i for i, r in indexed.items() if clause in r["text"]}
            found = set(ids(clause, limit=10))
            assert expected <= found, clause
            if not set(clause) & set('“”"'):  # a clause with quote marks cannot itself be quoted
                assert set(ids(f"“{clause}”", limit=50)) == expected, clause


def test_a_phrase_is_not_matched_by_the_same_characters_elsewhere(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        exact = DocumentFactory(text="甲\n第一条　行政机关应当依法收取费用。")
        DocumentFactory(text="乙\n第一条　行政处罚。机关依法应当收取，不得乱收费用。")  # same bigrams, not adjacent
    assert [h.pk for h in selectors.rank('"行政机关应当依法收取费用"').hits] == [exact.pk]


@pytest.mark.parametrize(
    ("phrase", "in_both"), [("机关应", True), ("机关应当", True), ("机关应当依", False), ("关应当依法", False)]
)
def test_phrases_of_odd_and_even_length_match_only_where_they_stand(
    db, django_capture_on_commit_callbacks, phrase, in_both
):
    # The matcher reads every other bigram and the last: each character must still be checked in place,
    # the last one included ("机关应当作出" must not pass for "机关应当依", though 当依 occurs further on).
    with django_capture_on_commit_callbacks(execute=True):
        exact = DocumentFactory(text="甲\n第一条　行政机关应当依法收取费用。")
        other = DocumentFactory(text="乙\n第一条　机关应当作出决定，应当依法办理。")
    expected = {exact.pk, other.pk} if in_both else {exact.pk}
    assert {h.pk for h in selectors.rank(f'"{phrase}"').hits} == expected


def test_keywords_rank_the_law_about_them_first_and_traditional_finds_simplified(indexed):
    licensing = {i for i, r in indexed.items() if r["title"] == "中华人民共和国行政许可法"}
    assert set(ids("行政许可 收费")[:2]) == licensing
    assert set(ids("中華人民共和國行政許可法")[:2]) == licensing


@pytest.mark.parametrize(
    "hostile", ["AND OR NOT", "* ? ~ ^ : ( ) [ ] { }", '"未闭合', "x" * 5000, "公司 AND (法", "法释〔2010〕"]
)
def test_hostile_queries_never_fail(indexed, client, reviewer, hostile):
    client.force_login(reviewer)
    assert client.get(reverse("search:search"), {"q": hostile}).status_code == 200
    assert client.get(reverse("search:api_search"), {"q": hostile}).status_code == 200


def test_the_search_page_shows_highlighted_snippets_filters_with_counts_and_pages(indexed, client, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("search:search"), {"q": "公司"})
    page = response.context["result"]
    assert page.total >= 4
    assert "<mark>公司</mark>" in page.results[0].snippet_html
    level_counts = {f.value: f.count for f in page.facets["level"]}
    laws_mentioning = [r for r in indexed.values() if r["level"] == "法律" and "公司" in r["text"]]
    assert level_counts["law"] == len(laws_mentioning)
    status_counts = {f.value: f.count for f in page.facets["status"]}
    assert sum(status_counts.values()) == page.total
    only_laws = client.get(reverse("search:search"), {"q": "公司", "level": "judicial_interpretation"})
    assert {r.document.level for r in only_laws.context["result"].results} == {Level.JUDICIAL_INTERPRETATION}
    in_force = client.get(reverse("search:search"), {"q": "公司", "status": "in_force"}).context["result"]
    assert all(r.document.status == "in_force" for r in in_force.results)
    dated = client.get(reverse("search:search"), {"q": "公司", "date_from": "2019-01-01"}).context["result"]
    assert all(r.document.promulgated.year >= 2019 for r in dated.results)


def test_an_empty_query_and_no_results_say_so(indexed, client, reviewer):
    client.force_login(reviewer)
    assert "请输入检索词" in client.get(reverse("search:search")).content.decode()
    assert (
        "没有找到符合条件的文件" in client.get(reverse("search:search"), {"q": "完全不存在的词语组合"}).content.decode()
    )
    bad = client.get(reverse("search:search"), {"q": "公司", "date_from": "2019-02-30", "level": "nonsense"})
    assert bad.status_code == 200 and "已忽略该条件" in bad.content.decode()


def test_pagination(indexed, client, reviewer, monkeypatch):
    monkeypatch.setattr("search.views.PER_PAGE", 2)
    client.force_login(reviewer)
    first = client.get(reverse("search:search"), {"q": "公司"}).context["result"]
    second = client.get(reverse("search:search"), {"q": "公司", "page": 2}).context["result"]
    assert first.pages >= 2 and len(first.results) == 2
    assert {r.document.pk for r in first.results}.isdisjoint({r.document.pk for r in second.results})


def test_the_api_answers_json_and_refuses_anonymous_callers(indexed, client, reviewer):
    assert client.get(reverse("search:api_search"), {"q": "公司法"}).status_code == 403
    client.force_login(reviewer)
    data = client.get(reverse("search:api_search"), {"q": "公司法", "level": "law"}).json()
    assert data["results"][0]["title"] == "中华人民共和国公司法"
    assert data["results"][0]["status"] == "有效"
    assert {f["value"] for f in data["facets"]["level"]} == {"law"}
    assert "/documents/" in data["results"][0]["url"]


def test_the_index_follows_the_register(db, django_capture_on_commit_callbacks, drafter, other_drafter, archivist):
    with django_capture_on_commit_callbacks(execute=True):
        draft = filings_services.draft_create(
            title="某市共享单车停放管理办法", text="某市共享单车停放管理办法\n第一条　规范共享单车停放秩序。",
            level=Level.NORMATIVE_DOCUMENT, drafting_unit=drafter.unit, issuer_unit=None, actor=drafter,
        )  # fmt: skip
    mine = selectors.rank("共享单车", visibility=selectors.visibility_for(drafter)).hits
    theirs = selectors.rank("共享单车", visibility=selectors.visibility_for(other_drafter)).hits
    assert [h.pk for h in mine] == [draft.pk]
    assert theirs == []  # another unit's draft stays invisible in search too

    with django_capture_on_commit_callbacks(execute=True):
        filings_services.document_publish(
            document=draft, actor=archivist, promulgated=datetime.date(2026, 11, 23),
            effective=datetime.date(2026, 12, 23),
        )  # fmt: skip
    assert [h.pk for h in selectors.rank("共享单车", visibility=selectors.visibility_for(other_drafter)).hits] == [
        draft.pk
    ]
    for words in (False, True):  # the verbatim search and the words search count facets alike
        seen = selectors.rank("共享单车 停放", words=words, visibility=selectors.visibility_for(other_drafter))
        assert [h.pk for h in seen.hits] == [draft.pk] and seen.facets["status"] == {"not_yet_in_force": 1}

    with django_capture_on_commit_callbacks(execute=True):
        filings_services.document_status_set(document=draft, status=Status.REPEALED, basis="测试", actor=archivist)
    repealed = selectors.rank("共享单车", filters=selectors.SearchFilters(status=Status.REPEALED)).hits
    assert [h.pk for h in repealed] == [draft.pk]
    for words in (False, True):  # the facets count the document's new values, not its old segment's
        facets = selectors.rank("共享单车 停放", words=words).facets
        assert facets["status"] == {"repealed": 1} and facets["level"] == {"normative_document": 1}


def test_a_rolled_back_write_never_reaches_the_index(db, django_capture_on_commit_callbacks, drafter):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        filings_services.draft_create(
            title="回滚的草稿", text="回滚的草稿\n第一条　不应被检索到。", level=Level.NORMATIVE_DOCUMENT,
            drafting_unit=drafter.unit, issuer_unit=None, actor=drafter,
        )  # fmt: skip
        raise RuntimeError
    assert selectors.rank("回滚的草稿").hits == []


@pytest.mark.whoosh
@pytest.mark.parametrize("damage", ["missing", "corrupt"])
def test_a_missing_or_corrupt_index_is_rebuilt_not_an_error_page(indexed, client, reviewer, damage):
    folder = index.index_dir()
    if damage == "missing":
        shutil.rmtree(folder)
    else:
        for toc in folder.glob("*.toc"):
            toc.write_bytes(b"garbage")
    client.force_login(reviewer)
    response = client.get(reverse("search:search"), {"q": "中华人民共和国公司法"})
    assert response.status_code == 200
    assert response.context["result"].results[0].document.title == "中华人民共和国公司法"


def test_rebuild_from_the_database(indexed):
    before = ids("行政许可")
    assert services.index_rebuild(procs=1) == len(indexed)
    assert ids("行政许可") == before


@pytest.mark.whoosh  # on PostgreSQL: tests/search/test_pg_index.py
def test_two_writers_at_once_both_land_and_the_index_stays_readable(indexed):
    rows = list(services._rows(Document.objects.all()))  # read in this thread; the threads only write
    errors = []

    def write(part):
        try:
            index.write(part)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(rows[i::2],)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert index.open_index().doc_count() == len(rows)
    assert set(ids("中华人民共和国公司法")) >= {i for i, r in indexed.items() if r["title"] == "中华人民共和国公司法"}


def test_a_title_about_the_keywords_outranks_a_body_that_repeats_one(
    db, starter_records, django_capture_on_commit_callbacks
):
    titles = ["中华人民共和国行政许可法", "优化营商环境条例", "中华人民共和国工业产品生产许可证管理条例"]
    found = starter_records(*titles)
    with django_capture_on_commit_callbacks(execute=True):
        filings_services.documents_import(lines=[json.dumps(r, ensure_ascii=False) for t in titles for r in found[t]])
    top = Document.objects.get(pk=selectors.rank("行政许可 收费").hits[0].pk)
    assert top.title == "中华人民共和国行政许可法"


@pytest.mark.whoosh
def test_many_small_updates_merge_segments_and_keep_working(db, django_capture_on_commit_callbacks):
    # Every commit adds a segment and whoosh merges small ones; merged postings must read back intact.
    docs = []
    for i in range(15):
        with django_capture_on_commit_callbacks(execute=True):
            docs.append(
                DocumentFactory(title=f"第{i}号测试办法", text=f"第{i}号测试办法\n第一条　编号{i:03d}的独特条文。")
            )
    assert len(index.open_index()._segments()) < 15  # merges happened
    for i, doc in enumerate(docs):
        assert [h.pk for h in selectors.rank(f'"编号{i:03d}的独特条文"').hits] == [doc.pk]


@pytest.mark.whoosh
def test_a_failed_commit_releases_the_index_lock(indexed, monkeypatch):
    from whoosh.writing import SegmentWriter

    def broken_commit(self, *args, **kwargs):
        raise RuntimeError("disk full")

    rows = list(services._rows(Document.objects.all()[:1]))
    with monkeypatch.context() as patch:
        patch.setattr(SegmentWriter, "commit", broken_commit)
        with pytest.raises(RuntimeError) as failure:
            index.write(rows)
    # The failure stays referenced (as a logged exception's traceback is), keeping the writer alive.
    monkeypatch.setattr(index, "WRITER_TIMEOUT_SECONDS", 1)
    assert index.write(rows) == 1  # the lock is free again
    assert failure.value.args == ("disk full",)


@pytest.mark.whoosh
def test_a_commit_racing_a_reader_is_read_again_not_taken_for_damage(indexed, monkeypatch):
    # Another writer's commit can delete the table of contents a reader has just listed (seen with eight
    # simultaneous publications on PostgreSQL): that is a moment to read again, not a damaged index.
    real, calls = index._generation, []

    def raced(path):
        calls.append(path)
        if len(calls) == 1:
            raise FileNotFoundError("_MAIN_10.toc")
        return real(path)

    index._open_cached.cache_clear()
    monkeypatch.setattr(index, "_generation", raced)
    assert index.open_index() is not None and len(calls) == 2


@pytest.mark.whoosh
def test_a_writer_never_creates_an_index_over_one_it_cannot_read(indexed, monkeypatch):
    count = index.open_index().doc_count()
    rows = list(services._rows(Document.objects.all()[:1]))
    with monkeypatch.context() as patch:
        patch.setattr(index, "open_index", lambda: None)
        with pytest.raises(index.IndexUnavailable):
            index.write(rows)
    assert index.open_index().doc_count() == count  # the index is untouched


CLAUSE = "申请人应当向所在地的县级以上人民政府交通运输主管部门提出书面申请并提交相关材料"


@pytest.fixture
def verbatim_and_scattered(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        verbatim = DocumentFactory(title="甲办法", text=f"甲办法\n第十条　{CLAUSE}。")
        scattered = DocumentFactory(  # every word of the clause, never the clause itself
            title="乙办法",
            text="乙办法\n第三条　申请人提出书面申请，并提交相关材料。"
            "第四条　所在地的县级以上人民政府交通运输主管部门应当向申请人说明。",
        )
    return verbatim, scattered


def test_text_found_as_typed_gives_those_documents_and_the_words_search_finds_more(verbatim_and_scattered):
    verbatim, scattered = verbatim_and_scattered
    found = selectors.rank(CLAUSE)
    assert [h.pk for h in found.hits] == [verbatim.pk]
    assert found.total == 1 and found.verbatim and found.broader
    words = selectors.rank(CLAUSE, words=True)
    assert [h.pk for h in words.hits] == [verbatim.pk, scattered.pk]  # the whole clause first
    assert not words.verbatim
    # One word changed: the clause occurs nowhere, so its words are searched at once.
    changed = selectors.rank(CLAUSE.replace("提出书面", "提交书面"))
    assert not changed.verbatim and verbatim.pk in {h.pk for h in changed.hits}


def test_a_pasted_title_with_quote_marks_is_found_as_typed(db, django_capture_on_commit_callbacks):
    title = "国务院关于推行“双随机、一公开”监管的意见"
    with django_capture_on_commit_callbacks(execute=True):
        own = DocumentFactory(title=title, text=f"{title}\n一、推行“双随机、一公开”监管。")
        DocumentFactory(title="某市监管办法", text="某市监管办法\n第一条　国务院关于推行监管的意见：双随机，一公开。")
    found = selectors.rank(title)
    assert found.verbatim and [h.pk for h in found.hits] == [own.pk]
    # Quoted words with other words: where the whole text occurs nowhere, each part must occur.
    assert not selectors.rank("“双随机” 监管办法").verbatim


def test_the_page_says_the_results_hold_the_text_and_links_the_words_search(verbatim_and_scattered, client, reviewer):
    verbatim, scattered = verbatim_and_scattered
    client.force_login(reviewer)
    response = client.get(reverse("search:search"), {"q": CLAUSE})
    page = response.content.decode()
    assert [r.document.pk for r in response.context["result"].results] == [verbatim.pk]
    assert "完整包含" in page and "match=words" in page
    words = client.get(reverse("search:search"), {"q": CLAUSE, "match": "words"})
    assert [r.document.pk for r in words.context["result"].results] == [verbatim.pk, scattered.pk]
    assert 'id="verbatim-note"' not in words.content.decode() and 'id="words-note"' in words.content.decode()
    api = client.get(reverse("search:api_search"), {"q": CLAUSE}).json()
    assert api["verbatim"] is True and [r["id"] for r in api["results"]] == [verbatim.pk]
    api_words = client.get(reverse("search:api_search"), {"q": CLAUSE, "match": "words"}).json()
    assert api_words["verbatim"] is False and api_words["total"] == 2


def test_the_command_searches_words_on_request(verbatim_and_scattered, tmp_path):
    from django.core.management import call_command

    verbatim, scattered = verbatim_and_scattered
    queries = tmp_path / "q.txt"
    queries.write_text(CLAUSE + "\n", encoding="utf-8")
    for extra, expected in [((), [verbatim]), (("--words",), [verbatim, scattered])]:
        out = io.StringIO()
        call_command("search_documents", "--batch", str(queries), *extra, stdout=out)
        assert json.loads(out.getvalue())["ids"] == [f"pk:{d.pk}" if not d.external_id else d.external_id
                                                     for d in expected]  # fmt: skip


@pytest.mark.whoosh
def test_an_index_built_with_other_fields_is_rebuilt_not_searched(indexed):
    from whoosh import fields
    from whoosh import index as whoosh_index

    folder = index.index_dir()
    shutil.rmtree(folder)
    folder.mkdir()
    whoosh_index.create_in(str(folder), fields.Schema(pk=fields.ID(stored=True), body=fields.TEXT()))
    assert ids("中华人民共和国公司法")[0] in indexed  # the old folder was replaced by a full rebuild
    assert index.open_index().doc_count() == len(indexed)


def test_a_snippet_starts_at_the_first_term_wherever_it_is_in_a_long_text():
    seam = selectors.SNIPPET_SCAN_CHARS
    rng = random.Random(7)
    for _ in range(300):  # the piecewise scan finds what folding the whole text and searching it finds
        terms = sorted({"".join(rng.choice("甲乙Ａa") for _ in range(rng.randint(1, 4))) for _ in range(3)},
                       key=len, reverse=True)  # fmt: skip
        text = list("规" * rng.randint(0, 3 * seam))
        for _ in range(rng.randint(0, 3)):  # a few terms, most of them at or near a seam
            at = rng.choice((rng.randint(0, len(text)), rng.choice((seam, 2 * seam)) + rng.randint(-5, 2)))
            text[at:at] = rng.choice(terms)
        text = "".join(text)
        terms = [analysis.fold(t) for t in terms]
        folded = analysis.fold(text)
        expected = min((i for i in (folded.find(t) for t in terms) if i >= 0), default=-1)
        assert selectors._first_occurrence(text, terms) == expected
    text = "规" * (seam - 1) + "民法典" + "规" * seam  # across the first seam
    snippet = selectors._snippet(text, ["民法典"])
    assert "<mark>民法典</mark>" in snippet and snippet.startswith("…")

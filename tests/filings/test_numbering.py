"""三统一: one register number and one 文号 series per issuer, without gaps or duplicates."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse

from filings import services
from filings.models import Document, DocumentEvent, Status
from search import engine, selectors

from ..factories import DocumentFactory, UnitFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 23)


def make_draft(unit, title="草稿"):
    return DocumentFactory(title=title, stage=Document.Stage.DRAFT, drafting_unit=unit, issuer_unit=unit)


def test_publication_gives_consecutive_numbers_per_issuer_and_one_register_series(archivist):
    city = UnitFactory(name="市政府", doc_number_prefix="市政规")
    bureau = UnitFactory(name="市监局", doc_number_prefix="市监规")
    published = [
        services.document_publish(document=make_draft(unit), actor=archivist, promulgated=DAY, effective=DAY)
        for unit in [city, city, bureau, city]
    ]
    assert [d.doc_number for d in published] == [
        "市政规〔2026〕1号",
        "市政规〔2026〕2号",
        "市监规〔2026〕1号",
        "市政规〔2026〕3号",
    ]
    assert [d.register_number for d in published] == ["2026-00001", "2026-00002", "2026-00003", "2026-00004"]


def test_a_new_year_starts_a_new_series(archivist, unit):
    services.document_publish(document=make_draft(unit), actor=archivist, promulgated=DAY, effective=DAY)
    next_year = datetime.date(2027, 1, 4)
    doc = services.document_publish(
        document=make_draft(unit), actor=archivist, promulgated=next_year, effective=next_year
    )
    assert doc.doc_number == "市监规〔2027〕1号"
    assert doc.register_number == "2027-00001"


def test_publication_sets_status_validity_and_an_audit_row(archivist, unit):
    doc = services.document_publish(
        document=make_draft(unit, "某市暂行办法"),
        actor=archivist,
        promulgated=DAY,
        effective=DAY + datetime.timedelta(days=30),
    )
    assert doc.stage == Document.Stage.PUBLISHED
    assert doc.status == Status.NOT_YET_IN_FORCE
    assert doc.expires == datetime.date(2028, 12, 22)  # 暂行: two years from 2026-12-23
    event = DocumentEvent.objects.get(document=doc, kind=DocumentEvent.Kind.PUBLISHED)
    assert event.actor == archivist and doc.doc_number in event.detail


def test_a_published_document_cannot_be_numbered_again(archivist, unit):
    doc = services.document_publish(document=make_draft(unit), actor=archivist, promulgated=DAY, effective=DAY)
    with pytest.raises(ValidationError, match="已经公布"):
        services.document_publish(document=doc, actor=archivist, promulgated=DAY, effective=DAY)


def test_a_refused_publication_uses_up_no_number(archivist, unit):
    with pytest.raises(ValidationError, match="施行日期不能早于公布日期"):
        services.document_publish(
            document=make_draft(unit), actor=archivist, promulgated=DAY, effective=DAY - datetime.timedelta(days=1)
        )
    doc = services.document_publish(document=make_draft(unit), actor=archivist, promulgated=DAY, effective=DAY)
    assert doc.doc_number == "市监规〔2026〕1号"


def test_an_issuer_without_a_prefix_gets_a_clear_message(archivist):
    unit = UnitFactory(name="无代字单位", doc_number_prefix="")
    with pytest.raises(ValidationError, match="没有设置文号代字"):
        services.document_publish(document=make_draft(unit), actor=archivist, promulgated=DAY, effective=DAY)


def test_the_register_has_no_publication_of_its_own(client, archivist, unit):
    # A document is published only by the workflow's publication task (after a lawful review and the
    # deliberation); the register's former publish page is gone, and nothing it took is given out.
    draft = make_draft(unit)
    client.force_login(archivist)
    response = client.post(f"/documents/{draft.pk}/publish/", {"promulgated": "2026-11-23", "effective": "2026-12-23"})
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.is_draft and draft.register_number is None and not draft.doc_number
    assert "统一登记编号并公布" not in client.get(reverse("filings:document_detail", args=[draft.pk])).content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks across connections need PostgreSQL (.ci/run)")
@pytest.mark.django_db(transaction=True)
def test_simultaneous_publications_never_share_or_skip_a_number(archivist, unit):
    drafts = [make_draft(unit, f"草稿{i}") for i in range(8)]
    barrier = threading.Barrier(len(drafts))
    errors: list[BaseException] = []

    def publish(draft):
        try:
            barrier.wait()
            services.document_publish(document=draft, actor=archivist, promulgated=DAY, effective=DAY)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish, args=(d,)) for d in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    numbers = sorted(Document.objects.filter(pk__in=[d.pk for d in drafts]).values_list("doc_number", flat=True))
    assert sorted(numbers) == sorted(f"市监规〔2026〕{n}号" for n in range(1, 9))
    registers = set(Document.objects.filter(pk__in=[d.pk for d in drafts]).values_list("register_number", flat=True))
    assert registers == {f"2026-{n:05d}" for n in range(1, 9)}
    # Each publication's index update ran after its commit, eight writers at once: all landed.
    published = engine.visibility(unit_id=None, all_drafts=False)
    assert {h.pk for h in selectors.rank("草稿", visibility=published, limit=20).hits} == {d.pk for d in drafts}


def test_a_published_document_takes_effect_on_its_date(archivist, unit):
    doc = services.document_publish(
        document=make_draft(unit), actor=archivist, promulgated=DAY, effective=DAY + datetime.timedelta(days=30)
    )
    assert doc.status == Status.NOT_YET_IN_FORCE
    assert services.documents_take_effect(today=DAY + datetime.timedelta(days=29)) == 0
    assert services.documents_take_effect(today=DAY + datetime.timedelta(days=30)) == 1
    doc.refresh_from_db()
    assert doc.status == Status.IN_FORCE and doc.events.filter(kind=DocumentEvent.Kind.STATUS).exists()

"""Documents from outside the platform enter as what they are; history is never rewritten."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import ProtectedError
from django.urls import reverse

from filings.models import Attachment, Document, DocumentEvent

from ..factories import DocumentFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FORM = {
    "title": "某市人民政府关于加强城市道路管理的通知",
    "doc_number": "某政发〔2019〕12号",
    "issuer": "某市人民政府",
    "level": "normative_document",
    "promulgated": "2019-03-01",
    "effective": "2019-04-01",
    "status": "in_force",
    "text": "某市人民政府关于加强城市道路管理的通知\n"
    "第一条　为加强城市道路管理，根据《城市道路管理条例》，制定本通知。\n"
    "第二条　本通知自2019年4月1日起施行。",
}


def register(client, scan=PDF, name="scan.pdf", **changes):
    data = {**FORM, **changes, "scan": SimpleUploadedFile(name, scan)}
    return client.post(reverse("filings:document_register_external"), data)


def test_an_archivist_registers_a_document_issued_outside_the_platform_with_its_scan(client, archivist, reviewer):
    client.force_login(archivist)
    response = register(client)
    document = Document.objects.get(title=FORM["title"])
    assert response.status_code == 302
    assert document.stage == Document.Stage.PUBLISHED and document.origin == Document.Origin.EXTERNAL
    assert document.doc_number == "某政发〔2019〕12号" and document.register_number is None
    assert document.articles.filter(kind="article").count() == 2
    event = DocumentEvent.objects.get(document=document)
    assert event.kind == DocumentEvent.Kind.REGISTERED and event.actor == archivist
    page = client.get(response["Location"]).content.decode()
    assert "平台外制发，登记入库" in page and "scan.pdf" in page
    client.force_login(reviewer)
    attachment = Attachment.objects.get(document=document)
    download = client.get(reverse("filings:attachment_download", args=[document.pk, attachment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


@pytest.mark.parametrize(
    ("scan", "name", "message"),
    [
        (b"\x89PNG\r\n\x1a\n....", "scan.pdf", "文件内容与扩展名不符"),
        (b"MZ\x90\x00", "scan.exe", "只接受 PDF、JPG 或 PNG"),
        (b"", "scan.pdf", "扫描件是空的"),
    ],
)
def test_a_bad_scan_is_refused_and_nothing_is_stored(client, archivist, scan, name, message):
    client.force_login(archivist)
    response = register(client, scan=scan, name=name)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Document.objects.exists() and not Attachment.objects.exists()


def test_an_oversized_scan_is_refused(client, archivist, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    client.force_login(archivist)
    response = register(client, scan=PDF + b"0" * 200)
    assert "扫描件过大" in response.content.decode() and not Document.objects.exists()


def test_a_document_not_yet_published_cannot_be_registered_from_outside(client, archivist):
    client.force_login(archivist)
    response = register(client, promulgated="2099-01-01", effective="2099-02-01")
    assert "应经审核流程公布" in response.content.decode()
    assert not Document.objects.exists()


def test_impossible_dates_get_a_message_next_to_the_field(client, archivist):
    client.force_login(archivist)
    response = register(client, promulgated="2019-02-30")
    assert response.status_code == 200 and not Document.objects.exists()
    assert response.context["form"].errors["promulgated"]
    response = register(client, effective="2019-01-01")
    assert "施行日期不能早于公布日期" in str(response.context["form"].errors["effective"])


def test_history_rows_are_never_changed_or_deleted():
    document = DocumentFactory(title="有记录的办法")
    event = DocumentEvent.objects.create(document=document, kind=DocumentEvent.Kind.IMPORTED, detail="原记录")
    event.detail = "改写"
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        event.delete()
    with pytest.raises(PermissionDenied):
        DocumentEvent.objects.filter(pk=event.pk).update(detail="改写")
    with pytest.raises(PermissionDenied):
        DocumentEvent.objects.all().delete()
    with pytest.raises(ProtectedError):
        document.delete()  # a cascade would take its history with it
    assert DocumentEvent.objects.get(pk=event.pk).detail == "原记录"


def test_review_and_cleanup_history_are_append_only_too():
    from cleanup.models import Event
    from review.models import ReviewEvent

    for model in (ReviewEvent, Event):
        with pytest.raises(PermissionDenied):
            model.objects.all().update(at=None)
        with pytest.raises(PermissionDenied):
            model.objects.all().delete()


def test_not_even_a_superuser_edits_history_in_the_admin(client):
    document = DocumentFactory(title="有记录的办法")
    event = DocumentEvent.objects.create(document=document, kind=DocumentEvent.Kind.IMPORTED, detail="原记录")
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    change = reverse("admin:filings_documentevent_change", args=[event.pk])
    assert client.post(change, {"detail": "改写", "kind": "imported"}).status_code in (302, 403)
    assert (
        client.post(reverse("admin:filings_documentevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    )
    for name in ["admin:review_reviewevent_changelist", "admin:cleanup_event_changelist"]:
        assert client.get(reverse(name)).status_code == 200
    assert DocumentEvent.objects.get(pk=event.pk).detail == "原记录"


def test_reimporting_the_source_does_not_undo_an_archivists_correction(archivist):
    import json

    from filings import services

    record = {"id": "flk-x", "title": "某条例", "doc_number": "错号", "level": "行政法规", "promulgated": "2019-01-01",
              "text": "某条例\n第一条　内容。"}  # fmt: skip
    services.documents_import(lines=[json.dumps(record, ensure_ascii=False)])
    document = Document.objects.get(external_id="flk-x")
    services.document_metadata_correct(document=document, values={"doc_number": "国令第1号"}, actor=archivist)
    again = services.documents_import(lines=[json.dumps(record, ensure_ascii=False)])
    changed_at_source = services.documents_import(
        lines=[json.dumps({**record, "source": "新来源"}, ensure_ascii=False)]
    )
    assert again.updated == 0 and changed_at_source.updated == 0 and changed_at_source.kept_local_edits == 1
    assert Document.objects.get(external_id="flk-x").doc_number == "国令第1号"


def test_setting_up_again_never_resets_an_existing_accounts_password():
    from django.core.management import call_command

    from accounts.models import User
    from accounts.services import DEMO_PASSWORD

    call_command("load_demo_accounts", stdout=io.StringIO())
    admin = User.objects.get(username="admin")
    admin.set_password("Changed-by-the-office-2026")
    admin.save()
    call_command("load_demo_accounts", stdout=io.StringIO())  # what every `make setup` runs
    admin.refresh_from_db()
    assert admin.check_password("Changed-by-the-office-2026") and not admin.check_password(DEMO_PASSWORD)
    call_command("load_demo_accounts", "--reset", stdout=io.StringIO())
    admin.refresh_from_db()
    assert admin.check_password(DEMO_PASSWORD)

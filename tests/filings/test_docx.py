"""Word in and out: the round trip, and every bad file a drafting unit may upload."""

import io
import json
import zipfile

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from filings import services
from filings.docx_io import docx_read, docx_write
from filings.models import Document, DocumentEvent
from filings.parsing import parse_articles
from review.flows import DocumentReviewFlow
from review.models import ReviewProcess

from ..factories import DocumentFactory

pytestmark = pytest.mark.django_db

DRAFT_TEXT = [
    ("第一章　总则", "Heading 2"),
    ("第一条　为了规范某市餐饮服务食品安全管理，根据《中华人民共和国食品安全法》，制定本办法。", None),
    ("第二条　本办法适用于下列单位：", None),
    ("（一）餐饮服务提供者；", None),
    ("（二）集中用餐单位。", None),
    ("第二章　附则", "Heading 2"),
    ("第三条　本办法自2027年1月1日起施行，有效期5年。", None),
]


def make_docx(title="某市餐饮服务食品安全管理办法", paragraphs=DRAFT_TEXT, title_style="Title") -> bytes:
    out = docx.Document()
    out.add_paragraph(title, style=title_style)
    for text, style in paragraphs:
        out.add_paragraph(text, style=style)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


SUBMISSION = {"level": "normative_document", "explanation": "起草说明。", "legal_bases": "《中华人民共和国食品安全法》",
              "secret": "on", "secret_reason": "测试"}  # fmt: skip


def upload(client, data: bytes, name="draft.docx"):
    """A .docx draft enters the review workflow (the register has no upload of its own)."""
    return client.post(
        DocumentReviewFlow.start.reverse("execute"), {**SUBMISSION, "file": SimpleUploadedFile(name, data)}
    )


def test_a_docx_draft_is_read_into_title_body_and_articles(client, drafter):
    client.force_login(drafter)
    response = upload(client, make_docx())

    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("review:process_detail", args=[ReviewProcess.objects.get().pk])
    assert document.title == "某市餐饮服务食品安全管理办法"
    assert document.stage == Document.Stage.DRAFT
    assert document.drafting_unit == drafter.unit
    assert [a.label for a in document.articles.all()] == ["第一章", "第一条", "第二条", "第二章", "第三条"]
    assert len(document.articles.get(anchor="a2").paragraphs[0]["items"]) == 2
    assert document.citations.get().title_key == "食品安全法"
    assert DocumentEvent.objects.get(document=document).kind == DocumentEvent.Kind.CREATED
    assert "识别出 3 条" in client.get(response["Location"]).content.decode()


def test_without_a_title_style_the_first_paragraph_is_the_title():
    draft = docx_read(make_docx(title_style=None))
    assert draft.title == "某市餐饮服务食品安全管理办法"
    assert draft.text.splitlines()[1] == "第一章　总则"


def test_a_document_downloads_as_docx_and_reads_back_with_the_same_structure(client, drafter):
    original = DocumentFactory(
        title="某市测试管理办法",
        doc_number="市政规〔2026〕1号",
        text="某市测试管理办法\n" + "\n".join(text for text, _ in DRAFT_TEXT),
    )
    client.force_login(drafter)
    response = client.get(reverse("filings:document_docx", args=[original.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    data = b"".join(response.streaming_content) if response.streaming else response.content
    back = docx_read(data)
    assert back.title == original.title
    assert back.text == original.text
    headings = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["第一章　总则", "第二章　附则"]


def test_round_trip_of_a_real_law_keeps_every_article(starter_records, drafter):
    record = starter_records("中华人民共和国行政许可法")["中华人民共和国行政许可法"][-1]
    services.documents_import(lines=[json.dumps(record, ensure_ascii=False)])
    law = Document.objects.get(external_id=record["id"])
    back = docx_read(docx_write(law, list(law.articles.all())))
    labels = [a.label for a in law.articles.all()]
    assert back.title == law.title
    assert [u.label for u in parse_articles(back.text)] == labels
    assert len([x for x in labels if x.endswith("条")]) > 80


def _encrypted_docx() -> bytes:
    # What Word writes for a password-protected file: an OLE container with an EncryptionInfo stream.
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 500


def _docx_without_text() -> bytes:
    out = docx.Document()
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _zip_without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not word")
    return buffer.getvalue()


def _truncated_docx() -> bytes:
    return make_docx()[:2000]


def _broken_xml_docx() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(make_docx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            archive.writestr(item, b"<w:document><broken" if item.filename == "word/document.xml" else data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件是空的"),
        (_encrypted_docx(), "文件设有密码"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000, "旧版 Word（.doc）"),
        (b"this is plain text, not a word file", "文件已损坏或不是 Word"),
        (_truncated_docx(), "文件已损坏或不是 Word"),
        (_zip_without_document(), "缺少正文部分"),
        (_broken_xml_docx(), "文件已损坏，无法打开"),
        (_docx_without_text(), "文档中没有文字"),
        (make_docx(paragraphs=[]), "只有标题，没有正文"),
    ],
    ids=["empty", "password", "old-doc", "not-a-zip", "truncated", "no-document-part", "broken-xml", "no-text",
         "title-only"],
)  # fmt: skip
def test_a_bad_file_gets_a_clear_message_and_nothing_is_stored(client, drafter, data, message):
    client.force_login(drafter)
    response = upload(client, data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Document.objects.count() == 0
    assert DocumentEvent.objects.count() == 0


def test_an_oversized_file_is_refused_before_it_is_read(client, drafter, settings):
    settings.DOCX_MAX_UPLOAD_BYTES = 10_000
    client.force_login(drafter)
    response = upload(client, make_docx(paragraphs=DRAFT_TEXT + [("第四条　" + "很长的内容。" * 3000, None)]))
    assert response.status_code == 200
    assert "文件过大" in response.content.decode()
    assert Document.objects.count() == 0


def test_a_file_that_unpacks_to_too_much_is_refused(settings):
    settings.DOCX_MAX_UNPACKED_BYTES = 1000
    with pytest.raises(ValidationError, match="解压后过大"):
        docx_read(make_docx())


def test_only_docx_names_are_accepted(client, drafter):
    client.force_login(drafter)
    response = upload(client, make_docx(), name="draft.pdf")
    assert "只接受 .docx 文件" in response.content.decode()
    assert Document.objects.count() == 0

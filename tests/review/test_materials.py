"""Materials as files: uploaded by the drafting unit (on their own page and with 补充材料 / 补正), listed with
who uploaded them when, read by the reviewers, refused with a reason when they are not what they claim,
and carried in the filing package (.zip with its manifest)."""

import hashlib
import io
import json
import zipfile

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from review.models import Material, ReviewEvent

from .conftest import LAWFUL, do, submit, through_filing

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def word_file() -> bytes:
    document = docx.Document()
    document.add_paragraph("专家论证报告：本办法可行。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def upload(client, process, name: str, data: bytes, kind: str = "expert_report", note: str = ""):
    url = reverse("review:material_new", args=[process.pk])
    return client.post(url, {"kind": kind, "file": SimpleUploadedFile(name, data), "note": note})


def test_a_drafter_uploads_materials_that_the_reviewer_reads_on_the_task_page(client, drafter, reviewer):
    process = submit(client, drafter, secret="on", secret_reason="涉密")
    client.force_login(drafter)
    detail = client.get(reverse("review:process_detail", args=[process.pk])).content.decode()
    assert "尚未上传材料文件。" in detail and reverse("review:material_new", args=[process.pk]) in detail
    assert upload(client, process, "论证报告.docx", word_file(), note="第一次论证").status_code == 302
    assert upload(client, process, "风险评估.pdf", PDF, kind="risk_assessment").status_code == 302
    page = client.get(reverse("review:process_detail", args=[process.pk])).content.decode()
    assert "专家论证报告" in page and "论证报告.docx" in page and "风险评估报告" in page and "第一次论证" in page
    assert drafter.get_full_name() in page or drafter.username in page
    assert ReviewEvent.objects.filter(process=process, what="上传材料：风险评估报告（风险评估.pdf）").exists()

    task_page = reverse("review:task_take", args=[process.task_set.get(flow_task_type="HUMAN", finished=None).pk])
    client.force_login(reviewer)
    client.post(task_page)
    from .conftest import open_task, task_url

    review_page = client.get(task_url(open_task(process, "legality_review"))).content.decode()
    pdf = process.materials.get(kind="risk_assessment")
    link = reverse("review:material_download", args=[process.pk, pdf.pk])
    assert link in review_page and "风险评估.pdf" in review_page
    response = client.get(link)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    # The reviewer reads; only the drafting unit uploads.
    assert client.get(reverse("review:material_new", args=[process.pk])).status_code == 403
    assert upload(client, process, "x.pdf", PDF).status_code == 403


def test_another_units_drafter_neither_sees_nor_adds_materials(client, drafter, other_drafter):
    process = submit(client, drafter, secret="on", secret_reason="涉密")
    client.force_login(drafter)
    upload(client, process, "报告.pdf", PDF)
    material = process.materials.get()
    client.force_login(other_drafter)
    assert client.get(reverse("review:material_new", args=[process.pk])).status_code == 404
    assert upload(client, process, "x.pdf", PDF).status_code == 404
    assert client.get(reverse("review:material_download", args=[process.pk, material.pk])).status_code == 404
    assert process.materials.count() == 1


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("报告.exe", b"MZ\x90\x00", "材料文件只接受 PDF、JPG、PNG 或 DOCX 文件。"),
        ("报告.pdf", b"\x89PNG\r\n\x1a\n....", "文件内容与扩展名不符，或文件已损坏。"),
        ("报告.docx", b"PK\x03\x04not really a zip", "文件已损坏或不是 Word（.docx）文件。"),
        ("报告.pdf", b"", "文件是空的（0 字节）。"),
    ],
)
def test_a_bad_file_is_refused_next_to_its_field_and_nothing_is_stored(client, drafter, name, data, message):
    process = submit(client, drafter, secret="on", secret_reason="涉密")
    client.force_login(drafter)
    response = upload(client, process, name, data)
    assert response.status_code == 200
    assert message in str(response.context["form"].errors["file"])
    assert not Material.objects.exists()


def test_an_oversized_file_is_refused_with_the_limit(client, drafter, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    process = submit(client, drafter, secret="on", secret_reason="涉密")
    client.force_login(drafter)
    response = upload(client, process, "大.pdf", PDF + b"0" * (2 * 1024 * 1024))
    assert "材料文件过大：2.0 MB，上限 1 MB。" in str(response.context["form"].errors["file"])
    assert not Material.objects.exists()


def test_supplement_and_correction_bring_their_files(client, drafter, reviewer, archivist, filer):
    process = submit(client, drafter, secret="on", secret_reason="涉密")
    incomplete = {**LAWFUL, "material_procedure": "", "conclusion": "supplement"}
    do(client, reviewer, process, "legality_review", incomplete, take_first=True)
    texts = {"explanation": "补充说明。", "legal_bases": "《中华人民共和国道路交通安全法》",
             "procedure_note": "已调研。"}  # fmt: skip
    # A file without its kind is refused next to the kind, and the texts are not stored either.
    response = do(client, drafter, process, "supplement", {**texts, "material_file": SimpleUploadedFile("a.pdf", PDF)})
    assert "请选择所附材料的类别。" in str(response.context["form"].errors["material_file_kind"])
    process.refresh_from_db()
    assert process.procedure_note == "已开展调研。" and not process.materials.exists()
    with_kind = {**texts, "material_file_kind": "explanation", "material_file": SimpleUploadedFile("说明.pdf", PDF)}
    assert do(client, drafter, process, "supplement", with_kind).status_code == 302
    assert [(m.kind, m.name) for m in process.materials.all()] == [("explanation", "说明.pdf")]

    process = through_filing(client, drafter, reviewer, archivist)
    defer = {"decision": "deferred", "note": "请补交正式文本扫描件。"}
    do(client, filer, process, "register_filing", defer, take_first=True)
    scan = {"note": "已补交扫描件。", "material_file": SimpleUploadedFile("正式文本扫描件.pdf", PDF)}
    assert do(client, drafter, process, "correct_filing", scan).status_code == 302
    assert [(m.kind, m.name) for m in process.materials.all()] == [("correction", "正式文本扫描件.pdf")]


def test_the_filing_package_holds_report_text_opinion_and_materials_with_a_manifest(
    client, drafter, reviewer, archivist, other_drafter
):
    process = submit(client, drafter, secret="on", secret_reason="涉密")
    client.force_login(drafter)
    assert client.get(reverse("review:filing_package", args=[process.pk])).status_code == 404  # not published
    upload(client, process, "论证报告.docx", word_file())
    process = through_filing(client, drafter, reviewer, archivist)  # a second process, published and filed
    client.force_login(drafter)
    upload(client, process, "风险评估.pdf", PDF, kind="risk_assessment")
    client.force_login(reviewer)
    response = client.get(reverse("review:filing_package", args=[process.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["format"] == "normative-filing-package" and manifest["version"] == 2
    assert manifest["document"]["doc_number"] == process.document.doc_number
    paths = [f["path"] for f in manifest["files"]]
    assert paths == ["备案报告.docx", "正式文本.docx", "合法性审核意见书.docx", "材料/01-风险评估报告-风险评估.pdf"]
    for entry in manifest["files"]:
        assert hashlib.sha256(archive.read(entry["path"])).hexdigest() == entry["sha256"]
    assert archive.read("材料/01-风险评估报告-风险评估.pdf") == PDF
    report = docx.Document(io.BytesIO(archive.read("备案报告.docx")))
    title = [p.text for p in report.paragraphs if p.style.name == "公文标题"][0]
    assert title == f"关于报送《{process.document.title}》备案的报告"
    client.force_login(other_drafter)
    assert client.get(reverse("review:filing_package", args=[process.pk])).status_code == 404


def test_no_upload_once_the_process_has_ended(client, drafter, reviewer):
    process = submit(client, drafter, secret="on", secret_reason="涉密")
    unlawful = {**LAWFUL, "point_content": "problem", "point_content_note": "无上位法依据", "conclusion": "unlawful"}
    do(client, reviewer, process, "legality_review", unlawful, take_first=True)
    process.refresh_from_db()
    assert process.finished is not None
    client.force_login(drafter)
    assert client.get(reverse("review:material_new", args=[process.pk])).status_code == 403
    assert "上传材料</a>" not in client.get(reverse("review:process_detail", args=[process.pk])).content.decode()

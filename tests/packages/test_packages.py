"""Filing packages between platforms: exported by one instance, imported by another as an incoming filing of
the body it was sent to; once per package id; a damaged, incomplete, oversized or misaddressed package is
refused with its reason and nothing is stored."""

import io
import json
import sqlite3
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse

from filings.models import Document
from packages.models import IncomingFile, IncomingPackage
from tests.jurisdictions.test_levels import people, to_publication, units  # noqa: F401 - fixtures
from tests.processes import manage_py
from tests.review.conftest import do, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(client, people):  # noqa: F811
    """东旗's 办法, filed with 东旗人民政府 (reviewed by 东旗司法局), as the drafting unit's page exports it."""
    p = people
    process = submit(client, p["qx_drafter"], secret="on", secret_reason="涉密", title="东旗草原防火管理办法")
    to_publication(client, process, p["qx_reviewer"], p["qx_archivist"])
    assert do(client, p["qx_drafter"], process, "submit_filing", {"report": "现报送备案。"}).status_code == 302
    client.force_login(p["qx_drafter"])
    response = client.get(reverse("review:filing_package", args=[process.pk]))
    client.logout()
    return process, response.content


def rezip(data: bytes, change) -> bytes:
    """The package with `change(members)` applied (members: name → bytes)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    members = {name: source.read(name) for name in source.namelist()}
    change(members)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def manage(database: Path, media: Path, *args) -> subprocess.CompletedProcess:
    env = {"DATABASE_URL": f"sqlite:///{database}", "MEDIA_ROOT": str(media),
           "SEARCH_INDEX_DIR": str(database.parent / "index"), "SEARCH_INDEX_UPDATES": "inline"}  # fmt: skip
    return manage_py(*args, env=env)


def test_a_package_exported_here_is_imported_by_another_instance_once(exported, tmp_path):
    """The round trip between two databases: this test's, and a second instance's of its own."""
    process, data = exported
    package = tmp_path / "备案包.zip"
    package.write_bytes(data)
    other, media = tmp_path / "other.sqlite3", tmp_path / "other-media"
    for step in (("migrate", "-v0"), ("load_demo_accounts",)):
        assert manage(other, media, *step).returncode == 0
    first = manage(other, media, "import_filing_package", str(package), "--user", "qx-reviewer")
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("已导入：") and "东旗草原防火管理办法" in first.stdout
    again = manage(other, media, "import_filing_package", str(package), "--user", "qx-reviewer")
    assert again.returncode == 0 and "此前已导入，未重复导入" in again.stdout
    wrong_body = manage(other, media, "import_filing_package", str(package), "--user", "qx2-reviewer")
    assert wrong_body.returncode == 0 and "此前已导入" in wrong_body.stdout  # the id is known: nothing new

    with sqlite3.connect(other) as db:
        (title, origin, doc_number, text), = db.execute(
            "select d.title, d.origin, d.doc_number, d.text from packages_incomingpackage p "
            "join filings_document d on d.id = p.document_id").fetchall()  # fmt: skip
        roles = sorted(r for (r,) in db.execute("select role from packages_incomingfile"))
        articles = db.execute("select count(*) from filings_article a join filings_document d on d.id = a.document_id "
                              "where d.title = ? and a.kind = 'article'", (title,)).fetchone()[0]  # fmt: skip
    document = process.document
    assert (title, origin, doc_number, text) == (document.title, "external", document.doc_number, document.text)
    assert roles == ["filing_report", "legality_opinion", "official_text"] and articles == 3
    stored = sorted(p.read_bytes() for p in media.rglob("*") if p.is_file())
    inside = zipfile.ZipFile(io.BytesIO(data))
    assert stored == sorted(inside.read(n) for n in inside.namelist() if n != "manifest.json")
    assert not IncomingPackage.objects.exists()  # this instance imported nothing


def test_the_filing_body_imports_through_the_api_and_the_page_once(exported, client, people, settings):  # noqa: F811
    process, data = exported
    IncomingPackage.objects.all().delete()
    body = people["qx_reviewer"]
    client.force_login(body)
    first = client.post("/api/v1/filing-packages/", {"package": io.BytesIO(data)})
    assert first.status_code == 201 and first.json()["title"] == "东旗草原防火管理办法"
    again = client.post("/api/v1/filing-packages/", {"package": io.BytesIO(data)})
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert IncomingPackage.objects.count() == 1
    [row] = client.get("/api/v1/filing-packages/").json()["results"]
    assert row["package_id"] == f"{process.document.register_number}/{process.pk}"
    page = client.get(reverse("packages:list")).content.decode()
    assert "东旗草原防火管理办法" in page and "导入备案包" in page
    incoming = IncomingPackage.objects.get()
    detail = client.get(reverse("packages:detail", args=[incoming.pk])).content.decode()
    assert "正式文本.docx" in detail and "现报送备案。" in detail
    official = incoming.files.get(role=IncomingFile.Role.OFFICIAL_TEXT)
    download = client.get(reverse("packages:file", args=[incoming.pk, official.pk]))
    assert b"".join(download.streaming_content) == zipfile.ZipFile(io.BytesIO(data)).read("正式文本.docx")
    # Only the body it was sent to, and only its filing reviewers.
    client.force_login(people["qx2_reviewer"])
    assert client.get(reverse("packages:detail", args=[incoming.pk])).status_code == 404
    assert client.get("/api/v1/filing-packages/").json()["results"] == []
    client.force_login(people["qx_drafter"])
    assert client.get(reverse("packages:list")).status_code == 403
    assert client.post("/api/v1/filing-packages/", {"package": io.BytesIO(data)}).status_code == 403
    client.logout()
    assert client.get("/api/v1/filing-packages/").status_code == 401


def _manifest_edit(edit):
    def change(members):
        manifest = json.loads(members["manifest.json"])
        edit(manifest, members)
        members["manifest.json"] = json.dumps(manifest, ensure_ascii=False).encode()

    return change


BAD = {
    "not a zip": lambda data: b"PK\x03\x04 not really a zip",
    "no manifest": lambda data: rezip(data, lambda m: m.pop("manifest.json")),
    "text tampered": lambda data: rezip(data, lambda m: m.update({"正式文本.docx": m["正式文本.docx"] + b"x"})),
    "file missing": lambda data: rezip(data, lambda m: m.pop("备案报告.docx")),
    "no official text": lambda data: rezip(data, _manifest_edit(
        lambda man, m: man.update(files=[f for f in man["files"] if f["role"] != "official_text"]))),
    "newer version": lambda data: rezip(data, _manifest_edit(lambda man, m: man.update(version=99))),
    "path escapes": lambda data: rezip(data, _manifest_edit(
        lambda man, m: man["files"].append({"path": "../../etc/passwd", "role": "material", "size": 1}))),
    "bad date": lambda data: rezip(data, _manifest_edit(
        lambda man, m: man["document"].update(promulgated="2026-02-30"))),
    "misaddressed": lambda data: rezip(data, _manifest_edit(
        lambda man, m: [f.update(body="西旗人民政府", reviewer="西旗司法局") for f in man["filings"]])),
}  # fmt: skip
REASONS = {
    "not a zip": "文件已损坏：不是有效的 .zip 备案包。", "no manifest": "不是备案包或文件已损坏：缺少 manifest.json。",
    "text tampered": "文件已损坏：正式文本.docx 的大小或校验值与清单不符。",
    "file missing": "备案包不完整：清单列出的 备案报告.docx 不在包中。",
    "no official text": "备案包不完整：缺少正式文本。",
    "newer version": "不支持的备案包版本：99（本系统读取第 2 版）。",
    "path escapes": "清单有误：文件 ../../etc/passwd 的路径或用途无效。",
    "bad date": "清单有误：公布日期不是有效日期（2026-02-30）。",
    "misaddressed": "该备案包是报送西旗人民政府的，不是报送东旗司法局的。",
}  # fmt: skip


@pytest.mark.parametrize("damage", list(BAD))
def test_a_bad_package_is_refused_with_its_reason_and_nothing_is_stored(exported, client, people, settings, damage):  # noqa: F811
    _, data = exported
    documents = Document.objects.count()
    client.force_login(people["qx_reviewer"])
    refused = client.post("/api/v1/filing-packages/", {"package": io.BytesIO(BAD[damage](data))})
    assert refused.status_code == 400 and refused.json()["errors"] == {"non_field_errors": [REASONS[damage]]}
    page = client.post(reverse("packages:list"), {"package": io.BytesIO(BAD[damage](data))})
    assert REASONS[damage] in page.content.decode()
    assert not IncomingPackage.objects.exists() and Document.objects.count() == documents
    assert not list((Path(settings.MEDIA_ROOT) / "incoming-packages").rglob("*"))


def test_an_oversized_package_is_refused_before_it_is_read(exported, client, people, settings):  # noqa: F811
    _, data = exported
    settings.FILING_PACKAGE_MAX_BYTES = len(data) - 1
    client.force_login(people["qx_reviewer"])
    refused = client.post("/api/v1/filing-packages/", {"package": io.BytesIO(data)})
    assert refused.status_code == 413 and refused.json()["detail"].startswith("备案包过大：")
    settings.FILING_PACKAGE_MAX_BYTES = 10 * len(data)
    settings.FILING_PACKAGE_MAX_UNPACKED_BYTES = 100
    unpacked = client.post("/api/v1/filing-packages/", {"package": io.BytesIO(data)})
    assert unpacked.status_code == 400 and "解压后过大" in unpacked.json()["errors"]["non_field_errors"][0]
    assert not IncomingPackage.objects.exists()


def test_the_body_registers_defers_takes_the_correction_and_concludes(exported, client, people):  # noqa: F811
    """An incoming filing is worked by the rules of one made here: 暂缓登记 needs what to correct; the issuer's
    corrected package (same id, new contents) comes back as the next round; then 登记 and the outcome."""
    _, data = exported
    client.force_login(people["qx_reviewer"])
    incoming_id = client.post("/api/v1/filing-packages/", {"package": io.BytesIO(data)}).json()["id"]
    url = f"/api/v1/filing-packages/{incoming_id}/"
    post = lambda path, body: client.post(url + path, body, content_type="application/json")  # noqa: E731
    assert post("register/", {"decision": "deferred"}).json()["errors"] == {
        "note": ["暂缓登记的，须写明需要补正的内容。"]
    }
    assert post("outcome/", {"outcome": "no_problem"}).status_code == 400  # not registered yet
    deferred = post("register/", {"decision": "deferred", "note": "请补充起草说明。"}).json()
    assert deferred["status"] == "deferred" and deferred["correction_due"]
    assert client.post("/api/v1/filing-packages/", {"package": io.BytesIO(data)}).json()["rounds"] == 1  # same bytes

    corrected = rezip(data, _manifest_edit(lambda man, m: man.update(explanation="补充后的起草说明。")))
    again = client.post("/api/v1/filing-packages/", {"package": io.BytesIO(corrected)})
    assert again.status_code == 200 and again.json()["rounds"] == 2 and again.json()["status"] == "submitted"
    changed_text = rezip(
        data, _manifest_edit(lambda man, m: man["document"].update(text=man["document"]["text"] + "x"))
    )
    post("register/", {"decision": "deferred", "note": "再补充。"})
    refused = client.post("/api/v1/filing-packages/", {"package": io.BytesIO(changed_text)})
    assert refused.json()["errors"]["non_field_errors"] == [
        "补正不能改变文件正文；正文有变化的，应作为新的文件报送备案。"
    ]
    third = rezip(data, _manifest_edit(lambda man, m: man.update(explanation="再次补充的起草说明。")))
    assert client.post("/api/v1/filing-packages/", {"package": io.BytesIO(third)}).json()["rounds"] == 3

    page = reverse("packages:detail", args=[incoming_id])
    assert "记录登记结果" in client.get(page).content.decode()
    assert client.post(page, {"step": "register", "decision": "registered"}).status_code == 302
    no_note = client.post(page, {"step": "outcome", "outcome": "explanation"}).content.decode()
    assert "请写明审查意见。" in no_note
    done = post("outcome/", {"outcome": "no_problem"}).json()
    assert done["outcome_label"] == "未发现问题" and done["closed_at"] and done["rounds"] == 3
    incoming = IncomingPackage.objects.get()
    assert incoming.files.filter(round=1).count() == incoming.files.filter(round=3).count() == 3
    details = " ".join(incoming.document.events.values_list("detail", flat=True))
    assert "暂缓登记：请补充起草说明。" in details and "第 2 次报送" in details and "备案审查：未发现问题" in details
    client.force_login(people["qx2_reviewer"])  # another body: not disclosed
    assert post("register/", {"decision": "registered"}).status_code == 404

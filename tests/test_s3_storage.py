"""MEDIA_STORAGE=s3: uploads go to an S3-compatible bucket (here moto's in-process S3) instead of MEDIA_ROOT,
and come back only through the views that check who asks."""

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto import mock_aws

from filings.models import Attachment, Document

from .filings.test_integrity import FORM, PDF
from .processes import manage_py

pytestmark = pytest.mark.django_db

BUCKET = "guifan-media"


@pytest.fixture
def bucket(settings):
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket=BUCKET)
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {"bucket_name": BUCKET, "location": "platform", "region_name": "us-east-1",
                            "access_key": "test", "secret_key": "test", "file_overwrite": False},
            },
        }  # fmt: skip
        yield s3


def keys(s3) -> list[str]:
    return sorted(o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def register_with_scan(client, title: str, scan: bytes):
    data = {**FORM, "title": title, "scan": SimpleUploadedFile("scan.pdf", scan)}
    response = client.post(reverse("filings:document_register_external"), data)
    assert response.status_code == 302, response.content.decode()[:500]
    document = Document.objects.get(title=title)
    return document, Attachment.objects.get(document=document)


def test_a_scan_is_kept_in_the_bucket_and_downloaded_through_the_view(client, bucket, media_dir, archivist, reviewer):
    client.force_login(archivist)
    document, attachment = register_with_scan(client, FORM["title"], PDF)

    [key] = keys(bucket)
    assert key.startswith("platform/attachments/") and key.endswith(".pdf")
    assert bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read() == PDF
    assert not media_dir.exists() or not any(media_dir.rglob("*.pdf"))  # nothing on this server's disk

    client.force_login(reviewer)
    url = reverse("filings:attachment_download", args=[document.pk, attachment.pk])
    download = client.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]

    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in page: the bucket's key is never handed out


def test_two_scans_of_the_same_name_are_two_objects(client, bucket, archivist, reviewer):
    client.force_login(archivist)
    first_doc, first = register_with_scan(client, FORM["title"], PDF)
    other = PDF.replace(b"%%EOF", b"% second\n%%EOF")
    second_doc, second = register_with_scan(client, "某市人民政府关于加强城市桥梁管理的通知", other)

    assert len(keys(bucket)) == 2 and first.file.name != second.file.name
    client.force_login(reviewer)
    for document, attachment, body in ((first_doc, first, PDF), (second_doc, second, other)):
        download = client.get(reverse("filings:attachment_download", args=[document.pk, attachment.pk]))
        assert b"".join(download.streaming_content) == body


def test_a_refused_scan_leaves_nothing_in_the_bucket(client, bucket, archivist):
    client.force_login(archivist)
    data = {**FORM, "scan": SimpleUploadedFile("scan.pdf", b"MZ\x90\x00")}
    response = client.post(reverse("filings:document_register_external"), data)
    assert response.status_code == 200 and "文件内容与扩展名不符" in response.content.decode()
    assert keys(bucket) == [] and not Document.objects.exists()


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MEDIA_STORAGE": "s3"}, "MEDIA_STORAGE=s3 needs S3_BUCKET"),
        ({"MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE must be 'filesystem' or 's3'"),
    ],
)
def test_a_storage_setting_that_cannot_work_stops_the_server_with_a_message(env, message):
    result = manage_py("check", env={**env, "S3_BUCKET": ""}, timeout=120)
    assert result.returncode != 0 and message in result.stderr


def test_the_s3_setting_is_read_from_the_environment():
    code = (
        "from django.conf import settings; o = settings.STORAGES['default']; p = o['OPTIONS']; "
        "print(o['BACKEND'], p['bucket_name'], p['endpoint_url'], p['location'])"
    )
    env = {"MEDIA_STORAGE": "s3", "S3_BUCKET": "files", "S3_ENDPOINT_URL": "http://minio:9000", "S3_PREFIX": "gf"}
    result = manage_py("shell", "--no-imports", "-c", code, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["storages.backends.s3.S3Storage", "files", "http://minio:9000", "gf"]

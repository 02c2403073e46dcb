"""Reading a filing package (.zip with manifest.json, README "Filing packages"): everything is checked
before anything is stored: size, the archive, the manifest's format and version, each file's presence, size
and SHA-256, the files a filing needs. A package that fails says why."""

import datetime
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

from filings.models import Level
from filings.text import text_clean
from review.materials import PACKAGE_FORMAT, PACKAGE_VERSION

from .models import IncomingFile

REQUIRED_ROLES = {IncomingFile.Role.OFFICIAL_TEXT: "正式文本", IncomingFile.Role.FILING_REPORT: "备案报告"}


@dataclass
class Package:
    manifest: dict
    document: dict  # the manifest's document, checked and typed
    files: list[tuple[dict, bytes]]  # each manifest entry with its bytes
    sha256: str


def _mb(size: int) -> str:
    return f"{size / 1048576:.1f} MB"


def _text(value, what: str, limit: int, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise ValidationError(f"清单不完整：缺少{what}。")
    value = text_clean(value).strip()
    if len(value) > limit:
        raise ValidationError(f"清单有误：{what}过长（{len(value)} 字，上限 {limit} 字）。")
    return value


def _date(value, what: str, required: bool = True) -> datetime.date | None:
    if value in (None, "") and not required:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValidationError(f"清单有误：{what}不是有效日期（{str(value)[:20]}）。") from None


def _safe(path) -> bool:
    return isinstance(path, str) and path and not path.startswith(("/", "\\")) and ".." not in path.split("/")


def too_large(size: int) -> str:
    """The refusal of a package of `size` bytes, or "" (the pages and the API check the upload first)."""
    limit = settings.FILING_PACKAGE_MAX_BYTES
    return f"备案包过大：{_mb(size)}，上限 {_mb(limit)}。" if size > limit else ""


def package_read(data: bytes) -> Package:
    if too_large(len(data)):
        raise ValidationError(too_large(len(data)))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ValidationError("文件已损坏：不是有效的 .zip 备案包。") from None
    entries = archive.infolist()
    if len(entries) > settings.FILING_PACKAGE_MAX_FILES:
        raise ValidationError(f"备案包文件过多：{len(entries)} 个，上限 {settings.FILING_PACKAGE_MAX_FILES} 个。")
    unpacked = sum(e.file_size for e in entries)
    if unpacked > settings.FILING_PACKAGE_MAX_UNPACKED_BYTES:
        raise ValidationError(
            f"备案包解压后过大：{_mb(unpacked)}，上限 {_mb(settings.FILING_PACKAGE_MAX_UNPACKED_BYTES)}。"
        )
    names = {e.filename for e in entries}
    if "manifest.json" not in names:
        raise ValidationError("不是备案包或文件已损坏：缺少 manifest.json。")
    try:
        manifest = json.loads(_member(archive, "manifest.json"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise ValidationError("清单 manifest.json 不是有效的 JSON。") from None
    if not isinstance(manifest, dict) or manifest.get("format") != PACKAGE_FORMAT:
        raise ValidationError(f"不是备案包：manifest.json 的 format 应为 {PACKAGE_FORMAT}。")
    if manifest.get("version") != PACKAGE_VERSION:
        raise ValidationError(f"不支持的备案包版本：{manifest.get('version')!r}（本系统读取第 {PACKAGE_VERSION} 版）。")
    manifest["package_id"] = _text(manifest.get("package_id"), "备案包编号（package_id）", 200)
    document = manifest.get("document")
    if not isinstance(document, dict):
        raise ValidationError("清单不完整：缺少文件信息（document）。")
    checked = _document(document)
    filings = manifest.get("filings")
    if not isinstance(filings, list) or not filings or not all(isinstance(f, dict) for f in filings):
        raise ValidationError("清单不完整：缺少报送的备案机关（filings）。")
    listed = manifest.get("files")
    if not isinstance(listed, list) or not all(isinstance(f, dict) for f in listed):
        raise ValidationError("清单不完整：缺少文件列表（files）。")
    files = []
    for entry in listed:
        path = entry.get("path")
        if not _safe(path) or entry.get("role") not in IncomingFile.Role.values:
            raise ValidationError(f"清单有误：文件 {str(path)[:100]} 的路径或用途无效。")
        if path not in names:
            raise ValidationError(f"备案包不完整：清单列出的 {path} 不在包中。")
        content = _member(archive, path)
        if len(content) != entry.get("size") or hashlib.sha256(content).hexdigest() != entry.get("sha256"):
            raise ValidationError(f"文件已损坏：{path} 的大小或校验值与清单不符。")
        files.append((entry, content))
    roles = {entry["role"] for entry, _ in files}
    missing = [label for role, label in REQUIRED_ROLES.items() if role not in roles]
    if missing:
        raise ValidationError(f"备案包不完整：缺少{'、'.join(missing)}。")
    return Package(manifest=manifest, document=checked, files=files, sha256=hashlib.sha256(data).hexdigest())


def _member(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError):
        raise ValidationError(f"文件已损坏：无法读出 {name}。") from None


def _document(document: dict) -> dict:
    level = document.get("level")
    if level not in Level.values:
        raise ValidationError(f"清单有误：未知的效力层级 {str(level)[:40]}。")
    return {
        "title": _text(document.get("title"), "标题", 500),
        "doc_number": _text(document.get("doc_number"), "文号", 100, required=False),
        "issuer": _text(document.get("issuer"), "制定机关", 200),
        "level": level,
        "promulgated": _date(document.get("promulgated"), "公布日期"),
        "effective": _date(document.get("effective"), "施行日期", required=False),
        "expires": _date(document.get("expires"), "有效期至", required=False),
        "text": _text(document.get("text"), "正文", 2_000_000),
    }

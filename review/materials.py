"""A draft's materials as files, and the filing package that carries them to the filing body.

Materials are the drafting unit's: its drafters upload them while the process runs, on the process page or
with the task that asks for them (补充材料, 补正). Whoever may see the process may read them.
"""

import hashlib
import io
import json
import re
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from filings.docx_io import docx_write
from filings.services import ScanFile

from . import docx_out
from .models import LegalityReview, Material, ReviewEvent, ReviewProcess

PACKAGE_FORMAT = "normative-filing-package"
PACKAGE_VERSION = 2  # 2: the text, the explanation and the bodies' reviewers, for import elsewhere


def may_add(user: User, process: ReviewProcess) -> bool:
    """A drafter of the drafting unit, while the process runs."""
    return (
        user.is_authenticated
        and user.unit_id == process.drafting_unit_id
        and user.has_role(Role.DRAFTER)
        and process.finished is None
        and process.status != "CANCELED"
    )


def material_add(*, process: ReviewProcess, actor: User, kind: str, upload: ScanFile, note: str = "") -> Material:
    """Store one file with the process and record it in the history (inside the caller's transaction if any)."""
    if not may_add(actor, process):
        raise ValidationError("只有起草单位的起草人员可以在流程进行中上传材料。")
    if kind not in Material.Kind.values:
        raise ValidationError("请选择材料类别。")
    kind = Material.Kind(kind)
    with transaction.atomic():
        material = Material(
            process=process, kind=kind, name=upload.name[:200], size=len(upload.data),
            content_type=upload.content_type, sha256=hashlib.sha256(upload.data).hexdigest(),
            note=note.strip()[:300], uploaded_by=actor,
        )  # fmt: skip
        material.file.save(upload.name, ContentFile(upload.data), save=False)
        material.save()
        ReviewEvent.objects.create(process=process, actor=actor, what=f"上传材料：{kind.label}（{material.name}）")
    return material


def _safe_name(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name).strip("._") or "file"


def package_id(process: ReviewProcess) -> str:
    """Stable across exports of one filing, unique across platforms (the register number is per platform)."""
    return f"{process.document.register_number}/{process.pk}"


def filing_package(process: ReviewProcess) -> bytes:
    """The whole filing package as one .zip: 备案报告, the official text (.docx), the 意见书, every material,
    and manifest.json describing each file (its role, size and SHA-256) and the document's particulars."""
    document = process.document
    filings = list(process.filings.select_related("reviewer_unit"))
    files: list[tuple[str, str, bytes]] = [
        (f"备案报告-{_safe_name(f.body_name)}.docx" if len(filings) > 1 else "备案报告.docx", "filing_report",
         docx_out.filing_report(f))
        for f in filings
    ]  # fmt: skip
    files.append(("正式文本.docx", "official_text", docx_write(document, list(document.articles.all()))))
    review = process.legality_reviews.filter(conclusion=LegalityReview.Conclusion.LAWFUL).last()
    if review:
        files.append(("合法性审核意见书.docx", "legality_opinion", docx_out.legality_opinion(review)))
    for number, material in enumerate(process.materials.all(), 1):
        with material.file.open("rb") as handle:
            data = handle.read()
        files.append((f"材料/{number:02d}-{material.get_kind_display()}-{_safe_name(material.name)}", "material", data))
    manifest = {
        "format": PACKAGE_FORMAT,
        "version": PACKAGE_VERSION,
        "created": timezone.now().isoformat(),
        "package_id": package_id(process),
        "document": {
            "title": document.title, "doc_number": document.doc_number, "register_number": document.register_number,
            "issuer": document.issuer, "level": document.level,
            "promulgated": document.promulgated.isoformat(), "effective": document.effective.isoformat(),
            "expires": document.expires.isoformat() if document.expires else None, "text": document.text,
        },
        "explanation": process.explanation,
        "legal_bases": process.legal_bases,
        "filings": [
            {"body": f.body_name, "reviewer": f.reviewer_unit.issuer if f.reviewer_unit else "",
             "external": f.external, "report_number": f.report_number, "report": f.report, "status": f.status,
             "submitted_at": f.submitted_at.isoformat() if f.submitted_at else None}
            for f in filings
        ],
        "files": [
            {"path": path, "role": role, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for path, role, data in files
        ],
    }  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        for path, _, data in files:
            archive.writestr(path, data)
    return buffer.getvalue()

"""Importing a filing package as an incoming filing of the importer's filing body: idempotent by the package
id, in one transaction (a file written before a refusal is removed again), the document entered in the
register as registered from outside."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from filings import services as register
from filings.models import DocumentEvent, Status
from review.models import Filing

from .models import IncomingFile, IncomingPackage
from .reading import Package, package_read


def may_import(user: User) -> bool:
    return bool(user.is_authenticated and user.unit_id and user.has_perm("review.filing_review"))


def _addressed_to(package: Package, user: User) -> dict | None:
    """The manifest's filing sent to the user's unit (as the filing body or its reviewing office)."""
    names = {user.unit.name, user.unit.issuer}
    return next((f for f in package.manifest["filings"] if {f.get("body"), f.get("reviewer")} & names), None)


IMPORTED, CORRECTED, KNOWN = "imported", "corrected", "known"


def package_import(*, data: bytes, actor: User) -> tuple[IncomingPackage, str]:
    """Returns the incoming filing and what this call did: IMPORTED it; CORRECTED it (the package of a
    filing deferred for 补正, sent again with new contents: its files are added as the next round and it
    awaits registration again); or nothing, the package id being KNOWN."""
    if not may_import(actor):
        raise PermissionDenied("备案包由备案审查机构导入。")
    package = package_read(data)  # every check, before any write
    existing = IncomingPackage.objects.filter(package_id=package.manifest["package_id"]).first()
    if existing is not None:
        if existing.status == Filing.Status.DEFERRED and existing.sha256 != package.sha256:
            return _correct(existing, package, actor), CORRECTED
        return existing, KNOWN
    filing = _addressed_to(package, actor)
    if filing is None:
        bodies = "、".join(str(f.get("body") or f.get("reviewer")) for f in package.manifest["filings"])[:200]
        raise ValidationError(f"该备案包是报送{bodies}的，不是报送{actor.unit.issuer}的。")
    written: list[IncomingFile] = []
    try:
        with transaction.atomic():
            incoming = _store(package, filing, actor, written)
    except IntegrityError:
        # Imported at the same moment by someone else: theirs stands.
        _remove(written)
        return IncomingPackage.objects.get(package_id=package.manifest["package_id"]), KNOWN
    except BaseException:
        _remove(written)
        raise
    return incoming, IMPORTED


def _correct(incoming: IncomingPackage, package: Package, actor: User) -> IncomingPackage:
    filing = _addressed_to(package, actor) or {}
    written: list[IncomingFile] = []
    try:
        with transaction.atomic():
            incoming = IncomingPackage.objects.select_for_update().select_related("document").get(pk=incoming.pk)
            if incoming.status != Filing.Status.DEFERRED:  # registered meanwhile by a colleague
                return incoming
            if package.document["text"] != incoming.document.text:
                raise ValidationError("补正不能改变文件正文；正文有变化的，应作为新的文件报送备案。")
            incoming.rounds += 1
            incoming.status, incoming.sha256, incoming.manifest = (
                Filing.Status.SUBMITTED,
                package.sha256,
                package.manifest,
            )
            incoming.report = str(filing.get("report") or incoming.report)
            incoming.save()
            _files_store(incoming, package, written)
            register.document_event_add(document=incoming.document, actor=actor, kind=DocumentEvent.Kind.FILED,
                                        detail=f"收到补正后的备案包（第 {incoming.rounds} 次报送）")  # fmt: skip
    except BaseException:
        _remove(written)
        raise
    return incoming


def _store(package: Package, filing: dict, actor: User, written: list) -> IncomingPackage:
    doc = package.document
    today = timezone.localdate()
    status = Status.NOT_YET_IN_FORCE if doc["effective"] and doc["effective"] > today else Status.IN_FORCE
    fields = {k: doc[k] for k in ("title", "doc_number", "issuer", "level", "promulgated", "effective", "expires")}
    document = register.document_register_external(
        fields={**fields, "status": status}, text=doc["text"], scan=None, actor=actor,
        detail=f"外平台报送备案（备案包 {package.manifest['package_id']}）"[:300],
    )  # fmt: skip
    incoming = IncomingPackage.objects.create(
        package_id=package.manifest["package_id"], version=package.manifest["version"], sha256=package.sha256,
        body=actor.unit, document=document, issuer=doc["issuer"],
        report_number=str(filing.get("report_number") or "")[:50], report=str(filing.get("report") or ""),
        explanation=str(package.manifest.get("explanation") or ""),
        legal_bases=str(package.manifest.get("legal_bases") or ""),
        submitted_at=_moment(filing.get("submitted_at")), manifest=package.manifest, received_by=actor,
    )  # fmt: skip
    _files_store(incoming, package, written)
    return incoming


def _files_store(incoming: IncomingPackage, package: Package, written: list) -> None:
    for entry, content in package.files:
        kept = IncomingFile(package=incoming, round=incoming.rounds, path=entry["path"][:300], role=entry["role"],
                            size=len(content), sha256=entry["sha256"])  # fmt: skip
        kept.file.save(entry["path"].rsplit("/", 1)[-1], ContentFile(content), save=False)
        written.append(kept)
        kept.save()


def _moment(value) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _remove(files: list[IncomingFile]) -> None:
    for kept in files:
        if kept.file:
            kept.file.storage.delete(kept.file.name)

"""Everything that writes to the register. Keyword-only, atomic, with an audit row."""

import datetime
import gzip
import hashlib
import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.utils import timezone

from accounts.models import Unit, User

from .models import (
    GAZETTE_ISSUE_RE,
    Article,
    Attachment,
    Citation,
    DocNumberSeries,
    Document,
    DocumentEvent,
    Level,
    Status,
)
from .parsing import parse_articles, parse_citations, title_key
from .signals import announce
from .text import text_clean

logger = logging.getLogger(__name__)

# ---------------------------------------------------------------- structure


def document_keys(*, title: str, issuer: str) -> tuple[str, str]:
    """(title_key, chain_key): versions of one instrument share the chain key."""
    key = title_key(title)
    return key, f"{key}|{''.join(issuer.split())}"


@dataclass
class Structure:
    """Articles and citations parsed from a text, ready to store (parsed outside any write transaction)."""

    articles: list
    citations: list


def parse_structure(*, title: str, text: str) -> Structure:
    """Parse a text's structure, refusing texts past the size and article limits (settings) with a message."""
    if len(text) > settings.DOCUMENT_MAX_CHARS:
        raise ValidationError(f"正文过长：{len(text):,} 字，上限 {settings.DOCUMENT_MAX_CHARS:,} 字。")
    articles = parse_articles(text)
    count = sum(1 for a in articles if a.kind == "article")
    if count > settings.DOCUMENT_MAX_ARTICLES:
        raise ValidationError(f"条文过多：识别出 {count:,} 条，上限 {settings.DOCUMENT_MAX_ARTICLES:,} 条。")
    return Structure(articles, parse_citations(text, title, articles=articles))


def _structure_rows(document: Document, structure: Structure) -> tuple[list[Article], list[Citation]]:
    articles = [
        Article(
            document=document,
            kind=unit.kind,
            position=i,
            number=unit.number,
            sub_number=unit.sub_number,
            label=unit.label,
            heading=unit.heading[:300],
            text=unit.text,
            anchor=unit.anchor,
        )
        for i, unit in enumerate(structure.articles)
    ]
    citations = [
        Citation(
            document=document,
            cited_title=c.cited_title[:300],
            title_key=c.title_key[:300],
            article_number=c.article_number,
            article_label=c.article_label,
            article_anchor=c.article_anchor,
            evidence=c.evidence,
            position=c.position,
        )
        for c in structure.citations
    ]
    return articles, citations


def _structure_store(documents: list[Document], structures: dict[int, Structure]) -> None:
    """Replace the articles and citations of saved documents with their parsed structure."""
    Article.objects.filter(document__in=documents).delete()
    Citation.objects.filter(document__in=documents).delete()
    articles: list[Article] = []
    citations: list[Citation] = []
    for document in documents:
        a, c = _structure_rows(document, structures[document.pk])
        articles += a
        citations += c
    Article.objects.bulk_create(articles, batch_size=2000)
    Citation.objects.bulk_create(citations, batch_size=2000)


def _structure_replace(documents: list[Document]) -> None:
    """(Re)build articles and citations of saved documents from their text."""
    _structure_store(documents, {d.pk: parse_structure(title=d.title, text=d.text) for d in documents})


def _content_hash(fields: dict) -> str:
    return hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()


# ---------------------------------------------------------------- import

RECORD_FIELDS = ["title", "doc_number", "issuer", "level", "promulgated", "effective", "status",
                 "status_basis", "source", "text"]  # fmt: skip
MAX_LENGTHS = {"id": 100, "title": 500, "doc_number": 100, "issuer": 200, "status_basis": 300, "source": 500}


class RecordError(ValueError):
    """A corpus line that cannot be imported; the message says why, in Chinese."""


@dataclass
class ImportReport:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_local_edits: int = 0  # changed at the source, but corrected in the register since: not overwritten
    rejected: list[tuple[int, str]] = field(default_factory=list)


def _date(record: dict, name: str) -> datetime.date | None:
    value = record.get(name)
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise RecordError(f"{name} 不是日期：{value!r}")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise RecordError(f"{name} 不是有效日期（应为 YYYY-MM-DD）：{value!r}") from None


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _strings_cleaned(record: dict) -> dict:
    """Refuse lone surrogates (not text: no database stores them); strip control characters (NUL breaks
    PostgreSQL, the others the .docx outputs)."""
    cleaned = {}
    for name, value in record.items():
        if isinstance(value, str):
            if _SURROGATE.search(value):
                raise RecordError(f"{name} 含有无效字符（孤立的 UTF-16 代理项）")
            value = text_clean(value)
        cleaned[name] = value
    return cleaned


def record_fields(record: object) -> dict:
    """Validate one corpus record and return the model fields it sets."""
    if not isinstance(record, dict):
        raise RecordError("不是 JSON 对象")
    record = _strings_cleaned(record)
    for name in ["id", "title", "text"]:
        value = record.get(name)
        if not isinstance(value, str) or not value.strip():
            raise RecordError(f"缺少 {name}")
    for name, limit in MAX_LENGTHS.items():
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise RecordError(f"{name} 应为字符串")
        if value and len(value) > limit:
            raise RecordError(f"{name} 过长（{len(value)} 字，上限 {limit}）")
    try:
        level = Level.from_label(record.get("level") or "")
    except ValueError:
        raise RecordError(f"未知的效力层级：{record.get('level')!r}") from None
    status = ""
    if record.get("status"):
        try:
            status = Status.from_label(record["status"])
        except ValueError:
            raise RecordError(f"未知的时效性：{record['status']!r}") from None
    fields = {
        "title": record["title"].strip(),
        "doc_number": (record.get("doc_number") or "").strip(),
        "issuer": (record.get("issuer") or "").strip(),
        "level": level.value,
        "promulgated": _date(record, "promulgated"),
        "effective": _date(record, "effective"),
        "status": str(status),
        "status_basis": (record.get("status_basis") or "").strip(),
        "source": (record.get("source") or "").strip(),
        "text": record["text"],
    }
    fields["title_key"], fields["chain_key"] = document_keys(title=fields["title"], issuer=fields["issuer"])
    fields["content_hash"] = _content_hash({k: fields[k] for k in RECORD_FIELDS})
    return fields


def _flush(batch: dict[str, dict], report: ImportReport, lines: dict[str, int]) -> None:
    """Store one batch of valid records in one transaction; if the database refuses it, store the records
    one by one so that only the refused ones are rejected (with their line number and reason)."""
    try:
        _store(batch, report)
    except (DatabaseError, ValidationError, ValueError) as exc:
        logger.warning("import batch refused (%s); storing its records one by one", exc)
        for external_id, fields in batch.items():
            try:
                _store({external_id: fields}, report)
            except (DatabaseError, ValidationError, ValueError) as error:
                report.rejected.append((lines[external_id], f"数据库拒绝：{type(error).__name__}: {error}"[:300]))
        report.rejected.sort()


def _store(batch: dict[str, dict], report: ImportReport) -> None:
    counts = ImportReport()
    with transaction.atomic():
        existing = {d.external_id: d for d in Document.objects.filter(external_id__in=batch)}
        created, changed = [], []
        for external_id, fields in batch.items():
            document = existing.get(external_id)
            if document is None:
                created.append(Document(external_id=external_id, stage=Document.Stage.PUBLISHED, **fields))
            elif document.content_hash != fields["content_hash"] and not document.locally_edited:
                for name, value in fields.items():
                    setattr(document, name, value)
                changed.append(document)
            elif document.locally_edited:
                counts.kept_local_edits += 1  # corrected in the register: the source does not undo it
            else:
                counts.unchanged += 1
        Document.objects.bulk_create(created, batch_size=500)
        now = timezone.now()
        update_fields = [*RECORD_FIELDS, "title_key", "chain_key", "content_hash", "updated_at"]
        for document in changed:
            document.updated_at = now
        Document.objects.bulk_update(changed, update_fields, batch_size=200)
        _structure_replace(created + changed)
        DocumentEvent.objects.bulk_create(
            [DocumentEvent(document=d, kind=DocumentEvent.Kind.IMPORTED) for d in created]
            + [DocumentEvent(document=d, kind=DocumentEvent.Kind.UPDATED, detail="导入更新") for d in changed]
        )
        counts.imported, counts.updated = len(created), len(changed)
        announce(ids=[d.pk for d in created + changed])
    # Counted once the transaction has committed, so a batch retried record by record is not counted twice.
    report.imported += counts.imported
    report.updated += counts.updated
    report.unchanged += counts.unchanged
    report.kept_local_edits += counts.kept_local_edits


def documents_import(*, lines: Iterable[str | bytes], batch_size: int = 200) -> ImportReport:
    """Import corpus-format JSONL. Idempotent by `id`: a known id is updated, an unchanged one skipped.

    A bad line is rejected with its line number and reason; the good lines around it are kept.
    """
    report = ImportReport()
    batch: dict[str, dict] = {}
    line_of: dict[str, int] = {}
    for line_no, line in enumerate(lines, start=1):
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError:
                report.rejected.append((line_no, "不是 UTF-8 文本"))
                continue
        if not line.strip():
            continue
        try:
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise RecordError(f"JSON 格式错误：{exc.msg}（第 {exc.colno} 列）") from None
            except RecursionError:
                raise RecordError("JSON 嵌套过深") from None
            fields = record_fields(record)
        except RecordError as exc:
            report.rejected.append((line_no, str(exc)))
            continue
        external_id = text_clean(record["id"]).strip()
        if external_id in batch:  # the same id twice: the later line wins, in order
            _flush(batch, report, line_of)
            batch = {}
        batch[external_id], line_of[external_id] = fields, line_no
        if len(batch) >= batch_size:
            _flush(batch, report, line_of)
            batch = {}
    if batch:
        _flush(batch, report, line_of)
    return report


def jsonl_lines(path: Path) -> Iterator[bytes]:
    """Lines of a .jsonl or .jsonl.gz file, as bytes (decoded per line, so one bad line stays one)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as stream:
        yield from stream


# ---------------------------------------------------------------- drafts and publication


def _validity_end(*, title: str, effective: datetime.date) -> datetime.date:
    """Default 有效期: 5 years, 2 for 暂行/试行 (settings), counted from the effective date."""
    provisional = "暂行" in title or "试行" in title
    years = settings.VALIDITY_YEARS_PROVISIONAL if provisional else settings.VALIDITY_YEARS_DEFAULT
    try:
        end = effective.replace(year=effective.year + years)
    except ValueError:  # 29 February
        end = effective.replace(year=effective.year + years, day=28)
    return end - datetime.timedelta(days=1)


def draft_create(
    *,
    title: str,
    text: str,
    level: str,
    drafting_unit: Unit,
    issuer_unit: Unit | None,
    actor: User,
    note: str = "",
    structure: Structure | None = None,
) -> Document:
    """A new unpublished draft of the drafting unit, with its structure (parsed here unless given)."""
    structure = structure or parse_structure(title=title, text=text)
    with transaction.atomic():
        return _draft_store(title, text, level, drafting_unit, issuer_unit, actor, note, structure)


def _draft_store(title, text, level, drafting_unit, issuer_unit, actor, note, structure) -> Document:
    issuer = (issuer_unit or drafting_unit).issuer
    keys = document_keys(title=title, issuer=issuer)
    document = Document.objects.create(
        title=title,
        text=text,
        level=level,
        issuer=issuer,
        issuer_unit=issuer_unit or drafting_unit,
        drafting_unit=drafting_unit,
        stage=Document.Stage.DRAFT,
        title_key=keys[0],
        chain_key=keys[1],
        content_hash=_content_hash({"title": title, "text": text}),
    )
    _structure_store([document], {document.pk: structure})
    DocumentEvent.objects.create(document=document, actor=actor, kind=DocumentEvent.Kind.CREATED, detail=note)
    announce(ids=[document.pk])
    return document


def series_next(*, key: str, year: int) -> int:
    """Take the next number of a series. Call inside a transaction: the row stays locked until it ends."""
    series, _ = DocNumberSeries.objects.get_or_create(key=key, year=year)
    series = DocNumberSeries.objects.select_for_update().get(pk=series.pk)
    series.last_number += 1
    series.save(update_fields=["last_number"])
    return series.last_number


def office_number(*, unit, kind: str, year: int) -> str:
    """The 发文字号 of a document an office issues (意见书 审, 备案报告 报, 清理结果 清): its 机关代字, the kind,
    the year in 六角括号 and the next number of that series. Call inside a transaction."""
    code = (unit.office_code or unit.doc_number_prefix or unit.issuer) if unit else "本机关"
    return f"{code}{kind}〔{year}〕{series_next(key=f'{code}{kind}', year=year)}号"


RULE_LEVELS = (Level.LOCAL_GOVERNMENT_RULE, Level.DEPARTMENT_RULE)
# The order series runs on across years (第N号令), so it is kept under year 0.
ORDER_SERIES_YEAR = 0


def _rule_order(unit, promulgated: datetime.date, gazette_issue: str, signatory: str) -> str:
    """The 令 of a 规章: the issuing government's next order number; its 公报 issue and signing head checked."""
    errors = {}
    match = GAZETTE_ISSUE_RE.match(gazette_issue.strip())
    if not match:
        errors["gazette_issue"] = "规章须在本级人民政府公报上刊登：请填写公报期号，如“2026年第3期”。"
    elif not promulgated.year <= int(match.group(1)) <= promulgated.year + 1 or int(match.group(2)) == 0:
        errors["gazette_issue"] = f"公报期号“{gazette_issue.strip()}”与公布日期（{promulgated.year}年）不符。"
    if not signatory.strip():
        errors["signatory"] = "规章由行政首长签署命令予以公布（立法法第九十七条）：请填写签署人，如“市长　张三”。"
    if errors:
        raise ValidationError(errors)
    return rule_order_next(unit=unit)


def rule_order_next(*, unit) -> str:
    """The government's next order (publishing or repealing a 规章). Call inside a transaction."""
    return f"{unit.issuer}令第{series_next(key=f'令{unit.pk}', year=ORDER_SERIES_YEAR)}号"


@transaction.atomic
def document_publish(
    *,
    document: Document,
    actor: User,
    promulgated: datetime.date,
    effective: datetime.date,
    gazette_issue: str = "",
    signatory: str = "",
) -> Document:
    """三统一: give a draft its register number and the next 文号 of its issuer's series, and publish it; a
    规章 gets its government's next 令 number instead and the 公报 issue that carries its standard text.

    Called only by the review workflow's publication (review.services.review_publish), which checks the
    lawful legality review and the deliberation first; no page of the register publishes."""
    document = (
        Document.objects.select_for_update(of=("self",)).select_related("issuer_unit__jurisdiction").get(pk=document.pk)
    )
    if document.stage != Document.Stage.DRAFT:
        raise ValidationError("只有草稿可以公布；该文件已经公布")
    unit = document.issuer_unit
    rule = document.level in RULE_LEVELS
    if unit is None or not (rule or unit.doc_number_prefix):
        raise ValidationError("制定单位没有设置文号代字，无法编号；请管理员在单位设置中填写")
    if rule and not unit.may_issue_rules:
        raise ValidationError(f"{unit.issuer}无权制定规章，不能以令公布。")
    if effective < promulgated:
        raise ValidationError("施行日期不能早于公布日期")
    year = promulgated.year
    # Each jurisdiction keeps its own register (三统一 per level); units outside the tree share the first one.
    jurisdiction = unit.jurisdiction
    prefix = f"{jurisdiction.code}-" if jurisdiction is not None else ""
    register_no = series_next(key=f"{DocNumberSeries.REGISTER}{prefix}", year=year)
    document.register_number = f"{prefix}{year}-{register_no:05d}"
    if rule:
        document.doc_number = _rule_order(unit, promulgated, gazette_issue, signatory)
        document.gazette_issue, document.signatory = gazette_issue.strip(), signatory.strip()[:50]
    else:
        document.doc_number = (
            f"{unit.doc_number_prefix}〔{year}〕{series_next(key=unit.doc_number_prefix, year=year)}号"
        )
    document.promulgated = promulgated
    document.effective = effective
    if document.level == Level.NORMATIVE_DOCUMENT and document.expires is None:
        document.expires = _validity_end(title=document.title, effective=effective)
    today = timezone.localdate()
    document.status = Status.IN_FORCE if effective <= today else Status.NOT_YET_IN_FORCE
    document.status_basis = "统一公布"
    document.stage = Document.Stage.PUBLISHED
    document.origin = Document.Origin.WORKFLOW
    document.save()
    DocumentEvent.objects.create(
        document=document,
        actor=actor,
        kind=DocumentEvent.Kind.PUBLISHED,
        detail=f"登记编号 {document.register_number}，文号 {document.doc_number}",
    )
    announce(ids=[document.pk])
    return document


@transaction.atomic
def document_structure_refresh(*, document: Document, actor: User | None, detail: str = "") -> Document:
    """After an edit of title, issuer or text (e.g. in the admin): keys, articles and citations follow."""
    document.title_key, document.chain_key = document_keys(title=document.title, issuer=document.issuer)
    document.content_hash = _content_hash({k: getattr(document, k) for k in RECORD_FIELDS})
    document.save()
    _structure_replace([document])
    DocumentEvent.objects.create(document=document, actor=actor, kind=DocumentEvent.Kind.UPDATED, detail=detail)
    announce(ids=[document.pk])
    return document


def draft_revise(
    *, document: Document, title: str, text: str, actor: User, note: str, structure: Structure | None = None
) -> Document:
    """The drafting unit replaces a draft's text (e.g. amendments after legality review)."""
    structure = structure or parse_structure(title=title, text=text)
    with transaction.atomic():
        return _draft_replace(document, title, text, actor, note, structure)


def _draft_replace(document, title, text, actor, note, structure) -> Document:
    document = Document.objects.select_for_update(of=("self",)).get(pk=document.pk)
    if document.stage != Document.Stage.DRAFT:
        raise ValidationError("已公布的文件不能再修改草稿")
    document.title, document.text = title, text
    document.title_key, document.chain_key = document_keys(title=title, issuer=document.issuer)
    document.content_hash = _content_hash({"title": title, "text": text})
    document.save()
    _structure_store([document], {document.pk: structure})
    DocumentEvent.objects.create(document=document, actor=actor, kind=DocumentEvent.Kind.REVISED, detail=note)
    announce(ids=[document.pk])
    return document


@transaction.atomic
def document_status_set(*, document: Document, status: str, basis: str, actor: User | None) -> Document:
    """Change a published document's 时效性 (a filing review revoking it, a cleanup decision)."""
    document = Document.objects.select_for_update(of=("self",)).get(pk=document.pk)
    document.status, document.status_basis = status, basis[:300]
    document.save(update_fields=["status", "status_basis", "updated_at"])
    DocumentEvent.objects.create(
        document=document,
        actor=actor,
        kind=DocumentEvent.Kind.STATUS,
        detail=f"{document.get_status_display()}：{basis}"[:500],
    )
    announce(ids=[document.pk])
    return document


@transaction.atomic
def documents_take_effect(*, today: datetime.date) -> int:
    """Published documents whose effective date has come pass from 尚未生效 to 有效."""
    due = list(
        Document.objects.select_for_update()
        .filter(stage=Document.Stage.PUBLISHED, status=Status.NOT_YET_IN_FORCE, effective__lte=today)
        .values_list("pk", flat=True)
    )
    Document.objects.filter(pk__in=due).update(
        status=Status.IN_FORCE, status_basis="施行日期已到", updated_at=timezone.now()
    )
    DocumentEvent.objects.bulk_create(
        [DocumentEvent(document_id=pk, kind=DocumentEvent.Kind.STATUS, detail="有效：施行日期已到") for pk in due]
    )
    announce(ids=due)
    return len(due)


def document_event_add(*, document: Document, actor: User | None, kind: str, detail: str) -> None:
    """An audit row written by another app's service, inside that service's transaction."""
    DocumentEvent.objects.create(document=document, actor=actor, kind=kind, detail=detail[:500])


# ---------------------------------------------------------------- documents issued outside the platform

# The particulars an archivist may correct on an imported or externally registered document.
CORRECTABLE_FIELDS = ["title", "doc_number", "issuer", "level", "promulgated", "effective", "expires", "status",
                      "status_basis", "source"]  # fmt: skip


@dataclass
class ScanFile:
    name: str
    content_type: str
    data: bytes


def document_register_external(
    *, fields: dict, text: str, scan: ScanFile | None, actor: User, detail: str = ""
) -> Document:
    """A document issued before or outside the platform enters the register as what it is: with its own
    文号 and dates, marked as registered from outside, never with a number of the 三统一 series. Its scan is
    kept with it; a document arriving in a filing package brings its files with the package instead."""
    keys = document_keys(title=fields["title"], issuer=fields["issuer"])
    units = parse_structure(title=fields["title"], text=text)  # outside the write transaction
    with transaction.atomic():
        document = Document.objects.create(
            **fields,
            text=text,
            stage=Document.Stage.PUBLISHED,
            origin=Document.Origin.EXTERNAL,
            title_key=keys[0],
            chain_key=keys[1],
            content_hash=_content_hash({**fields, "text": text}),
        )
        _structure_store([document], {document.pk: units})
        if scan is not None:
            attachment = Attachment(
                document=document, kind=Attachment.Kind.SCAN, name=scan.name[:200], size=len(scan.data),
                content_type=scan.content_type, uploaded_by=actor,
            )  # fmt: skip
            attachment.file.save(scan.name, ContentFile(scan.data), save=False)
            attachment.save()
            detail = detail or f"{document.doc_number or '无文号'}，扫描件 {attachment.name}"
        DocumentEvent.objects.create(document=document, actor=actor, kind=DocumentEvent.Kind.REGISTERED,
                                     detail=detail[:300])  # fmt: skip
        announce(ids=[document.pk])
    return document


@transaction.atomic
def document_metadata_correct(*, document: Document, values: dict, actor: User) -> Document:
    """An archivist corrects an imported or registered document's particulars; old and new values go into
    its history, and a later import of the same record no longer overwrites them."""
    document = Document.objects.select_for_update(of=("self",)).get(pk=document.pk)
    if not document.metadata_correctable:
        raise ValidationError("经审核流程公布的文件和草稿不能在此更正；修改须经审核流程形成新版本。")
    unknown = set(values) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise ValidationError(f"这些字段不能更正：{'、'.join(sorted(unknown))}")
    changes = {
        name: [_plain(getattr(document, name)), _plain(value)]
        for name, value in values.items()
        if getattr(document, name) != value
    }
    if not changes:
        return document
    for name, value in values.items():
        setattr(document, name, value)
    document.title_key, document.chain_key = document_keys(title=document.title, issuer=document.issuer)
    document.locally_edited = True
    document.save()
    if "title" in changes:
        _structure_replace([document])
    labels = {f.name: str(f.verbose_name) for f in Document._meta.fields}
    detail = "；".join(f"{labels[k]}：{old or '（空）'} → {new or '（空）'}" for k, (old, new) in changes.items())
    DocumentEvent.objects.create(
        document=document, actor=actor, kind=DocumentEvent.Kind.CORRECTED, changes=changes, detail=detail[:500]
    )
    announce(ids=[document.pk])
    return document


def _plain(value) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else str(value or "")

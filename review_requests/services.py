"""Writes for 审查建议: submission by anyone (no account), then registration, forwarding and the answer by the
office that reviews the document's filing. Every step is in a transaction and leaves an event."""

import datetime
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Unit, User
from accounts.roles import Role
from filings import services as register
from filings.models import Document, DocumentEvent
from filings.services import ScanFile, series_next
from filings.text import cn_date
from jurisdictions.selectors import filing_targets
from notifications.services import notify
from review.models import Filing
from review.services import sender_hash
from review.workdays import days_after, workdays_after

from .models import RequestedReview, ReviewRequest, ReviewRequestEvent


def body_for(document: Document) -> Unit | None:
    """The office that reviews the document's filing: from its filing on the platform, else from the rule
    table for its issuer; None when no body on the platform reviews it (a national law, say)."""
    filing = Filing.objects.filter(document=document, reviewer_unit__isnull=False).order_by("id").first()
    if filing is not None:
        return filing.reviewer_unit
    for target in filing_targets(document.issuer_unit, document.level):
        if target.reviewer is not None:
            return target.reviewer
    return None


def _event(request: ReviewRequest, actor: User | None, what: str, public: bool = True) -> None:
    ReviewRequestEvent.objects.create(request=request, actor=actor, what=what[:300], public=public)


@transaction.atomic
def request_submit(
    *, document: Document, fields: dict, upload: ScanFile | None, sender: str
) -> tuple[ReviewRequest, str]:
    """Register a request from the public; returns it and the follow code (shown once, stored hashed)."""
    if document.stage != Document.Stage.PUBLISHED:
        raise ValidationError({"document": "只能对已公布的文件提出审查建议。"})
    body = body_for(document)
    if body is None:
        raise ValidationError({"document": "该文件不由本平台的机关备案审查，请向其制定机关的备案审查机关提出。"})
    digest = sender_hash(sender)
    since = timezone.now() - datetime.timedelta(days=1)
    if (
        ReviewRequest.objects.filter(sender_hash=digest, received_at__gte=since).count()
        >= settings.REVIEW_REQUEST_MAX_PER_DAY
    ):
        raise ValidationError(f"提交过于频繁：每天最多 {settings.REVIEW_REQUEST_MAX_PER_DAY} 件，请明天再试。")
    today = timezone.localdate()
    code = secrets.token_hex(4).upper()
    office = body.office_code or body.issuer
    request = ReviewRequest(
        number=f"{office}审建〔{today.year}〕{series_next(key=f'{office}审建', year=today.year)}号",
        code_hash=sender_hash(code), document=document, body=body, sender_hash=digest,
        register_due=workdays_after(today, settings.REVIEW_REQUEST_REGISTER_WORKDAYS).date, **fields,
    )  # fmt: skip
    if upload is not None:
        request.attachment.save(upload.name, ContentFile(upload.data), save=False)
        request.attachment_name, request.attachment_type = upload.name[:200], upload.content_type
    request.save()
    _event(request, None, f"收到审查建议，受理机关：{body.issuer}")
    reviewers = User.objects.filter(unit=body, is_active=True, groups__permissions__codename="filing_review")
    notify(users=list(reviewers.distinct()), kind="task", text=f"收到审查建议 {request.number}：《{document.title}》",
           url=f"/review-requests/{request.pk}/", key=f"review-request-{request.pk}")  # fmt: skip
    return request, code


def request_follow(*, number: str, code: str) -> ReviewRequest | None:
    request = ReviewRequest.objects.filter(number=number.strip()).select_related("document", "body").first()
    if request is None or not hmac.compare_digest(request.code_hash, sender_hash(code.strip().upper())):
        return None
    return request


def _locked(request: ReviewRequest, *allowed: str) -> ReviewRequest:
    request = ReviewRequest.objects.select_for_update().get(pk=request.pk)
    if request.status not in allowed:
        raise ValidationError(f"该审查建议已{request.get_status_display()}，不能再办理这一步。")
    return request


@transaction.atomic
def request_register(*, request: ReviewRequest, actor: User, note: str = "") -> ReviewRequest:
    """登记 and acknowledge: the requester sees it, and the answer falls due."""
    request = _locked(request, ReviewRequest.Status.RECEIVED)
    request.status, request.registered_at, request.handled_by = ReviewRequest.Status.REGISTERED, timezone.now(), actor
    request.answer_due = days_after(timezone.localdate(), settings.REVIEW_REQUEST_ANSWER_DAYS).date
    request.save()
    _event(request, actor, "已登记受理" + (f"：{note.strip()}" if note.strip() else ""))
    return request


@transaction.atomic
def request_forward(*, request: ReviewRequest, actor: User, to: str, note: str) -> ReviewRequest:
    """Not for this body: sent on to the competent one (立法法 art. 115), and the requester is told."""
    if not to.strip():
        raise ValidationError({"to": "请填写转送的有权机关。"})
    request = _locked(request, ReviewRequest.Status.RECEIVED, ReviewRequest.Status.REGISTERED)
    request.status, request.forwarded_to, request.handled_by = ReviewRequest.Status.FORWARDED, to.strip(), actor
    request.answered_at = timezone.now()
    request.save()
    _event(request, actor, f"已转送{to.strip()}处理" + (f"：{note.strip()}" if note.strip() else ""))
    return request


@transaction.atomic
def request_answer(*, request: ReviewRequest, actor: User, answer: str, publish: bool) -> ReviewRequest:
    if not answer.strip():
        raise ValidationError({"answer": "请填写答复内容。"})
    request = _locked(request, ReviewRequest.Status.REGISTERED)
    request.status, request.answer, request.answered_at = ReviewRequest.Status.ANSWERED, answer.strip(), timezone.now()
    request.answer_published, request.handled_by = publish, actor
    request.save()
    _event(request, actor, "已答复" + ("，答复已公开" if publish else ""))
    return request


@transaction.atomic
def review_start(*, request: ReviewRequest, actor: User) -> RequestedReview:
    """A registered request starts a review of its document (依申请审查) by the body it was addressed to."""
    request = _locked(request, ReviewRequest.Status.REGISTERED)
    if RequestedReview.objects.filter(request=request).exists():
        raise ValidationError("该审查建议已启动审查。")
    review = RequestedReview.objects.create(request=request, document=request.document, started_by=actor)
    _event(request, actor, "已启动对该文件的审查")
    register.document_event_add(document=request.document, actor=actor, kind=DocumentEvent.Kind.FILED,
                                detail=f"依审查建议 {request.number} 启动审查")  # fmt: skip
    return review


@transaction.atomic
def review_conclude(*, review: RequestedReview, actor: User, outcome: str, note: str) -> RequestedReview:
    review = RequestedReview.objects.select_for_update().get(pk=review.pk)
    if review.concluded_at:
        raise ValidationError("该审查已有结果。")
    if outcome not in RequestedReview.Outcome.values:
        raise ValidationError({"outcome": "请选择审查结果。"})
    if outcome != RequestedReview.Outcome.NO_PROBLEM and not note.strip():
        raise ValidationError({"note": "请写明审查意见。"})
    review.outcome, review.note, review.concluded_at = outcome, note.strip(), timezone.now()
    days = {RequestedReview.Outcome.EXPLANATION: settings.FILING_EXPLANATION_DAYS,
            RequestedReview.Outcome.SELF_CORRECTION: settings.SELF_CORRECTION_REPORT_DAYS}.get(outcome)  # fmt: skip
    if days:
        review.answer_due = days_after(timezone.localdate(), days).date
    review.save()
    label = RequestedReview.Outcome(outcome).label
    _event(review.request, actor, f"审查结果：{label}")
    register.document_event_add(document=review.document, actor=actor, kind=DocumentEvent.Kind.FILED,
                                detail=f"依申请审查（{review.request.number}）：{label}")  # fmt: skip
    if days and review.document.issuer_unit_id:
        drafters = User.objects.filter(
            unit_id=review.document.issuer_unit_id, is_active=True, groups__name=Role.DRAFTER
        )
        url = reverse("review_requests:review_answer", args=[review.pk])
        text = f"《{review.document.title}》依申请审查：{label}，请于{cn_date(review.answer_due)}前答复"
        notify(users=list(drafters.distinct()), kind="task", url=url, text=text, key=f"requested-review-{review.pk}")
    return review


@transaction.atomic
def review_answer(*, review: RequestedReview, actor: User, text: str) -> RequestedReview:
    """The issuer's explanation or report on its correction."""
    review = RequestedReview.objects.select_for_update().get(pk=review.pk)
    if not review.awaits_issuer:
        raise ValidationError("该审查不需要或已收到制定机关的答复。")
    if actor.unit_id != review.document.issuer_unit_id:
        raise ValidationError("只有制定机关可以答复。")
    if not text.strip():
        raise ValidationError({"text": "请填写说明或纠正情况。"})
    review.issuer_answer, review.answered_at = text.strip(), timezone.now()
    review.save()
    _event(review.request, actor, f"制定机关已答复：{text.strip()[:200]}", public=False)
    return review

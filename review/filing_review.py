"""Filing and filing review, to its lawful end (DOMAIN.md stages 6–7; 备案审查条例 arts. 9–23; 立法法 art. 108).

报送 → 登记 / 暂缓登记 (15 days to supplement) / 不予登记 (with the reason, forwarded where another body is
competent) → active review within 2 months (extendable with a reason) → 未发现问题, 请予说明, or a written
审查意见 advising correction → the issuer reports within 30 days (a new version, a repeal, or why not) →
the filing body accepts the report, or sends a 处理意见 to the competent authority, which alone decides
and alone may revoke (撤销, a status of its own). Keyword-only, atomic, each leaving a ReviewEvent row.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from filings import services as register
from filings.models import Document, DocumentEvent, Status
from filings.selectors import months_later
from filings.text import cn_date
from jurisdictions.selectors import filing_targets

from . import selectors
from .events import event_add
from .models import Filing, ReviewProcess, TaskDeadline
from .workdays import days_after


def filings_create(*, process: ReviewProcess, document: Document, promulgated: datetime.date) -> list[Filing]:
    """The filings due for the document, one per filing body the rule table names for its issuer (an issuer
    outside the jurisdiction tree files with the one body the settings name, as before routing)."""
    due = days_after(promulgated, settings.FILING_DAYS).date
    targets = filing_targets(document.issuer_unit or process.drafting_unit, document.level)
    if not targets:
        return [Filing.objects.create(process=process, document=document, due=due,
                                      body_name=settings.FILING_BODY_NAME)]  # fmt: skip
    return [
        Filing.objects.create(
            process=process,
            document=document,
            due=due,
            body_name=target.name,
            body=target.body,
            reviewer_unit=target.reviewer,
            external=target.external,
            basis=target.basis,
        )  # fmt: skip
        for target in targets
    ]


@transaction.atomic
def filings_submit(*, process: ReviewProcess, actor: User, report: str, references: dict[int, str]) -> list[Filing]:
    """报送备案 to every filing body at once: each filing gets the report and its own 备案报告 number; a body
    outside the platform is recorded as sent, with the reference of how it was sent."""
    if not report.strip():
        raise ValidationError({"report": "请填写备案报告。"})
    filings = list(process.filings.select_for_update().filter(status=Filing.Status.DUE))
    if not filings:
        raise ValidationError("没有待报送的备案。")
    year = timezone.localdate().year
    for filing in filings:
        if filing.external and not (references.get(filing.pk) or "").strip():
            raise ValidationError(f"请填写向{filing.body_name}报送的文号或回执。")
        filing.report = report.strip()
        filing.status = Filing.Status.SUBMITTED
        filing.submitted_at = timezone.now()
        filing.reference = (references.get(filing.pk) or "").strip()[:100]
        if not filing.report_number:
            unit = filing.document.issuer_unit
            filing.report_number = register.office_number(unit=unit, kind="报", year=year)
        filing.save()
    bodies = "、".join(f.body_name for f in filings)
    register.document_event_add(document=process.document, actor=actor, kind=DocumentEvent.Kind.FILED,
                                detail=f"报送备案：{bodies}")  # fmt: skip
    event_add(process=process, actor=actor, what=f"报送备案：{bodies}")
    return filings


@transaction.atomic
def filing_outcome_record(*, filing: Filing, actor: User, outcome: str, note: str) -> Filing:
    """The outcome a body outside the platform (the State Council) sent back, entered by hand."""
    if not filing.external:
        raise ValidationError("平台内的备案由备案审查机关在平台上审查。")
    if filing.status != Filing.Status.SUBMITTED or filing.closed_at:
        raise ValidationError("该备案尚未报送，或结果已经录入。")
    filing_review_conclude(filing=filing, actor=actor, outcome=outcome, note=note)
    filing.refresh_from_db()
    filing.closed_at = filing.closed_at or timezone.now()
    filing.save(update_fields=["closed_at"])
    return filing


def registration_checked(*, decision: str, note: str, correction_due: datetime.date | None) -> datetime.date | None:
    """The rules of a registration decision (备案审查条例 art. 9), for a filing made here or one that came in a
    package from another platform; returns the correction deadline of a 暂缓登记."""
    if decision == Filing.Status.DEFERRED:
        earliest = days_after(timezone.localdate(), settings.FILING_CORRECTION_DAYS).date
        correction_due = correction_due or earliest
        if correction_due < earliest:
            raise ValidationError({"correction_due": (
                f"制定机关自收到暂缓登记通知之日起 {settings.FILING_CORRECTION_DAYS} 日内补正（备案审查条例第九条）："
                f"补正期限不得早于{cn_date(earliest)}。"
            )})  # fmt: skip
        if not note.strip():
            raise ValidationError({"note": "暂缓登记的，须写明需要补正的内容。"})
        return correction_due
    if decision == Filing.Status.REFUSED:
        if not note.strip():
            raise ValidationError({"note": "不予登记的，须说明理由（如不属于本机关备案范围）。"})
        return None
    if decision != Filing.Status.REGISTERED:
        raise ValidationError({"decision": "请选择登记结果。"})
    return None


def conclusion_checked(*, outcome: str, note: str) -> Filing.Outcome:
    """The rule of a review's conclusion (art. 18): anything but 未发现问题 comes with a written opinion."""
    outcome = Filing.Outcome(outcome)
    if outcome != Filing.Outcome.NO_PROBLEM and not note.strip():
        raise ValidationError({"note": "请写明审查意见。"})
    return outcome


@transaction.atomic
def filing_register(
    *,
    filing: Filing,
    actor: User,
    decision: str,
    note: str,
    correction_due: datetime.date | None,
    forwarded_to: str = "",
) -> Filing:
    if filing.status != Filing.Status.SUBMITTED:
        raise ValidationError("只有已报送的备案可以登记。")
    correction_due = registration_checked(decision=decision, note=note, correction_due=correction_due)
    if decision == Filing.Status.DEFERRED:
        filing.correction_due = correction_due
        filing.deferred_count += 1
    elif decision == Filing.Status.REFUSED:
        filing.forwarded_to = forwarded_to.strip()[:100]
        filing.closed_at = timezone.now()
    else:
        filing.registered_at = timezone.now()
        filing.review_due = months_later(timezone.localdate(), settings.FILING_REVIEW_MONTHS)
    filing.status = decision
    filing.registration_note = note.strip()
    filing.save()
    label = Filing.Status(decision).label
    register.document_event_add(document=filing.document, actor=actor, kind=DocumentEvent.Kind.FILED,
                                detail=f"{filing.body_name}：{label}")  # fmt: skip
    what = f"{filing.body_name}：备案{label}" + (f"：{note.strip()}" if note.strip() else "")
    if filing.forwarded_to:
        what += f"；已转送{filing.forwarded_to}"
    event_add(process=filing.process, actor=actor, what=what)
    return filing


@transaction.atomic
def filing_correct(*, filing: Filing, actor: User, note: str) -> Filing:
    if filing.status != Filing.Status.DEFERRED:
        raise ValidationError("只有暂缓登记的备案需要补正。")
    if not note.strip():
        raise ValidationError({"note": "请说明补正的内容。"})
    filing.status = Filing.Status.SUBMITTED
    filing.report = f"{filing.report}\n\n补正（{cn_date(timezone.localdate())}）：{note.strip()}"
    filing.save()
    event_add(process=filing.process, actor=actor, what=f"向{filing.body_name}补正备案材料：{note.strip()}")
    return filing


@transaction.atomic
def filing_review_conclude(*, filing: Filing, actor: User, outcome: str, note: str) -> Filing:
    """The review's conclusion (art. 18). 建议自行纠正 is a written 审查意见 with its own 文号."""
    outcome = conclusion_checked(outcome=outcome, note=note)
    filing.outcome, filing.outcome_note = outcome, note.strip()
    detail = outcome.label
    if outcome == Filing.Outcome.SELF_CORRECTION:
        filing.report_back_due = days_after(timezone.localdate(), settings.SELF_CORRECTION_REPORT_DAYS).date
        if not filing.opinion_number:
            office = filing.reviewer_unit or actor.unit
            filing.opinion_number = register.office_number(unit=office, kind="备审", year=timezone.localdate().year)
        detail = f"{outcome.label}（审查意见 {filing.opinion_number}）"
    if outcome == Filing.Outcome.NO_PROBLEM:
        filing.closed_at = timezone.now()
    filing.save()
    register.document_event_add(document=filing.document, actor=actor, kind=DocumentEvent.Kind.FILED,
                                detail=f"{filing.body_name}备案审查：{detail}")  # fmt: skip
    event_add(process=filing.process, actor=actor, what=f"{filing.body_name}备案审查：{detail}")
    return filing


@transaction.atomic
def filing_review_extend(*, filing: Filing, actor: User, until: datetime.date, reason: str) -> Filing:
    """A difficult case: the 2 months of active review extended, with the reason on record (art. 11)."""
    if filing.status != Filing.Status.REGISTERED or filing.outcome or filing.closed_at:
        raise ValidationError("只有审查中的备案可以延长审查期限。")
    if not reason.strip():
        raise ValidationError({"reason": "延长审查期限的，须写明理由（如情况复杂、需征求有关方面意见）。"})
    current = filing.review_due or timezone.localdate()
    if until <= current:
        raise ValidationError({"until": f"延长后的期限须晚于原期限（{cn_date(current)}）。"})
    filing.review_due, filing.extension_reason = until, reason.strip()[:300]
    filing.save(update_fields=["review_due", "extension_reason"])
    for task in selectors.open_filing_tasks(filing, "filing_review"):
        TaskDeadline.objects.update_or_create(
            task=task, defaults={"due": until, "basis": f"延长审查期限：{reason.strip()}"[:200], "estimated": False}
        )
    event_add(process=filing.process, actor=actor,
              what=f"{filing.body_name}延长审查期限至{cn_date(until)}：{reason.strip()}")  # fmt: skip
    return filing


def _explanation_add(filing: Filing, kind: str, text: str) -> None:
    filing.explanation = f"{filing.explanation}\n\n{kind}（{cn_date(timezone.localdate())}）：{text}".strip()


@transaction.atomic
def filing_explain(*, filing: Filing, actor: User, text: str) -> Filing:
    """The drafting unit's written explanation (请予说明)."""
    if not text.strip():
        raise ValidationError({"text": "请填写书面说明。"})
    _explanation_add(filing, "书面说明", text.strip())
    filing.save(update_fields=["explanation"])
    event_add(process=filing.process, actor=actor, what=f"向{filing.body_name}书面说明：{text.strip()[:200]}")
    return filing


def correction_candidates(filing: Filing):
    """The documents the issuer may name as its correction: its own newer drafts and publications."""
    document = filing.document
    return (
        Document.objects.filter(issuer_unit_id=document.issuer_unit_id, created_at__gt=document.created_at)
        .exclude(pk=document.pk)
        .exclude(status__in=[Status.REPEALED, Status.REVOKED])
        .order_by("-created_at")
        .defer("text")
    )


@transaction.atomic
def filing_report_back(
    *, filing: Filing, actor: User, action: str, text: str, correction: Document | None = None
) -> Filing:
    """The issuer reports within 30 days what it did on the 审查意见 (art. 21): amended it by a new version
    (named: a draft in the workflow or its publication), repealed it (its own 废止, with its decision), or
    did not correct it and says why."""
    action = Filing.CorrectionAction(action)
    if not text.strip():
        raise ValidationError({"text": "请填写纠正情况报告。"})
    if action == Filing.CorrectionAction.AMENDED:
        if correction is None or not correction_candidates(filing).filter(pk=correction.pk).exists():
            raise ValidationError({"correction": "请选择修改后的新版本（本单位在审核流程中的草案或已公布的文件）。"})
        filing.correction_document = correction
    if action == Filing.CorrectionAction.REPEALED:
        register.document_status_set(document=filing.document, status=Status.REPEALED,
                                     basis=f"制定机关废止（按{filing.body_name}审查意见）：{text.strip()}"[:300],
                                     actor=actor)  # fmt: skip
    filing.correction_action = action
    _explanation_add(filing, f"纠正情况报告（{action.label}）", text.strip())
    filing.save(update_fields=["correction_action", "correction_document", "explanation"])
    named = f"《{correction.title}》" if action == Filing.CorrectionAction.AMENDED else ""
    event_add(process=filing.process, actor=actor,
              what=f"向{filing.body_name}报告纠正情况：{action.label}{named}：{text.strip()[:150]}")  # fmt: skip
    return filing


@transaction.atomic
def filing_report_assess(*, filing: Filing, actor: User, accepted: bool, note: str, disposal: str) -> Filing:
    """The filing body accepts the issuer's report (the review ends) or does not: then it sends a written
    处理意见 to the competent authority, which decides (立法法 art. 108)."""
    if not filing.correction_action:
        raise ValidationError("制定机关尚未报告纠正情况。")
    if accepted:
        filing.report_accepted, filing.closed_at = True, timezone.now()
        filing.save(update_fields=["report_accepted", "closed_at"])
        what = f"{filing.body_name}认可纠正情况报告" + (f"：{note.strip()}" if note.strip() else "")
    else:
        if not disposal.strip():
            raise ValidationError({"disposal": "不认可纠正情况的，须写明向有权机关提出的处理意见。"})
        office = filing.reviewer_unit or actor.unit
        filing.report_accepted = False
        filing.disposal_opinion = disposal.strip()
        filing.disposal_number = register.office_number(unit=office, kind="备处", year=timezone.localdate().year)
        filing.save(update_fields=["report_accepted", "disposal_opinion", "disposal_number"])
        what = (f"{filing.body_name}不认可纠正情况，提出处理意见 {filing.disposal_number}，"
                f"报请{authority_name(filing)}决定：{disposal.strip()[:150]}")  # fmt: skip
    event_add(process=filing.process, actor=actor, what=what)
    register.document_event_add(document=filing.document, actor=actor, kind=DocumentEvent.Kind.FILED,
                                detail=what[:300])  # fmt: skip
    return filing


def authority_name(filing: Filing) -> str:
    """The competent authority for a 处理意见: the body the document is filed with (the government above a
    department or a lower government, or the 人大常委会), which may change or revoke it (立法法 art. 108)."""
    return filing.body.issuer if filing.body else filing.body_name


@transaction.atomic
def authority_decide(*, filing: Filing, actor: User, decision: str, note: str) -> Filing:
    """The competent authority's decision on the 处理意见. Only this revokes: the document becomes 已撤销."""
    decision = Filing.AuthorityDecision(decision)
    if filing.report_accepted is not False or filing.authority_decision:
        raise ValidationError("没有待决定的处理意见。")
    if not note.strip():
        raise ValidationError({"note": "请写明决定的理由。"})
    filing.authority_decision, filing.authority_note = decision, note.strip()
    filing.decided_by, filing.closed_at = actor, timezone.now()
    filing.save(update_fields=["authority_decision", "authority_note", "decided_by", "closed_at"])
    authority = authority_name(filing)
    if decision == Filing.AuthorityDecision.REVOKE:
        basis = f"{authority}撤销（处理意见 {filing.disposal_number}）：{note.strip()}"[:300]
        register.document_status_set(document=filing.document, status=Status.REVOKED, basis=basis, actor=actor)
    else:
        detail = f"{authority}对处理意见的决定：{decision.label}：{note.strip()}"[:300]
        register.document_event_add(document=filing.document, actor=actor, kind=DocumentEvent.Kind.FILED,
                                    detail=detail)  # fmt: skip
    event_add(process=filing.process, actor=actor, what=f"{authority}决定：{decision.label}：{note.strip()[:200]}")
    return filing

"""Everything the review workflow writes. Keyword-only, atomic, each leaving a ReviewEvent row.

The flow (flows.py) calls these from its nodes and views; they never advance the flow themselves. The further
steps (decisions/) gate the deliberation, and a new version's publication closes the issuer's follow-up work
(followups/): both apps build on review's models, and these services call into them.
"""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from accounts.models import Unit, User
from decisions.selectors import procedure_gaps
from filings import services as register
from filings.models import Document, Level
from filings.parsing import commencement
from filings.text import cn_date, cn_datetime
from followups.services import successor_published
from jurisdictions.kinds import UnitKind

from . import branches, filing_review, rules, selectors, similarity
from .clock import review_clock
from .events import event_add
from .models import (
    Comment,
    CommentGroup,
    CommentGroupKey,
    Deliberation,
    Expert,
    ExpertOpinion,
    Filing,
    Handling,
    LegalityReview,
    ReviewFinding,
    ReviewProcess,
    TaskDeadline,
    TextSnapshot,
)


def snapshot_take(*, process: ReviewProcess, stage: str, round_no: int | None = None) -> TextSnapshot:
    """Keep the draft's text as it stands now, for this stage (called inside the stage's transaction)."""
    document = Document.objects.only("title", "text").get(pk=process.document_id)
    return TextSnapshot.objects.create(
        process=process, stage=stage, round=round_no, title=document.title, text=document.text
    )


# ---------------------------------------------------------------- submission


def comment_settings_check(
    *, level: str, major_decision: bool, secret: bool, secret_reason: str, days: int, reason: str
) -> None:
    """No public comment only with a reason; a window shorter than the usual one needs a recorded reason.
    For 规章 and major decisions the window is "一般不少于30日" (规章制定程序条例 arts. 15, 21; 重大行政决策
    程序暂行条例 art. 15): shorter is lawful with a reason such as urgency, as for every other document."""
    if secret:
        if not secret_reason.strip():
            raise ValidationError({"secret_reason": "不公开征求意见的，须说明依据和理由。"})
        return
    if days < 1:
        raise ValidationError({"comment_days": "征求意见期至少 1 天。"})
    strict = level in register.RULE_LEVELS or major_decision
    usual = settings.COMMENT_DAYS_MIN_STRICT if strict else settings.COMMENT_DAYS_DEFAULT
    if days < usual and not reason.strip():
        message = (
            f"规章和重大行政决策的征求意见期一般不少于 {usual} 日；少于 {usual} 日的，须写明理由（如情况紧急）。"
            if strict
            else f"征求意见期少于 {usual} 日的，须说明理由。"
        )
        raise ValidationError({"comment_short_reason": message})


def submission_prepare(
    *,
    process: ReviewProcess,
    actor: User,
    title: str,
    text: str,
    level: str,
    issuer_unit: Unit | None,
    fields: dict,
    structure: register.Structure | None = None,
) -> ReviewProcess:
    """Create the draft in the register and fill the new process; the start activation saves it."""
    if actor.unit is None:
        raise ValidationError("您的账号没有所属单位，无法提交草稿。")
    issuer_capacity_check(issuer=issuer_unit or actor.unit, drafter=actor.unit, level=level)
    comment_settings_check(
        level=level,
        major_decision=fields.get("major_decision", False),
        secret=fields.get("secret", False),
        secret_reason=fields.get("secret_reason", ""),
        days=fields.get("comment_days") or settings.COMMENT_DAYS_DEFAULT,
        reason=fields.get("comment_short_reason", ""),
    )
    document = register.draft_create(
        title=title, text=text, level=level, drafting_unit=actor.unit, issuer_unit=issuer_unit, actor=actor,
        note="提交审核流程", structure=structure,
    )  # fmt: skip
    process.document = document
    process.drafting_unit = actor.unit
    process.submitter = actor
    for name, value in fields.items():
        setattr(process, name, value)
    if not process.comment_days and not process.secret:
        process.comment_days = settings.COMMENT_DAYS_DEFAULT
    return process


# The meetings that decide a 规章 (立法法 art. 95): a government's 常务会议 or 全体会议, a department's 部务会议.
RULE_MEETINGS = {
    Level.LOCAL_GOVERNMENT_RULE: ("常务会议", "全体会议"),
    Level.DEPARTMENT_RULE: ("部务会议", "委员会会议"),
}


def issuer_capacity_check(*, issuer: Unit, drafter: Unit, level: str) -> None:
    """Only what the issuer may lawfully issue (its capacity is data on the unit), and only in its name by its
    own staff or a department of its own jurisdiction drafting for its government."""
    if issuer.pk != drafter.pk and not (
        issuer.kind == UnitKind.GOVERNMENT and issuer.jurisdiction_id == drafter.jurisdiction_id
    ):
        raise ValidationError({"issuer_unit": f"不能以{issuer.issuer}的名义起草：只能以本单位或本级人民政府的名义。"})
    if level in register.RULE_LEVELS and not issuer.may_issue_rules:
        raise ValidationError({"level": (
            f"{issuer.issuer}无权制定规章：规章只能由国务院部门、省级人民政府和设区的市人民政府制定"
            "（立法法第九十一条、第九十三条）；请以本级人民政府的名义起草，或改为行政规范性文件。"
        )})  # fmt: skip
    if level == Level.NORMATIVE_DOCUMENT and not issuer.may_issue_normative:
        raise ValidationError({"level": (
            f"{issuer.issuer}不能制定行政规范性文件（内设机构、议事协调机构等不得制定，国办发〔2018〕37号）。"
        )})  # fmt: skip


def task_taken(*, task, actor: User) -> None:
    """Taking a queued task is part of the process's history (called under the process lock)."""
    process = ReviewProcess.objects.get(pk=task.process_id)
    event_add(process=process, actor=actor, what=f"领取任务：{task.flow_task.task_title}")


def task_deadline_set(*, task, process: ReviewProcess) -> TaskDeadline | None:
    """Store the due date of a new task (called as the task is created)."""
    filing = branches.task_filing(task) if task.flow_task.name in branches.FILING_BRANCH else None
    due = rules.task_due(task.flow_task.name, process, timezone.localdate(), filing=filing)
    if due is None:
        return None
    when, basis = due
    return TaskDeadline.objects.update_or_create(
        task=task, defaults={"due": when.date, "basis": basis, "estimated": when.estimated}
    )[0]


# ---------------------------------------------------------------- public comment


@transaction.atomic
def comment_window_open(*, process: ReviewProcess) -> ReviewProcess:
    now = timezone.now()
    process.comment_opens = now
    process.comment_closes = now + datetime.timedelta(days=process.comment_days or settings.COMMENT_DAYS_DEFAULT)
    process.save(update_fields=["comment_opens", "comment_closes"])
    snapshot_take(process=process, stage=TextSnapshot.Stage.COMMENT)
    event_add(
        process=process,
        actor=None,
        what=f"公开征求意见 {process.comment_days} 日，至 {cn_datetime(process.comment_closes)}",
    )
    return process


def sender_hash(address: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def comment_challenge_needed(*, process: ReviewProcess, sender: str) -> bool:
    """After a few comments from one address on a draft, the next ones need the picture challenge."""
    sent = Comment.objects.filter(process=process, sender_hash=sender_hash(sender)).count()
    return sent >= settings.COMMENT_CHALLENGE_AFTER


def comment_add(
    *, process: ReviewProcess, text: str, article_anchor: str, name: str, contact: str, sender: str
) -> Comment:
    """A public comment; identical or near-identical ones join one group and are handled once.

    The text's similarity keys are computed before the process row is locked; under the lock a new
    comment is compared only with the groups sharing one of its keys (review/similarity.py)."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": "请填写意见内容。"})
    if len(text) > settings.COMMENT_MAX_CHARS:
        raise ValidationError({"text": f"意见过长：{len(text)} 字，上限 {settings.COMMENT_MAX_CHARS} 字。"})
    normal = similarity.normalise(text)
    fingerprint = hashlib.sha256(normal.encode()).hexdigest()
    keys = similarity.band_keys(normal)
    digest = sender_hash(sender)
    with transaction.atomic():
        return _comment_store(process, text, article_anchor, name, contact, digest, normal, fingerprint, keys)


def _comment_store(process, text, article_anchor, name, contact, digest, normal, fingerprint, keys) -> Comment:
    process = ReviewProcess.objects.select_for_update().get(pk=process.pk)
    now = timezone.now()
    if not process.comment_opens or now < process.comment_opens or now >= process.comment_closes:
        raise ValidationError("该草案当前不在征求意见期内。")
    if article_anchor and article_anchor not in {a.anchor for a in selectors.comment_articles(process)}:
        raise ValidationError({"article_anchor": "所选条文不存在。"})
    mine = Comment.objects.filter(process=process, sender_hash=digest)
    if mine.count() >= settings.COMMENT_MAX_PER_SENDER:
        raise ValidationError(f"您对本草案已提交 {settings.COMMENT_MAX_PER_SENDER} 条意见，已达上限。")
    if mine.filter(created_at__gte=now - datetime.timedelta(hours=1)).count() >= settings.COMMENT_RATE_LIMIT_PER_HOUR:
        raise ValidationError(f"提交过于频繁：每小时最多 {settings.COMMENT_RATE_LIMIT_PER_HOUR} 条，请稍后再试。")
    groups = CommentGroup.objects.filter(process=process, article_anchor=article_anchor)
    group = groups.filter(fingerprint=fingerprint).first()
    if group is None:
        candidates = groups.filter(keys__key__in=keys).distinct()
        group = next((g for g in candidates if similarity.similar(normal, similarity.normalise(g.text))), None)
    if group is None:
        group = CommentGroup.objects.create(
            process=process, article_anchor=article_anchor, text=text, fingerprint=fingerprint
        )
        CommentGroupKey.objects.bulk_create(CommentGroupKey(process=process, group=group, key=k) for k in keys)
    elif group.handling:
        # A new voice reopens a handled group: the drafting unit sees it again.
        group.handling, group.reason = "", ""
    group.size += 1
    group.save()
    return Comment.objects.create(
        process=process,
        group=group,
        article_anchor=article_anchor,
        text=text,
        name=name.strip()[:50],
        contact=contact.strip()[:100],
        sender_hash=digest,
    )


@transaction.atomic
def comment_groups_handle(
    *, process: ReviewProcess, group_ids: list[int], handling: str, reason: str, actor: User
) -> int:
    """Record one handling for one or several groups (saved at once, page by page); returns how many."""
    if handling not in Handling.values:
        raise ValidationError("请选择采纳情况。")
    if handling != Handling.ADOPTED and not reason.strip():
        raise ValidationError("部分采纳或不予采纳的，须说明理由。")
    ReviewProcess.objects.select_for_update().filter(pk=process.pk).first()
    groups = list(CommentGroup.objects.filter(process=process, pk__in=group_ids))
    if not groups or len(groups) != len(set(group_ids)):
        raise ValidationError("请选择本草案的意见组。")
    now = timezone.now()
    for group in groups:
        group.handling, group.reason, group.handled_by, group.handled_at = handling, reason.strip(), actor, now
    CommentGroup.objects.bulk_update(groups, ["handling", "reason", "handled_by", "handled_at"])
    size = sum(g.size for g in groups)
    label = Handling(handling).label
    event_add(process=process, actor=actor, what=f"意见处理：{label} {len(groups)} 组（{size} 条）")
    return len(groups)


@transaction.atomic
def comments_close(*, process: ReviewProcess, actor: User, summary: str) -> ReviewProcess:
    """Close the comment stage: every group needs a handling; the summary joins the package."""
    open_groups = process.comment_groups.filter(handling="").count()
    if open_groups:
        raise ValidationError(f"还有 {open_groups} 组意见未处理，不能结束征求意见阶段。")
    counts = {h.label: process.comment_groups.filter(handling=h).count() for h in Handling}
    total = process.comment_groups.aggregate(total=Sum("size"))["total"] or 0
    generated = f"共收到意见 {total} 条，归并为 {process.comment_groups.count()} 组；" + "，".join(
        f"{label} {n} 组" for label, n in counts.items()
    )
    process.comment_summary = f"{generated}。\n{summary.strip()}".strip()
    process.save(update_fields=["comment_summary"])
    event_add(process=process, actor=actor, what="征求意见阶段结束：" + generated)
    return process


# ---------------------------------------------------------------- expert argument


@transaction.atomic
def experts_pick(*, process: ReviewProcess, experts: list[Expert], actor: User) -> list[ExpertOpinion]:
    if not experts:
        raise ValidationError({"experts": "请至少选择一位专家。"})
    eligible = set(selectors.experts_eligible(process).values_list("pk", flat=True))
    for expert in experts:
        if not expert.active:
            raise ValidationError({"experts": f"专家 {expert} 已不在专家库中。"})
        if expert.pk not in eligible:
            raise ValidationError({"experts": f"专家 {expert} 来自起草单位或其所属系统，应当回避，不能参加论证。"})
    process.expert_due = timezone.now() + datetime.timedelta(days=settings.EXPERT_ARGUMENT_DAYS)
    process.save(update_fields=["expert_due"])
    opinions = [ExpertOpinion.objects.get_or_create(process=process, expert=e)[0] for e in experts]
    event_add(process=process, actor=actor, what="选定论证专家：" + "、".join(str(e) for e in experts))
    return opinions


@transaction.atomic
def expert_opinion_sign(*, opinion: ExpertOpinion, text: str, signature: str, actor: User) -> ExpertOpinion:
    if opinion.expert.user_id != actor.pk:
        raise ValidationError("只能签署本人的论证意见。")
    if not text.strip() or not signature.strip():
        raise ValidationError("请填写论证意见并签名。")
    opinion.opinion, opinion.signature, opinion.signed_at = text.strip(), signature.strip(), timezone.now()
    opinion.save()
    event_add(process=opinion.process, actor=actor, what=f"专家 {opinion.expert} 签署论证意见")
    return opinion


@transaction.atomic
def experts_close(*, process: ReviewProcess) -> ReviewProcess:
    missing = [str(o.expert) for o in process.expert_opinions.filter(signed_at__isnull=True)]
    if missing:
        process.expert_closed_note = f"论证期限届满，未答复：{'、'.join(missing)}"[:300]
    else:
        process.expert_closed_note = "全部专家已答复"
    process.save(update_fields=["expert_closed_note"])
    event_add(process=process, actor=None, what="专家论证结束：" + process.expert_closed_note)
    return process


# ---------------------------------------------------------------- legality review

# Opinions on the draft itself; returning incomplete materials or an incomplete procedure is not rushed.
EARLY_NEEDS_REASON = {
    LegalityReview.Conclusion.LAWFUL, LegalityReview.Conclusion.AMEND, LegalityReview.Conclusion.UNLAWFUL,
}  # fmt: skip


@transaction.atomic
def legality_review_conclude(
    *,
    process: ReviewProcess,
    reviewer: User,
    materials: dict[str, bool],
    points: list[dict],
    conclusion: str,
    amendments: str,
    note: str,
    findings: list[dict],
    precheck_open: int = 0,
    precheck_override: str = "",
    early_reason: str = "",
) -> LegalityReview:
    """One round's conclusion. 合法 over the pre-check's findings needs a recorded reason they do not hold;
    an opinion given before the review's minimum time (115号: in principle not under 5 working days) too."""
    conclusion = LegalityReview.Conclusion(conclusion)
    early = False
    if conclusion in EARLY_NEEDS_REASON:
        clock = review_clock(process)
        if timezone.localdate() < clock.earliest and not early_reason.strip():
            raise ValidationError({"early_reason": (
                f"合法性审核原则上不少于 {clock.minimum} 个工作日（{cn_date(clock.earliest)}以后出具意见）："
                "提前出具的，请写明理由（如起草单位申请加急并说明原因）。"
            )})  # fmt: skip
        early = timezone.localdate() < clock.earliest
    if conclusion == LegalityReview.Conclusion.LAWFUL and precheck_open and not precheck_override.strip():
        raise ValidationError(
            {"precheck_override": f"预审查提示 {precheck_open} 项问题：结论为“合法”的，须写明这些问题不成立的理由。"}
        )
    if precheck_override.strip():
        note = f"{note.strip()}\n预审查提示的问题不成立的理由：{precheck_override.strip()}".strip()
    missing = [label for key, label in rules.MATERIALS if not materials.get(key) and _material_required(process, key)]
    if conclusion != LegalityReview.Conclusion.SUPPLEMENT and missing:
        raise ValidationError({"conclusion": f"材料不全（{'、'.join(missing)}）：只能退回补充材料。"})
    if conclusion == LegalityReview.Conclusion.SUPPLEMENT and not missing:
        raise ValidationError({"conclusion": "材料清单齐全，无需退回补充；请勾选缺少的材料。"})
    problems = [p for p in points if p.get("finding") == "problem"]
    if conclusion == LegalityReview.Conclusion.LAWFUL and (problems or findings):
        raise ValidationError({"conclusion": "审核要点或逐条意见中有问题的，结论不能为“合法”。"})
    if conclusion == LegalityReview.Conclusion.AMEND and not amendments.strip():
        raise ValidationError({"amendments": "“修改后合法”须列明修改意见。"})
    if conclusion in (LegalityReview.Conclusion.UNLAWFUL, LegalityReview.Conclusion.PROCEDURE) and not (
        problems or note.strip()
    ):
        raise ValidationError({"note": "请在审核要点或说明中写明不合法或程序欠缺之处。"})
    if early:
        note = f"{note.strip()}\n提前出具意见的理由：{early_reason.strip()}".strip()
    round_no = process.legality_reviews.count() + 1
    review = LegalityReview.objects.create(
        process=process,
        round=round_no,
        reviewer=reviewer,
        materials=materials,
        points=points,
        conclusion=conclusion,
        amendments=amendments.strip(),
        note=note.strip(),
        number=register.office_number(unit=reviewer.unit, kind="审", year=timezone.localdate().year),
    )
    snapshot_take(process=process, stage=TextSnapshot.Stage.REVIEW, round_no=round_no)
    anchors = set(process.document.articles.values_list("anchor", flat=True))
    for finding in findings:
        if finding["article_anchor"] not in anchors:
            raise ValidationError(f"草案中没有条文 {finding['article_anchor']}。")
        ReviewFinding.objects.create(review=review, **finding)
    event_add(process=process, actor=reviewer, what=f"合法性审核第 {round_no} 轮：{conclusion.label}")
    return review


def _material_required(process: ReviewProcess, key: str) -> bool:
    if key == "comment_handling":
        return not process.secret
    if key == "expert_opinions":
        return process.needs_experts
    return True


@transaction.atomic
def materials_supplement(
    *, process: ReviewProcess, actor: User, explanation: str, legal_bases: str, procedure_note: str
):
    if not (explanation.strip() and legal_bases.strip() and procedure_note.strip()):
        raise ValidationError("起草说明、制定依据和程序说明都须填写。")
    process.explanation, process.legal_bases, process.procedure_note = explanation, legal_bases, procedure_note
    process.save(update_fields=["explanation", "legal_bases", "procedure_note"])
    event_add(process=process, actor=actor, what="补充材料")
    return process


@transaction.atomic
def procedure_complete(*, process: ReviewProcess, actor: User, fields: dict, note: str) -> ReviewProcess:
    """Returned to complete its procedure: new comment and expert settings, then those stages again."""
    comment_settings_check(
        level=process.document.level,
        major_decision=process.major_decision,
        secret=fields["secret"],
        secret_reason=fields["secret_reason"],
        days=fields["comment_days"],
        reason=fields["comment_short_reason"],
    )
    for name, value in fields.items():
        setattr(process, name, value)
    process.save(update_fields=list(fields))
    event_add(process=process, actor=actor, what=f"补正程序：{note}")
    return process


@transaction.atomic
def draft_amend(
    *,
    process: ReviewProcess,
    actor: User,
    title: str,
    text: str,
    note: str,
    structure: register.Structure | None = None,
) -> Document:
    if not note.strip():
        raise ValidationError({"note": "请说明按审核意见作了哪些修改。"})
    document = register.draft_revise(
        document=process.document, title=title, text=text, actor=actor, note=note, structure=structure
    )
    event_add(process=process, actor=actor, what=f"按审核意见修改草案：{note.strip()}")
    return document


# ---------------------------------------------------------------- deliberation and publication


@transaction.atomic
def deliberation_record(
    *,
    process: ReviewProcess,
    actor: User,
    meeting: str,
    held_on: datetime.date,
    decision: str,
    dissent: str,
    head: str = "",
    head_spoke_last: bool = False,
    majority: str = "",
    against_majority_reason: str = "",
    changes: str = "",
    text: str = "",
) -> Deliberation:
    """The meeting's decision. The head decides after the discussion, speaking last, with reasons where the
    decision goes against the majority (决策 art. 30); 修改后通过 makes the meeting's changes to the text here,
    and that adopted text is what is published."""
    review = selectors.latest_review(process)
    if review is None or not review.is_lawful:
        # The flow never routes here without it; this guards the record itself (国办发〔2018〕37号).
        raise ValidationError("未经合法性审核或审核未通过的，不得提请集体审议。")
    gaps = procedure_gaps(process)
    if gaps:
        raise ValidationError(f"尚缺以下程序，不得提请集体审议：{'；'.join(gaps)}。请起草单位在“程序记录”中补齐。")
    meetings = RULE_MEETINGS.get(process.document.level)
    if meetings and not any(kind in meeting for kind in meetings):
        raise ValidationError({"meeting": (
            f"{process.document.get_level_display()}须经{'或'.join(meetings)}决定（立法法第九十五条、规章制定程序条例"
            "第二十七条）；请填写该会议，如“甲市人民政府第5次常务会议”。"
        )})  # fmt: skip
    _head_check(process, decision, head, head_spoke_last, majority, against_majority_reason)
    if decision == Deliberation.Decision.ADOPTED_WITH_CHANGES:
        _adopted_changes_make(process, actor, changes, text)
    deliberation, _ = Deliberation.objects.update_or_create(
        process=process,
        defaults={
            "meeting": meeting,
            "held_on": held_on,
            "decision": decision,
            "dissent": dissent,
            "head": head.strip(),
            "head_spoke_last": head_spoke_last,
            "majority": majority,
            "against_majority_reason": against_majority_reason.strip(),
            "changes": changes.strip(),
            "recorded_by": actor,
        },
    )
    if decision != Deliberation.Decision.NOT_ADOPTED:
        snapshot_take(process=process, stage=TextSnapshot.Stage.ADOPTED)
    event_add(process=process, actor=actor, what=f"集体审议：{deliberation}")
    return deliberation


def _head_check(process, decision, head, spoke_last, majority, reason) -> None:
    if process.major_decision and not head.strip():
        raise ValidationError({"head": "重大行政决策由行政首长在集体讨论的基础上作出决定：请填写作出决定的行政首长。"})
    if process.major_decision and not spoke_last:
        raise ValidationError(
            {"head_spoke_last": "行政首长应当在集体讨论中最后发表意见（重大行政决策程序暂行条例第三十条）。"}
        )
    adopted = decision != Deliberation.Decision.NOT_ADOPTED
    against = (adopted and majority == Deliberation.Majority.DISAGREE) or (
        not adopted and majority == Deliberation.Majority.AGREE
    )
    if against and not reason.strip():
        raise ValidationError({"against_majority_reason": "决定与会议组成人员多数人的意见不一致的，应当说明理由。"})


def _adopted_changes_make(process, actor, changes: str, text: str) -> None:
    """修改后通过: the meeting's changes are made to the text in this stage."""
    if not changes.strip():
        raise ValidationError({"changes": "修改后通过的，请写明会议对文本的修改。"})
    document = process.document
    if not text.strip() or text.strip() == document.text.strip():
        raise ValidationError({"text": "修改后通过的，请在此按会议意见修改文本：公布的是审议通过的文本。"})
    register.draft_revise(document=document, title=document.title, text=text, actor=actor,
                          note=f"集体审议修改：{changes.strip()}")  # fmt: skip
    process.document.refresh_from_db()


@transaction.atomic
def review_publish(
    *,
    process: ReviewProcess,
    actor: User,
    promulgated: datetime.date,
    effective: datetime.date,
    early_reason: str,
    title: str = "",
    date_reason: str = "",
    gazette_issue: str = "",
    signatory: str = "",
) -> Filing:
    """三统一 publication of the adopted draft, and the filing it now owes (due in 30 days).

    The one lawful way into the register with a 三统一 number: after a 合法 legality review and a
    deliberation that adopted the draft (国办发〔2018〕37号; DOMAIN.md stages 4–5)."""
    review = selectors.latest_review(process)
    deliberation = Deliberation.objects.filter(process=process).first()
    if review is None or not review.is_lawful:
        raise ValidationError("未经合法性审核或审核结论不是“合法”的，不得公布。")
    if deliberation is None or deliberation.decision == Deliberation.Decision.NOT_ADOPTED:
        raise ValidationError("未经集体审议通过的，不得公布。")
    if effective < promulgated:
        raise ValidationError({"effective": "施行日期不能早于公布日期。"})
    if (effective - promulgated).days < settings.EFFECTIVE_MIN_DAYS and not early_reason.strip():
        message = f"自公布之日起不足 {settings.EFFECTIVE_MIN_DAYS} 日施行的，须说明理由。"
        raise ValidationError({"early_reason": message})
    clause = commencement(process.document.text, promulgated)
    if clause is not None and clause[0] != effective and not date_reason.strip():
        # The text's own 施行 clause and the register's dates must agree (DOMAIN.md stage 5).
        raise ValidationError({"effective": (
            f"正文规定“{clause[1]}”，即 {cn_date(clause[0])}施行，与所填施行日期 {cn_date(effective)} 不一致："
            "请改正施行日期，或说明理由。"
        )})  # fmt: skip
    title = title.strip()
    if title and title != process.document.title:
        register.draft_revise(document=process.document, title=title, text=process.document.text, actor=actor,
                              note=f"公布时确认标题：{title}")  # fmt: skip
        process.document.refresh_from_db()
    document = register.document_publish(
        document=process.document, actor=actor, promulgated=promulgated, effective=effective,
        gazette_issue=gazette_issue, signatory=signatory,
    )  # fmt: skip
    process.early_effect_reason = "；".join(r for r in (early_reason.strip(), date_reason.strip()) if r)[:300]
    process.save(update_fields=["early_effect_reason"])
    snapshot_take(process=process, stage=TextSnapshot.Stage.PUBLISHED)
    if process.amends_id:
        successor_published(old=process.amends, new=document, actor=actor)
    filings = filing_review.filings_create(process=process, document=document, promulgated=promulgated)
    gazette = f"，刊登于{document.issuer}公报{document.gazette_issue}" if document.gazette_issue else ""
    event_add(
        process=process, actor=actor,
        what=f"统一公布：{document.doc_number}，登记编号 {document.register_number}{gazette}",
    )  # fmt: skip
    return filings


@transaction.atomic
def demo_experts_ensure() -> list[Expert]:
    """The demo expert account joins the expert pool (its unit is the 法学会 expert pool)."""
    experts = []
    for user in User.objects.filter(username__in=["expert"], unit__isnull=False):
        expert, _ = Expert.objects.update_or_create(user=user, defaults={"field": "行政法", "employer": user.unit})
        experts.append(expert)
    return experts

"""Recording the further steps (keyword-only, atomic, each leaving a ReviewEvent row). Only the drafting
unit records them, while the process runs and before the meeting decides: what the meeting approves is
what was recorded."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from filings.services import ScanFile
from filings.text import cn_date
from review import materials
from review.events import event_add
from review.models import Deliberation, ExpertOpinion, Material, ReviewProcess

from .models import ExpertUse, FairCompetitionReview, Hearing, Interpretation, LegalOpinion, RiskAssessment

HEARING_MATERIALS_DAYS = 7  # materials reach the participants at least 7 days before (决策 art. 17)


def may_record(user: User, process: ReviewProcess) -> bool:
    return materials.may_add(user, process) and not Deliberation.objects.filter(process=process).exists()


def _check(user: User, process: ReviewProcess) -> None:
    if not may_record(user, process):
        raise ValidationError("只有起草单位的起草人员可以在集体审议之前记录这些程序。")


@transaction.atomic
def hearing_record(
    *,
    process: ReviewProcess,
    actor: User,
    announced_on: datetime.date,
    materials_sent_on: datetime.date,
    held_on: datetime.date,
    participants: str,
    opinions_handling: str,
    minutes: ScanFile,
) -> Hearing:
    _check(actor, process)
    if not announced_on < held_on:
        raise ValidationError({"announced_on": "听证应当提前公告：公告日期须早于听证日期。"})
    if (held_on - materials_sent_on).days < HEARING_MATERIALS_DAYS:
        raise ValidationError({"materials_sent_on": (
            f"听证材料应当于听证会召开 {HEARING_MATERIALS_DAYS} 日前送达参加人：最迟"
            f"{cn_date(held_on - datetime.timedelta(days=HEARING_MATERIALS_DAYS))}。"
        )})  # fmt: skip
    if not (participants.strip() and opinions_handling.strip()):
        raise ValidationError({"opinions_handling": "请填写听证参加人和听证意见的采纳情况。"})
    file = materials.material_add(process=process, actor=actor, kind=Material.Kind.HEARING_MINUTES, upload=minutes)
    hearing = Hearing.objects.create(
        process=process, recorded_by=actor, announced_on=announced_on, materials_sent_on=materials_sent_on,
        held_on=held_on, participants=participants.strip(), opinions_handling=opinions_handling.strip(), minutes=file,
    )  # fmt: skip
    event_add(process=process, actor=actor, what=f"记录听证：{cn_date(held_on)}举行，笔录 {file.name}")
    return hearing


@transaction.atomic
def risk_record(*, process: ReviewProcess, actor: User, level: str, measures: str, report: ScanFile) -> RiskAssessment:
    _check(actor, process)
    level = RiskAssessment.Level(level)
    if not measures.strip():
        raise ValidationError({"measures": "请填写风险防范化解措施。"})
    file = materials.material_add(process=process, actor=actor, kind=Material.Kind.RISK_ASSESSMENT, upload=report)
    risk = RiskAssessment.objects.create(process=process, recorded_by=actor, level=level, measures=measures.strip(),
                                         report=file)  # fmt: skip
    event_add(process=process, actor=actor, what=f"记录风险评估：{level.label}")
    return risk


@transaction.atomic
def legal_opinion_record(
    *, process: ReviewProcess, actor: User, capacity: str, adviser: str, given_on: datetime.date, opinion: str
) -> LegalOpinion:
    _check(actor, process)
    capacity = LegalOpinion.Capacity(capacity)
    if not (adviser.strip() and opinion.strip()):
        raise ValidationError({"opinion": "请填写出具意见的人员和法律意见。"})
    record = LegalOpinion.objects.create(
        process=process, recorded_by=actor, capacity=capacity, adviser=adviser.strip(), given_on=given_on,
        opinion=opinion.strip(),
    )  # fmt: skip
    event_add(process=process, actor=actor, what=f"记录{capacity.label}意见：{adviser.strip()}")
    return record


@transaction.atomic
def fair_competition_record(
    *,
    process: ReviewProcess,
    actor: User,
    reviewed_on: datetime.date,
    standards: list[dict],
    conclusion: str,
    reasons: str,
) -> FairCompetitionReview:
    """The drafting unit's review against each group of standards; a problem found is not 符合."""
    _check(actor, process)
    conclusion = FairCompetitionReview.Conclusion(conclusion)
    problems = [s for s in standards if s["finding"] == "problem"]
    if conclusion == FairCompetitionReview.Conclusion.COMPLIANT and problems:
        raise ValidationError({"conclusion": "审查标准中有问题的，结论不能为“符合”。"})
    if not reasons.strip():
        raise ValidationError({"reasons": (
            "请写明审查意见及理由；适用例外规定的，写明属于第十二条的哪一种情形、对竞争的影响和实施期限。"
        )})  # fmt: skip
    review = FairCompetitionReview.objects.create(process=process, recorded_by=actor, reviewed_on=reviewed_on,
                                                  standards=standards, conclusion=conclusion,
                                                  reasons=reasons.strip())  # fmt: skip
    event_add(process=process, actor=actor, what=f"公平竞争审查：{conclusion.label}")
    return review


@transaction.atomic
def expert_use_record(*, opinion: ExpertOpinion, actor: User, handling: str, reason: str) -> ExpertUse:
    _check(actor, opinion.process)
    if opinion.signed_at is None:
        raise ValidationError("该专家尚未提交论证意见。")
    if not reason.strip():
        raise ValidationError({"reason": "请说明采纳或不采纳的理由。"})
    use = ExpertUse.objects.create(opinion=opinion, recorded_by=actor, handling=handling, reason=reason.strip())
    event_add(process=opinion.process, actor=actor,
              what=f"专家意见采纳情况：{opinion.expert}——{use.get_handling_display()}")  # fmt: skip
    return use


@transaction.atomic
def interpretation_record(*, process: ReviewProcess, actor: User, text: str) -> Interpretation:
    _check(actor, process)
    if not text.strip():
        raise ValidationError({"text": "请填写政策解读。"})
    record = Interpretation.objects.create(process=process, recorded_by=actor, text=text.strip())
    event_add(
        process=process, actor=actor, what="政策解读" + ("（修改）" if process.interpretations.count() > 1 else "")
    )
    return record

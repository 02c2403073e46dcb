"""What the process has recorded of its further steps, and what it still owes before deliberation."""

from dataclasses import dataclass

from review.models import ReviewProcess
from search.competition import fair_competition

from . import rules
from .models import FairCompetitionReview, Hearing, Interpretation, LegalOpinion, RiskAssessment


def latest(process: ReviewProcess, model):
    return model.objects.filter(process=process).select_related("recorded_by").order_by("-recorded_at", "-id").first()


def interpretation(process: ReviewProcess) -> Interpretation | None:
    return latest(process, Interpretation)


@dataclass
class Records:
    hearing: Hearing | None
    risk: RiskAssessment | None
    legal: LegalOpinion | None
    fair: FairCompetitionReview | None
    interpretation: Interpretation | None
    expert_opinions: list
    competition: list  # the checks' fair-competition findings on the draft, beside the review
    gaps: list[str]


def expert_opinions_with_use(process: ReviewProcess) -> list:
    """The signed expert opinions, each with its latest recorded use (`.use`, None when not yet recorded)."""
    opinions = list(process.expert_opinions.filter(signed_at__isnull=False).select_related("expert__user"))
    for opinion in opinions:
        opinion.use = opinion.uses.order_by("-recorded_at", "-id").first()
    return opinions


def records(process: ReviewProcess) -> Records:
    found = Records(
        hearing=latest(process, Hearing),
        risk=latest(process, RiskAssessment),
        legal=latest(process, LegalOpinion),
        fair=latest(process, FairCompetitionReview),
        interpretation=interpretation(process),
        expert_opinions=expert_opinions_with_use(process),
        competition=fair_competition(process.document.text, process.document.level),
        gaps=[],
    )
    found.gaps = _gaps(process, found)
    return found


def _gaps(process: ReviewProcess, found: Records) -> list[str]:
    gaps = []
    if process.hearing_planned and found.hearing is None:
        gaps.append("听证（已确定举行听证，尚未记录听证情况和笔录）")
    if process.major_decision and found.risk is None:
        gaps.append("风险评估（重大行政决策程序暂行条例第二十二条）")
    if process.major_decision and found.legal is None:
        gaps.append("法律顾问或公职律师的法律意见（第二十八条）")
    if process.major_decision and any(o.use is None for o in found.expert_opinions):
        gaps.append("专家论证意见的采纳情况（第二十九条）")
    if process.touches_market or found.competition:
        if found.fair is None:
            gaps.append("公平竞争审查（公平竞争审查条例第八条至第十八条）")
        elif found.fair.conclusion == FairCompetitionReview.Conclusion.NONCOMPLIANT:
            gaps.append("公平竞争审查结论为不符合：调整草案后重新审查")
    if rules.needs_interpretation(process) and found.interpretation is None:
        gaps.append("政策解读（与文件同步起草、同步审签、同步发布）")
    return gaps


def procedure_gaps(process: ReviewProcess) -> list[str]:
    return records(process).gaps

"""The procedure finding of the legality pre-check: what the workflow's own records show missing for a draft
(DOMAIN.md stages 2–5; 国办发〔2018〕37号; 重大行政决策程序暂行条例; 公平竞争审查条例).

- no public comment window, and no recorded reason for not consulting the public;
- a draft marked 专业性、技术性较强 (or a major decision) without a signed expert opinion;
- a measure touching business, or a draft the checks flag for competition, without a fair-competition review;
- a text taking effect less than EFFECTIVE_MIN_DAYS after publication with no reason recorded (publication
  will ask for one; the reviewer is told now).
The first two should be done before the legality review: a 合法 conclusion beside them needs its reason, as
beside any pre-check finding. The last two come later in this workflow (the fair-competition review before
deliberation, the reason at publication): they are told (`advisory`), and ask for nothing.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings

from decisions.models import FairCompetitionReview
from filings.parsing import commencement

from .models import ReviewProcess


@dataclass(frozen=True)
class Gap:
    text: str
    advisory: bool = False


def procedure_gaps(process: ReviewProcess, *, today: datetime.date, competition_flagged: bool) -> list[Gap]:
    """`competition_flagged`: the checks found a fair-competition problem in the draft (the pre-check has run
    them already)."""
    gaps = []
    if process.comment_opens is None and not (process.secret and process.secret_reason.strip()):
        gaps.append(Gap("未公开征求意见，也未记录依法不公开的理由（国办发〔2018〕37号）"))
    if process.needs_experts and not process.expert_opinions.filter(signed_at__isnull=False).exists():
        gaps.append(Gap("草案专业性、技术性较强（或属重大行政决策），但没有专家论证意见"))
    if (process.touches_market or competition_flagged) and not FairCompetitionReview.objects.filter(
        process=process
    ).exists():
        gaps.append(Gap("涉及经营者经济活动，尚无公平竞争审查（集体审议前须完成，公平竞争审查条例第八条至第十八条）",
                        advisory=True))  # fmt: skip
    clause = commencement(process.document.text, today)
    days = settings.EFFECTIVE_MIN_DAYS
    if clause and (clause[0] - today).days < days and not process.early_effect_reason.strip():
        gaps.append(Gap(f"正文规定“{clause[1]}”，自公布之日起不足 {days} 日施行，尚未说明理由（公布时须说明）",
                        advisory=True))  # fmt: skip
    return gaps

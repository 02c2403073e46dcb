"""The checklists of legality review (DOMAIN.md stage 4) and the time limit of every task."""

import datetime

from django.conf import settings

from .clock import review_clock
from .workdays import Due, days_after, workdays_after

# The materials a legality reviewer checks are present (key, label).
MATERIALS = [
    ("draft", "送审稿"),
    ("legal_bases", "制定依据"),
    ("procedure", "起草及程序说明"),
    ("comment_handling", "征求意见及采纳情况"),
    ("expert_opinions", "专家论证意见"),
]

# The seven review points of 国办发〔2018〕115号 (key, label).
REVIEW_POINTS = [
    ("subject", "制定主体：制定机关有权制定"),
    ("power", "权限：未超出制定机关的法定职权"),
    ("content", "内容：不与法律、法规、规章和上级文件相抵触"),
    ("no_new_powers", "未违法设定行政许可、行政处罚、行政强制、行政征收或收费"),
    ("no_new_duties", "未无依据减损权利或增加义务"),
    ("no_expansion", "未增加本机关权力或减少法定职责"),
    ("procedure", "程序：公开征求意见、专家论证等程序已履行"),
]

FINDINGS = [("ok", "无问题"), ("problem", "有问题")]

# Which review point a pre-check finding (search.checks) bears on: the point starts as 有问题 with it.
PRECHECK_POINTS = {
    "cites_repealed": "content",
    "cites_amended": "content",
    "cited_article_changed": "content",
    "cited_article_renumbered": "content",
    "cited_article_deleted": "content",
    "repealed_by": "content",
    "superseded_by": "content",
    "higher_law_conflict": "content",
    "unlawful_content": "no_new_powers",
    "fair_competition": "content",
    "added_requirement": "no_new_duties",
    "issuer_capacity": "subject",
    "same_level_inconsistency": "content",
    "procedure": "procedure",
}


def _work(start: datetime.date, setting: str) -> tuple[Due, str]:
    days = getattr(settings, setting)
    return workdays_after(start, days), f"{days} 个工作日"


def _days(start: datetime.date, setting: str) -> tuple[Due, str]:
    days = getattr(settings, setting)
    return days_after(start, days), f"{days} 日"


def task_due(node_name: str, process, today: datetime.date, filing=None) -> tuple[Due, str] | None:
    """When a new task of this node falls due, and why (None: the node has no time limit of its own).
    A filing task's limits are its own filing's (`filing`); 报送备案's is the earliest of the filings'."""
    if node_name == "expert_opinion" and process.expert_due:
        return Due(process.expert_due.date(), False), f"专家论证期限 {settings.EXPERT_ARGUMENT_DAYS} 日"
    if node_name == "submit_filing":
        first = process.filings.order_by("due").first()
        if first is not None:
            return Due(first.due, False), f"公布后 {settings.FILING_DAYS} 日内报备"
    if node_name == "correct_filing" and filing is not None and filing.correction_due:
        return Due(filing.correction_due, False), "暂缓登记的补正期限"
    if node_name == "legality_review":
        clock = review_clock(process)
        return Due(clock.latest, clock.estimated), clock.basis
    if node_name == "filing_review" and filing is not None and filing.review_due:
        basis = f"延长审查期限：{filing.extension_reason}" if filing.extension_reason else "自登记之日起 2 个月内审查"
        return Due(filing.review_due, False), basis[:200]
    if node_name == "report_back" and filing is not None and filing.report_back_due:
        return Due(filing.report_back_due, False), f"{settings.SELF_CORRECTION_REPORT_DAYS} 日内报告纠正情况"
    rule = {
        "handle_comments": lambda: _work(today, "DRAFTER_TASK_WORKDAYS"),
        "pick_experts": lambda: _work(today, "DRAFTER_TASK_WORKDAYS"),
        "supplement": lambda: _work(today, "DRAFTER_TASK_WORKDAYS"),
        "amend": lambda: _work(today, "DRAFTER_TASK_WORKDAYS"),
        "complete_procedure": lambda: _work(today, "DRAFTER_TASK_WORKDAYS"),
        "deliberate": lambda: _work(today, "DELIBERATION_WORKDAYS"),
        "publish": lambda: _work(today, "PUBLICATION_WORKDAYS"),
        "register_filing": lambda: _days(today, "FILING_REGISTER_DAYS"),
        "assess_report": lambda: _days(today, "FILING_REGISTER_DAYS"),
        "explain": lambda: _days(today, "FILING_EXPLANATION_DAYS"),
    }.get(node_name)
    return rule() if rule else None

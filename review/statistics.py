"""Filing statistics (DOMAIN.md "Filing statistics"), per unit or per jurisdiction with those below it.

The definitions live here once and are shown beside the figures:
报备率 = filed ÷ due, 及时率 = filed on time ÷ due, 规范率 = registered at the first submission ÷ filed,
where "due" counts the filings of documents published in the period whose deadline has passed; a document
of an issuer on the platform that was published outside the workflow (registered from outside) owes one
filing the platform has no record of, and counts as due and not filed.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from filings.models import Document
from jurisdictions.models import Jurisdiction
from jurisdictions.selectors import subtree_ids

from .models import Filing

DEFINITIONS = [
    ("报备率", "已报备 ÷ 应报备"),
    ("及时率", "按期（公布后 30 日内）报备 ÷ 应报备"),
    ("规范率", "首次报送即予登记（未被暂缓、未被不予登记） ÷ 已报备"),
    ("应报备", "统计期内公布、报备期限已届满的文件的每一项备案；平台外登记入库的文件各计 1 项未报备"),
]


@dataclass
class FilingStats:
    published: int  # filings due in the period (应报备)
    filed: int
    on_time: int
    conforming: int
    label: str = ""

    @staticmethod
    def _rate(part: int, whole: int) -> str:
        return f"{part / whole:.1%}" if whole else "—"

    @staticmethod
    def _share(part: int, whole: int) -> int:
        return round(100 * part / whole) if whole else 0

    @property
    def filing_rate(self) -> str:  # 报备率
        return self._rate(self.filed, self.published)

    @property
    def timeliness(self) -> str:  # 及时率
        return self._rate(self.on_time, self.published)

    @property
    def conformity(self) -> str:  # 规范率
        return self._rate(self.conforming, self.filed)

    @property
    def overdue(self) -> int:  # 迟报、漏报: due and still not filed
        return self.published - self.filed

    @property
    def filing_share(self) -> int:  # for the bar chart, in per cent
        return self._share(self.filed, self.published)


def filing_stats(
    *,
    date_from: datetime.date | None,
    date_to: datetime.date | None,
    unit=None,
    jurisdiction_ids: set[int] | None = None,
    today: datetime.date | None = None,
    label: str = "",
) -> FilingStats:
    today = today or timezone.localdate()
    filings = Filing.objects.filter(due__lt=today).select_related("document")
    outside = Document.objects.filter(
        stage=Document.Stage.PUBLISHED,
        issuer_unit__isnull=False,
        promulgated__lt=today - datetime.timedelta(days=settings.FILING_DAYS),
    )
    outside = outside.exclude(origin=Document.Origin.WORKFLOW).filter(filings__isnull=True)  # fmt: skip
    for name, value in (("gte", date_from), ("lte", date_to)):
        if value:
            filings = filings.filter(**{f"document__promulgated__{name}": value})
            outside = outside.filter(**{f"promulgated__{name}": value})
    if unit is not None:
        filings, outside = filings.filter(document__issuer_unit=unit), outside.filter(issuer_unit=unit)
    if jurisdiction_ids is not None:
        filings = filings.filter(document__issuer_unit__jurisdiction_id__in=jurisdiction_ids)
        outside = outside.filter(issuer_unit__jurisdiction_id__in=jurisdiction_ids)
    rows = list(filings)
    filed = [f for f in rows if f.submitted_at]
    on_time = [f for f in filed if timezone.localdate(f.submitted_at) <= f.due]
    conforming = [f for f in filed if f.deferred_count == 0 and f.status == Filing.Status.REGISTERED]
    return FilingStats(len(rows) + outside.count(), len(filed), len(on_time), len(conforming), label)


def rollup(
    jurisdiction: Jurisdiction, *, date_from: datetime.date | None, date_to: datetime.date | None
) -> tuple[FilingStats, list[FilingStats]]:
    """The jurisdiction's figures (itself and everything below it), and one row per jurisdiction directly
    below it (each with its own subtree): what a 盟市 sees of each 旗县."""
    whole = filing_stats(date_from=date_from, date_to=date_to, jurisdiction_ids=subtree_ids(jurisdiction),
                         label=f"{jurisdiction.name}（含下级）")  # fmt: skip
    own = filing_stats(date_from=date_from, date_to=date_to, jurisdiction_ids={jurisdiction.pk},
                       label=f"{jurisdiction.name}本级")  # fmt: skip
    children = [
        filing_stats(date_from=date_from, date_to=date_to, jurisdiction_ids=subtree_ids(child), label=child.name)
        for child in jurisdiction.children.order_by("name")
    ]
    return whole, [own, *children]

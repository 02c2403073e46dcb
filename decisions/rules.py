"""What a fair-competition review checks (公平竞争审查条例 arts. 8–11), and which steps a process owes."""

from filings.models import Level

# (key, label): the four groups of standards the drafting unit reviews the measure against.
FAIR_COMPETITION_STANDARDS = [
    ("market_entry", "市场准入和退出（第八条）：无不合理或歧视性的准入、退出条件，"
                     "不限定经营、购买或使用特定经营者的商品和服务"),
    ("free_flow", "商品和要素自由流动（第九条）：不歧视外地和进口商品、要素，不要求在本地设立分支机构或登记注册，"
                  "不排斥、限制外地经营者参加招标投标和政府采购"),
    ("costs", "生产经营成本（第十条）：不违法给予特定经营者优惠政策、补贴，不违法减免特定经营者应缴的税费"),
    ("conduct", "生产经营行为（第十一条）：不强制或变相强制经营者从事垄断行为，不超越权限制定政府指导价"),
]  # fmt: skip


def needs_interpretation(process) -> bool:
    """A normative document and a major decision are published with their 政策解读."""
    return process.document.level == Level.NORMATIVE_DOCUMENT or process.major_decision

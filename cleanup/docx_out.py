"""The published results of a cleanup campaign as an official document (GB/T 9704 layout,
filings/official.py): per outcome, a table of the documents with their 文号, issuer and reason."""

from django.utils import timezone

from filings.official import OfficialDocument

from .models import Campaign, Item


def results(campaign: Campaign, groups: list[tuple[str, list[Item]]]) -> bytes:
    publisher = campaign.published_by or campaign.started_by
    issuer = publisher.unit.issuer if publisher.unit else "清理机关"
    out = OfficialDocument(issuer=issuer, number=campaign.number, title=f"关于公布{campaign.title}结果的决定")
    intro = f"根据有关规定，本机关组织开展了{campaign.get_kind_display()}"
    if campaign.basis:
        intro += f"，对依据《{campaign.basis.title}》制定的文件进行了清理"
    reviewed = "，经司法行政机关法制审核" if campaign.legal_reviewed_at else ""
    out.paragraph(intro + reviewed + "。现决定：")
    if campaign.reason:
        out.paragraph(campaign.reason)
    out.paragraph(
        "自本决定公布之日起，决定废止和宣布失效的文件停止执行；决定修改的文件由制定机关按程序修改，"
        "修改后的文件公布前，原文件继续执行；决定继续有效的文件继续执行。"
    )
    for label, items in groups:
        out.heading(f"{label}的文件（{len(items)}件）")
        if not items:
            out.paragraph("无。")
            continue
        rows = [
            [str(n), item.title, item.doc_number, item.issuer,
             f"以{item.order_number}废止。{item.reason}" if item.order_number else item.reason]
            for n, item in enumerate(items, 1)
        ]  # fmt: skip
        out.table(["序号", "文件名称", "文号", "制定机关", "理由"], rows)
    out.signature(timezone.localtime(campaign.published_at or timezone.now()).date())
    return out.bytes()

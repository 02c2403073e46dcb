"""The published results of a cleanup campaign as an official document (GB/T 9704 layout,
filings/official.py): per outcome, a table of the documents with their 文号, issuer and reason."""

from django.utils import timezone

from filings.official import OfficialDocument

from .models import Campaign, Item


def results(campaign: Campaign, groups: list[tuple[str, list[Item]]]) -> bytes:
    publisher = campaign.published_by or campaign.started_by
    issuer = publisher.unit.issuer if publisher.unit else "清理机关"
    out = OfficialDocument(issuer=issuer, number=campaign.number, title=f"关于{campaign.title}结果的公告")
    intro = f"根据有关规定，本机关组织开展了{campaign.get_kind_display()}"
    if campaign.basis:
        intro += f"，对依据《{campaign.basis.title}》制定的文件进行了清理"
    out.paragraph(intro + "。现将清理结果公布如下：")
    if campaign.reason:
        out.paragraph(campaign.reason)
    for label, items in groups:
        out.heading(f"{label}的文件（{len(items)}件）")
        if not items:
            out.paragraph("无。")
            continue
        rows = [[str(n), item.title, item.doc_number, item.issuer, item.reason] for n, item in enumerate(items, 1)]
        out.table(["序号", "文件名称", "文号", "制定机关", "理由"], rows)
    out.signature(timezone.localtime(campaign.published_at or timezone.now()).date())
    return out.bytes()

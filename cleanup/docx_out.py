"""The published results of a cleanup campaign as a Word document (python-docx is imported only in the
modules that write or read Word files)."""

import io

from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH

from filings.docx_io import SafeDocument, cell_text_set

from .models import Campaign, Item


def results(campaign: Campaign, groups: list[tuple[str, list[Item]]]) -> bytes:
    """Per outcome, a table of name, 文号, issuer and reason."""
    out = SafeDocument()
    heading = out.add_heading(f"{campaign.title}结果", level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    published = timezone.localtime(campaign.published_at) if campaign.published_at else None
    out.add_paragraph(f"{campaign.get_kind_display()}" + (f"，{published:%Y年%m月%d日}公布" if published else ""))
    if campaign.basis:
        out.add_paragraph(f"发生变化的上位法：《{campaign.basis.title}》")
    if campaign.reason:
        out.add_paragraph(campaign.reason)
    for label, items in groups:
        out.add_heading(f"{label}的文件（{len(items)} 件）", level=1)
        if not items:
            out.add_paragraph("无。")
            continue
        table = out.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ["序号", "文件名称", "文号", "制定机关", "理由"], strict=True):
            cell_text_set(cell, text)
        for number, item in enumerate(items, 1):
            values = [str(number), item.title, item.doc_number, item.issuer, item.reason]
            for cell, text in zip(table.add_row().cells, values, strict=True):
                cell_text_set(cell, text)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()

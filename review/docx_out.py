"""The workflow's Word documents: the legality opinion (意见书) and the filing report (备案报告).

python-docx is imported here and in filings/docx_io.py only.
"""

import io

from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH

from filings.docx_io import SafeDocument

from . import rules, selectors
from .models import LegalityReview, ReviewProcess


def _new(title: str) -> SafeDocument:
    out = SafeDocument()
    heading = out.add_heading(title, level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return out


def _bytes(out) -> bytes:
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def legality_opinion(review: LegalityReview) -> bytes:
    """基本情况, materials received, findings on subject/power/procedure/content, conclusion, signature."""
    process = review.process
    document = process.document
    out = _new("合法性审核意见书")
    out.add_heading("一、基本情况", level=1)
    out.add_paragraph(f"送审文件：《{document.title}》")
    out.add_paragraph(f"起草单位：{process.drafting_unit}")
    out.add_paragraph(f"送审日期：{timezone.localtime(process.created):%Y年%m月%d日}")
    out.add_paragraph(f"审核轮次：第 {review.round} 轮")
    out.add_heading("二、收到的材料", level=1)
    for key, label in rules.MATERIALS:
        out.add_paragraph(f"{label}：{'已收到' if review.materials.get(key) else '未收到'}", style="List Bullet")
    out.add_heading("三、审核意见", level=1)
    for point in review.points:
        finding = "无问题" if point.get("finding") == "ok" else "有问题"
        line = f"{point.get('label', point.get('point'))}：{finding}"
        if point.get("note"):
            line += f"。{point['note']}"
        out.add_paragraph(line, style="List Number")
    findings = list(review.findings.select_related("higher_law"))
    if findings:
        out.add_heading("四、逐条意见", level=1)
        # Quoted from the text this round read: a later amendment may have changed or renumbered the articles.
        read = selectors.review_text(review)
        units = {a.anchor: (a.label, a.text) for a in (read.articles if read else document.articles.all())}
        for finding in findings:
            label, quoted = units.get(finding.article_anchor, (finding.article_anchor, ""))
            law = f"，与《{finding.higher_law.title}》{finding.higher_law_article}不一致" if finding.higher_law else ""
            out.add_paragraph(f"{label}{law}：{finding.note}")
            if quoted:
                out.add_paragraph(f"（送审稿原文：{quoted}）")
    out.add_heading("审核结论", level=1)
    out.add_paragraph(review.get_conclusion_display())
    if review.amendments:
        out.add_paragraph(f"修改意见：{review.amendments}")
    if review.note:
        out.add_paragraph(f"说明：{review.note}")
    if process.expert_opinions.exists():
        out.add_heading("附：专家论证意见", level=1)
        for opinion in process.expert_opinions.select_related("expert__user"):
            text = opinion.opinion if opinion.signed_at else "（未答复）"
            out.add_paragraph(f"{opinion.expert}：{text} {opinion.signature}")
    signature = out.add_paragraph(
        f"审核人：{review.reviewer.get_full_name() or review.reviewer.username}\n"
        f"{timezone.localtime(review.concluded_at):%Y年%m月%d日}"
    )
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return _bytes(out)


def filing_report_text(process: ReviewProcess) -> str:
    document = process.document
    lines = [
        f"现将《{document.title}》（{document.doc_number}）报送备案。",
        f"该文件于 {document.promulgated:%Y年%m月%d日} 公布，自 {document.effective:%Y年%m月%d日} 起施行，"
        f"登记编号 {document.register_number}。",
        "制定依据：" + "；".join(line.strip() for line in process.legal_bases.splitlines() if line.strip()),
    ]
    review = process.legality_reviews.filter(conclusion=LegalityReview.Conclusion.LAWFUL).last()
    if review:
        lines.append(f"经合法性审核，结论为：{review.get_conclusion_display()}（第 {review.round} 轮）。")
    if process.early_effect_reason:
        lines.append(f"自公布之日起不足 30 日施行，理由：{process.early_effect_reason}")
    lines.append("附件：1. 正式文本及电子文本；2. 起草说明（附合法性审核意见书）。")
    return "\n".join(lines)


def filing_report(process: ReviewProcess) -> bytes:
    """The filing report, then the explanation with the legality opinion's conclusion."""
    out = _new("备案报告")
    filing = process.filing
    for line in (filing.report or filing_report_text(process)).splitlines():
        out.add_paragraph(line)
    out.add_heading("起草说明", level=1)
    for line in process.explanation.splitlines():
        out.add_paragraph(line)
    if process.comment_summary:
        out.add_heading("征求意见及采纳情况", level=1)
        out.add_paragraph(process.comment_summary)
    out.add_heading("正式文本", level=1)
    for line in process.document.text.splitlines():
        out.add_paragraph(line)
    return _bytes(out)

"""The workflow's official documents (GB/T 9704 layout, filings/official.py): the legality opinion (合法性审核
意见书) and the filing report (备案报告), which carries the whole opinion and the deliberation record."""

from django.conf import settings
from django.utils import timezone

from filings.official import OfficialDocument
from filings.text import cn_date

from . import rules, selectors
from .models import Deliberation, Filing, LegalityReview, ReviewProcess

# The seven review points under the four headings of the opinion (DOMAIN.md "Official documents").
POINT_GROUPS = [
    ("（一）制定主体", ["subject"]),
    ("（二）制定权限", ["power", "no_expansion"]),
    ("（三）制定程序", ["procedure"]),
    ("（四）文件内容", ["content", "no_new_powers", "no_new_duties"]),
]
REVIEW_RULE = "《国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见》（国办发〔2018〕115号）"


def _unit_issuer(unit, fallback: str) -> str:
    return unit.issuer if unit else fallback


def _opinion_body(out: OfficialDocument, review: LegalityReview) -> None:
    """基本情况, 审核依据, findings under 主体 / 权限 / 程序 / 内容 with the clause-by-clause opinions, 结论."""
    process = review.process
    document = process.document
    out.paragraph(
        f"你单位报送的《{document.title}》（送审稿）及有关材料收悉。根据{REVIEW_RULE}，经审核，现提出意见如下："
    )
    out.heading("基本情况")
    received = "、".join(label for key, label in rules.MATERIALS if review.materials.get(key)) or "无"
    missing = "、".join(label for key, label in rules.MATERIALS if not review.materials.get(key))
    out.paragraph(
        f"送审文件：《{document.title}》。起草单位：{process.drafting_unit.issuer}。"
        f"送审日期：{cn_date(timezone.localtime(process.created).date())}。审核轮次：第{review.round}轮。"
    )
    out.paragraph(f"收到的材料：{received}。" + (f"未收到：{missing}。" if missing else ""))
    out.heading("审核依据")
    bases = [line.strip() for line in process.legal_bases.splitlines() if line.strip()]
    findings = list(review.findings.select_related("higher_law"))
    laws = {f"《{f.higher_law.title}》" for f in findings if f.higher_law} - set(bases)
    out.paragraph(f"{REVIEW_RULE}；起草单位列明的制定依据：{'；'.join(bases) or '未列明'}。")
    if laws:
        out.paragraph(f"审核中对照的上位法：{'；'.join(sorted(laws))}。")
    out.heading("审核意见")
    points = {point.get("point"): point for point in review.points}
    # Quoted from the text this round read: a later amendment may have changed or renumbered the articles.
    read = selectors.review_text(review)
    units = {a.anchor: (a.label, a.text) for a in (read.articles if read else document.articles.all())}
    for title, keys in POINT_GROUPS:
        out.heading(title, level=2)
        for key in keys:
            point = points.get(key)
            if point is None:
                continue
            finding = "无问题" if point.get("finding") == "ok" else "有问题"
            note = f"。{point['note']}" if point.get("note") else ""
            out.paragraph(f"{point.get('label', key)}：{finding}{note}")
        if keys[0] == "content":
            for finding in findings:
                label, quoted = units.get(finding.article_anchor, (finding.article_anchor, ""))
                law = ""
                if finding.higher_law:
                    law = f"，与《{finding.higher_law.title}》{finding.higher_law_article}不一致"
                out.paragraph(f"{label}{law}：{finding.note}")
                if quoted:
                    out.paragraph(f"（送审稿原文：{quoted}）")
    out.heading("审核结论")
    out.paragraph(f"{review.get_conclusion_display()}。")
    if review.amendments:
        out.paragraph(f"修改意见：{review.amendments}")
    if review.note:
        out.paragraph(f"说明：{review.note}")


def _opinions_of_experts(process: ReviewProcess) -> list[str]:
    return [
        f"{opinion.expert}：{opinion.opinion if opinion.signed_at else '（未答复）'} {opinion.signature}".strip()
        for opinion in process.expert_opinions.select_related("expert__user", "expert__employer")
    ]


def legality_opinion(review: LegalityReview) -> bytes:
    process = review.process
    issuer = _unit_issuer(review.reviewer.unit, "合法性审核机构")
    out = OfficialDocument(
        issuer=issuer,
        number=review.number,
        title=f"关于《{process.document.title}》的合法性审核意见书",
        recipient=process.drafting_unit.issuer,
    )
    _opinion_body(out, review)
    experts = _opinions_of_experts(process)
    out.attachments(["专家论证意见"] if experts else [])
    out.signature(timezone.localtime(review.concluded_at).date())
    out.paragraph(f"（联系人：{review.reviewer.get_full_name() or review.reviewer.username}）")
    if experts:
        out.annex("附件　专家论证意见")
        for line in experts:
            out.paragraph(line)
    return out.bytes()


def filing_report_text(process: ReviewProcess) -> str:
    document = process.document
    lines = [
        f"根据《法规规章备案审查条例》和有关规定，现将《{document.title}》（{document.doc_number}）报送备案。",
        f"该文件于{cn_date(document.promulgated)}公布，自{cn_date(document.effective)}起施行，"
        f"登记编号{document.register_number}。",
        "制定依据：" + "；".join(line.strip() for line in process.legal_bases.splitlines() if line.strip()) + "。",
    ]
    review = process.legality_reviews.filter(conclusion=LegalityReview.Conclusion.LAWFUL).last()
    if review:
        lines.append(f"经合法性审核，结论为{review.get_conclusion_display()}（第{review.round}轮，{review.number}）。")
    if process.early_effect_reason:
        lines.append(f"自公布之日起不足30日施行，理由：{process.early_effect_reason}")
    lines.append("特此报告。")
    return "\n".join(lines)


def _deliberation_record(out: OfficialDocument, deliberation: Deliberation | None) -> None:
    if deliberation is None:
        out.paragraph("未记录集体审议。")
        return
    recorder = deliberation.recorded_by
    out.paragraph(f"会议：{deliberation.meeting}。会议日期：{cn_date(deliberation.held_on)}。")
    if deliberation.majority:
        out.paragraph(f"与会人员意见：{deliberation.get_majority_display()}。")
    head = f"，由{deliberation.head}在集体讨论的基础上作出（最后发表意见）" if deliberation.head else ""
    out.paragraph(f"审议决定：{deliberation.get_decision_display()}{head}。")
    if deliberation.against_majority_reason:
        out.paragraph(f"与多数意见不一致的理由：{deliberation.against_majority_reason}")
    if deliberation.changes:
        out.paragraph(f"会议对文本的修改：{deliberation.changes}")
    out.paragraph(f"不同意见：{deliberation.dissent or '无'}")
    out.paragraph(f"记录人：{recorder.get_full_name() or recorder.username}")


def filing_report(filing: Filing) -> bytes:
    """The report to one filing body, then its attachments: the official text with its electronic text,
    the explanation with the comment handling, the whole legality opinion and the deliberation record."""
    process = filing.process
    document = process.document
    issuer = _unit_issuer(document.issuer_unit, document.issuer)
    out = OfficialDocument(
        issuer=issuer,
        number=filing.report_number,
        title=f"关于报送《{document.title}》备案的报告",
        recipient=filing.body_name or settings.FILING_BODY_NAME,
    )
    out.paragraph(filing.report or filing_report_text(process))
    review = process.legality_reviews.filter(conclusion=LegalityReview.Conclusion.LAWFUL).last()
    deliberation = getattr(process, "deliberation", None)
    annexes = [f"《{document.title}》正式文本及电子文本", "起草说明", "合法性审核意见书", "集体审议记录"]
    out.attachments(annexes)
    out.signature(timezone.localtime(filing.submitted_at or timezone.now()).date())
    out.annex(f"附件1　《{document.title}》")
    out.paragraph(document.text)
    out.paragraph(f"电子文本：{document.title}.docx（{document.doc_number}，登记编号{document.register_number}）")
    out.annex("附件2　起草说明")
    out.paragraph(process.explanation)
    if process.procedure_note:
        out.paragraph(f"程序说明：{process.procedure_note}")
    if process.comment_summary:
        out.paragraph(f"征求意见及采纳情况：{process.comment_summary}")
    out.annex("附件3　合法性审核意见书")
    if review:
        office = _unit_issuer(review.reviewer.unit, "")
        out.paragraph(f"{office}　{review.number}")
        _opinion_body(out, review)
        out.paragraph(f"{office}　{cn_date(timezone.localtime(review.concluded_at).date())}")
    else:
        out.paragraph("无结论为合法的合法性审核意见书。")
    out.annex("附件4　集体审议记录")
    _deliberation_record(out, deliberation)
    return out.bytes()


def rule_order(document) -> bytes:
    """The government's order (令) that publishes a 规章, followed by the rule's text as the 公报 prints it:
    "《…》已经…会议通过，现予公布，自…起施行。" signed by the head (立法法 art. 97)."""
    deliberation = Deliberation.objects.filter(process__document=document).first()
    adopted = f"已经{cn_date(deliberation.held_on)}{deliberation.meeting}通过，" if deliberation else ""
    out = OfficialDocument(issuer=f"{document.issuer}令", title="", number=document.doc_number.split("令")[-1])
    out.paragraph(f"《{document.title}》{adopted}现予公布，自{cn_date(document.effective)}起施行。")
    out.signature(document.promulgated, signer=document.signatory)
    out.annex(document.title)
    out.paragraph(document.text.split("\n", 1)[-1] if document.text.startswith(document.title) else document.text)
    return out.bytes()


def _filing_office(filing: Filing) -> str:
    return _unit_issuer(filing.reviewer_unit, filing.body_name)


def review_opinion(filing: Filing) -> bytes:
    """审查意见 advising the issuer to correct (备案审查条例 art. 18), addressed to it, with the 30 days to report."""
    document = filing.document
    out = OfficialDocument(issuer=_filing_office(filing), title=f"关于《{document.title}》的审查意见",
                           number=filing.opinion_number, recipient=document.issuer)  # fmt: skip
    out.paragraph(
        f"你单位报送备案的《{document.title}》（{document.doc_number}）已于{cn_date(filing.registered_at)}登记。"
        "经审查，提出如下意见："
    )
    out.paragraph(filing.outcome_note)
    out.paragraph(
        f"请你单位自行纠正，并于{cn_date(filing.report_back_due)}前将纠正情况书面报告我机关"
        "（修改的附修改后的文本，废止的附废止决定）。逾期不纠正的，我机关将依法提出处理意见。"
    )
    out.signature(timezone.localdate(), signer=_filing_office(filing))
    return out.bytes()


def disposal_opinion(filing: Filing) -> bytes:
    """处理意见 to the competent authority when the issuer did not correct (立法法 art. 108)."""
    from .filing_review import authority_name

    document = filing.document
    out = OfficialDocument(issuer=_filing_office(filing), title=f"关于《{document.title}》的处理意见",
                           number=filing.disposal_number, recipient=authority_name(filing))  # fmt: skip
    out.paragraph(
        f"{document.issuer}制定的《{document.title}》（{document.doc_number}），经备案审查，我机关于"
        f"{cn_date(filing.registered_at)}后提出审查意见（{filing.opinion_number}）：{filing.outcome_note}"
    )
    out.paragraph(f"制定机关报告的纠正情况（{filing.get_correction_action_display()}）未能纠正上述问题。")
    out.paragraph(filing.disposal_opinion)
    out.paragraph("以上意见，请予决定。")
    out.signature(timezone.localdate(), signer=_filing_office(filing))
    return out.bytes()

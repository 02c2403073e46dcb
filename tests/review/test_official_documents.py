"""The 意见书, the 备案报告 and the cleanup results read back as GB/T 9704 documents: A4 and its margins,
the fonts named, the red 发文机关标志, the 文号, 主送, the sections, 署名 and 成文日期."""

import io
import re
import shutil
import subprocess

import docx
import pytest
from django.urls import reverse
from django.utils import timezone
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from filings.text import cn_date

from .conftest import through_filing

pytestmark = pytest.mark.django_db


def read(response) -> docx.document.Document:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return docx.Document(io.BytesIO(response.content))


def east_asian(style) -> str:
    return style.element.rPr.rFonts.get(qn("w:eastAsia"))


def lines(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text.strip()]


def assert_gbt_9704(document) -> None:
    section = document.sections[0]
    assert (round(section.page_width / Mm(1)), round(section.page_height / Mm(1))) == (210, 297)  # A4
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m / Mm(1)) for m in margins] == [37, 35, 28, 26]  # 版心 156 × 225 mm
    styles = document.styles
    assert east_asian(styles["Normal"]) == "仿宋_GB2312" and styles["Normal"].font.size == Pt(16)  # 3号仿宋
    assert east_asian(styles["公文标题"]) == "方正小标宋简体" and styles["公文标题"].font.size == Pt(22)  # 2号小标宋
    assert east_asian(styles["一级标题"]) == "黑体" and east_asian(styles["二级标题"]) == "楷体_GB2312"
    flag = document.paragraphs[0]
    assert flag.style.name == "发文机关标志" and flag.runs[0].font.color.rgb == docx.shared.RGBColor(0xFF, 0, 0)
    footer = section.footer.paragraphs[0]._p.xml
    assert 'w:instr="PAGE"' in footer and "—" in footer  # — 1 —
    assert not any(p.style.name.startswith("Heading") or p.style.name == "Title" for p in document.paragraphs)


def test_the_legality_opinion_is_an_official_document_with_its_number_sections_and_date(
    client, drafter, reviewer, archivist
):
    process = through_filing(client, drafter, reviewer, archivist)
    year = timezone.localdate().year
    first, second = process.legality_reviews.order_by("round")
    assert (first.number, second.number) == (f"市司审〔{year}〕1号", f"市司审〔{year}〕2号")  # one series

    client.force_login(reviewer)
    opinion = read(client.get(reverse("review:legality_opinion_docx", args=[process.pk])))
    assert_gbt_9704(opinion)
    text = lines(opinion)
    assert text[:4] == ["某市司法局", f"市司审〔{year}〕2号", "关于《某市电动自行车停放管理办法》的合法性审核意见书",
                        "某市市市场监督管理局："]  # fmt: skip
    headings = [p.text for p in opinion.paragraphs if p.style.name in ("一级标题", "二级标题")]
    assert headings == ["一、基本情况", "二、审核依据", "三、审核意见", "（一）制定主体", "（二）制定权限",
                        "（三）制定程序", "（四）文件内容", "四、审核结论"]  # fmt: skip
    assert any("国办发〔2018〕115号" in line and "《中华人民共和国道路交通安全法》" in line for line in text)
    signature = [p.text.strip() for p in opinion.paragraphs if p.style.name == "署名"]
    assert signature == ["某市司法局", cn_date(timezone.localdate())]
    assert not re.search(r"年0\d月|月0\d日", "\n".join(text))  # Arabic numerals without leading zeros
    assert "审核人：reviewer" not in "\n".join(text)


def test_round_one_opinion_keeps_its_finding_under_procedure(client, drafter, reviewer, archivist):
    process = through_filing(client, drafter, reviewer, archivist)
    from review.docx_out import legality_opinion

    first = docx.Document(io.BytesIO(legality_opinion(process.legality_reviews.get(round=1))))
    text = lines(first)
    procedure = text.index("（三）制定程序")
    assert "有问题。未公开征求意见，已说明理由。" in text[procedure + 1]
    assert "修改后合法。" in text and "修改意见：第二条补充停放区域的划定机关。" in text


def test_the_filing_report_names_the_filing_body_and_carries_the_opinion_and_the_deliberation(
    client, drafter, reviewer, archivist, settings
):
    settings.FILING_BODY_NAME = "某市人民政府"
    drafter.unit.office_code = "市监"
    drafter.unit.save()
    process = through_filing(client, drafter, reviewer, archivist)
    year = timezone.localdate().year
    assert process.filings.get().report_number == f"市监报〔{year}〕1号"
    client.force_login(drafter)
    report = read(client.get(reverse("review:filing_report_docx", args=[process.pk])))
    assert_gbt_9704(report)
    text = lines(report)
    assert text[1] == process.filings.get().report_number
    assert text[2] == "关于报送《某市电动自行车停放管理办法》备案的报告" and text[3] == "某市人民政府："
    assert "现报送备案。" in text
    annexes = [line for line in text if line.startswith("附件")]
    assert annexes[0] == "附件：1. 《某市电动自行车停放管理办法》正式文本及电子文本"
    parts = [p.text for p in report.paragraphs if p.style.name == "公文标题"][1:]
    assert parts == ["附件1　《某市电动自行车停放管理办法》", "附件2　起草说明", "附件3　合法性审核意见书",
                     "附件4　集体审议记录"]  # fmt: skip
    opinion = text[text.index("附件3　合法性审核意见书") :]
    assert f"某市司法局　市司审〔{year}〕2号" in opinion and "（四）文件内容" in opinion and "合法。" in opinion
    assert "会议：市政府第5次常务会议。" + f"会议日期：{cn_date(timezone.localdate())}。" in text
    assert "不同意见：一名委员建议延长过渡期。" in text
    assert any(line.startswith("电子文本：某市电动自行车停放管理办法.docx") for line in text)


def test_cleanup_results_are_an_official_document_numbered_at_publication(client, archivist):
    from cleanup.docx_out import results
    from cleanup.models import Campaign

    archivist.unit.office_code, archivist.unit.issuer_name = "市政", "某市人民政府"
    archivist.unit.save()
    campaign = Campaign.objects.create(
        title="2026年度规范性文件定期清理", kind="periodic", due=timezone.localdate(), started_by=archivist,
        published_by=archivist, published_at=timezone.now(), number="市政清〔2026〕1号", state="published",
    )  # fmt: skip
    document = docx.Document(io.BytesIO(results(campaign, [("继续有效", [])])))
    assert_gbt_9704(document)
    text = lines(document)
    # The results are the issuing authority's decision (清理决定), in force from publication.
    assert text[:3] == ["某市人民政府", "市政清〔2026〕1号", "关于公布2026年度规范性文件定期清理结果的决定"]
    assert "一、继续有效的文件（0件）" in text and any("自本决定公布之日起" in line for line in text)


SOFFICE = "/usr/bin/soffice"
A4_MEDIABOX = re.compile(rb"/MediaBox\s*\[\s*0 0 595\.3\d* 841\.8\d*\s*\]")


def as_pdf(data: bytes, tmp_path) -> bytes:
    """The .docx converted by Debian's LibreOffice, as a reader's office suite lays it out."""
    if not shutil.which(SOFFICE):
        pytest.fail(f"{SOFFICE} is missing: `make test` installs Debian's libreoffice-writer-nogui")
    source = tmp_path / "document.docx"
    source.write_bytes(data)
    profile = f"-env:UserInstallation=file://{tmp_path}/lo-profile"
    subprocess.run([SOFFICE, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)  # fmt: skip
    return (tmp_path / "document.pdf").read_bytes()


def test_the_opinion_and_the_report_convert_to_pdf_on_a4_pages(client, drafter, reviewer, archivist, tmp_path):
    from review.docx_out import filing_report, legality_opinion

    process = through_filing(client, drafter, reviewer, archivist)
    for data in (legality_opinion(process.legality_reviews.get(round=2)), filing_report(process.filings.get())):
        pdf = as_pdf(data, tmp_path)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert pages >= 1 and len(A4_MEDIABOX.findall(pdf)) >= pages  # every page is A4
    assert pages >= 4  # the report and its four attachments, each from a new page

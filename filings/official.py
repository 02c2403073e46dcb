"""Official documents the system issues, laid out as GB/T 9704-2012 《党政机关公文格式》 asks (DOMAIN.md
"Official documents"): A4, the 版心 156 × 225 mm, 发文机关标志 in red 小标宋 over a red rule, 发文字号,
the title in 2号小标宋, 主送机关, the body in 3号仿宋 with 黑体 and 楷体 headings, 附件说明, 署名 and
成文日期 in Arabic numerals, page numbers "— 1 —" in 4号宋体.

python-docx is imported here and in filings/docx_io.py only.
"""

import datetime
import io

from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .docx_io import SafeDocument, cell_text_set
from .text import cn_date, xml_safe

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top_margin": Mm(37), "bottom_margin": Mm(35), "left_margin": Mm(28), "right_margin": Mm(26)}
XIAOBIAOSONG, FANGSONG, HEITI, KAITI, SONGTI = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"
SIZE_2, SIZE_3, SIZE_4 = Pt(22), Pt(16), Pt(14)  # 2号, 3号, 4号
LINE = Pt(28.95)  # 22 lines in the 225 mm 版心
RED = RGBColor(0xFF, 0x00, 0x00)

# (style name, east-Asian font, size, bold, alignment, first-line indent in characters)
STYLES = [
    ("发文机关标志", XIAOBIAOSONG, Pt(36), False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    ("发文字号", FANGSONG, SIZE_3, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    ("公文标题", XIAOBIAOSONG, SIZE_2, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    ("主送机关", FANGSONG, SIZE_3, False, WD_ALIGN_PARAGRAPH.LEFT, 0),
    ("一级标题", HEITI, SIZE_3, False, WD_ALIGN_PARAGRAPH.LEFT, 2),
    ("二级标题", KAITI, SIZE_3, False, WD_ALIGN_PARAGRAPH.LEFT, 2),
    ("署名", FANGSONG, SIZE_3, False, WD_ALIGN_PARAGRAPH.RIGHT, 0),
    ("表格文字", FANGSONG, Pt(12), False, WD_ALIGN_PARAGRAPH.LEFT, 0),
    ("页码", SONGTI, SIZE_4, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
]

CHINESE_NUMERALS = "一二三四五六七八九十"


def ordinal(n: int) -> str:
    """一, 二, … 十九 for the heading numbers 一、 二、."""
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CHINESE_NUMERALS[tens - 1]) + "十" + (CHINESE_NUMERALS[ones - 1] if ones else "")


def _style_fonts(style, east_asian: str) -> None:
    style.font.name = "Times New Roman"
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)


def _red_rule(paragraph) -> None:
    """The red 分隔线 under the 发文字号, as the paragraph's bottom border across the 版心."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in {"w:val": "single", "w:sz": "12", "w:space": "1", "w:color": "FF0000"}.items():
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.append(borders)


def _page_number(section) -> None:
    """ "— 1 —" under the 版心: a PAGE field between two em dashes."""
    paragraph = section.footer.paragraphs[0]
    paragraph.style = "页码"
    paragraph.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.add_run(" —")


class OfficialDocument:
    """One official document: call the parts in order, then `bytes()`."""

    def __init__(self, *, issuer: str, title: str, number: str = "", recipient: str = "", mark: str = ""):
        self.out = SafeDocument()
        self.issuer = issuer
        self._headings = 0
        self._setup()
        # 发文机关标志: the issuer's name (with 文件 for a 文件-format document when `mark` says so).
        flag = self.out.add_paragraph(f"{issuer}{mark}", style="发文机关标志")
        for run in flag.runs:
            run.font.color.rgb = RED
        number_line = self.out.add_paragraph(xml_safe(number), style="发文字号")
        _red_rule(number_line)
        self.out.add_paragraph("", style="发文字号")
        self.out.add_paragraph(title, style="公文标题")
        self.out.add_paragraph("", style="主送机关")
        if recipient:
            self.out.add_paragraph(f"{recipient}：", style="主送机关")

    def _setup(self) -> None:
        document = self.out.document
        section = document.sections[0]
        section.start_type = WD_SECTION.NEW_PAGE
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        for name, value in MARGINS.items():
            setattr(section, name, value)
        normal = document.styles["Normal"]
        _style_fonts(normal, FANGSONG)
        normal.font.size = SIZE_3
        normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        normal.paragraph_format.line_spacing = LINE
        normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.first_line_indent = SIZE_3 * 2
        for name, font, size, bold, alignment, indent in STYLES:
            style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = normal
            _style_fonts(style, font)
            style.font.size, style.font.bold = size, bold
            style.paragraph_format.alignment = alignment
            style.paragraph_format.first_line_indent = size * indent if indent else Pt(0)
            if size > SIZE_3:
                style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
        _page_number(section)

    def heading(self, text: str, level: int = 1) -> None:
        """一级标题 numbered 一、二、… in 黑体; 二级 as given (（一）…) in 楷体."""
        if level == 1:
            self._headings += 1
            self.out.add_paragraph(f"{ordinal(self._headings)}、{text}", style="一级标题")
        else:
            self.out.add_paragraph(text, style="二级标题")

    def paragraph(self, text: str) -> None:
        for line in text.splitlines() or [""]:
            if line.strip():
                self.out.add_paragraph(line.strip())

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        table = self.out.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cells, values in [(table.rows[0].cells, header)] + [(table.add_row().cells, row) for row in rows]:
            for cell, value in zip(cells, values, strict=True):
                cell_text_set(cell, value)
                for paragraph in cell.paragraphs:
                    paragraph.style = "表格文字"

    def attachments(self, names: list[str]) -> None:
        """附件说明: below the body after one empty line, 附件：1. …"""
        if not names:
            return
        self.out.add_paragraph("")
        for i, name in enumerate(names, 1):
            prefix = "附件：" if i == 1 else "　　　"
            self.out.add_paragraph(f"{prefix}{i}. {name}" if len(names) > 1 else f"附件：{name}")

    def signature(self, day: datetime.date, signer: str = "") -> None:
        """发文机关署名 over the 成文日期, right-aligned with room for the seal."""
        self.out.add_paragraph("")
        self.out.add_paragraph("")
        self.out.add_paragraph(f"{signer or self.issuer}　　", style="署名")
        self.out.add_paragraph(f"{cn_date(day)}　　", style="署名")

    def annex(self, title: str) -> None:
        """A part that follows on a new page (附件 or an included document), with its own title."""
        self.out.add_page_break()
        self.out.add_paragraph(title, style="公文标题")
        self.out.add_paragraph("")

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.out.save(buffer)
        return buffer.getvalue()

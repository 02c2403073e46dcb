"""Word files in and out. python-docx is imported here and nowhere else."""

import io
import zipfile
from dataclasses import dataclass

import docx
from django.conf import settings
from django.core.exceptions import ValidationError
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from .models import Article, Document
from .text import cn_date, xml_safe

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted .docx is an OLE container holding this stream (name stored in UTF-16).
ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")


class SafeDocument:
    """A python-docx document whose added text is made XML-safe (filings.text.xml_safe): a stored text with
    a control character in it (from before inputs were cleaned) must never make an output fail."""

    def __init__(self):
        self.document = docx.Document()

    def add_paragraph(self, text: str = "", style=None):
        return self.document.add_paragraph(xml_safe(text), style)

    def add_heading(self, text: str = "", level: int = 1):
        return self.document.add_heading(xml_safe(text), level)

    def __getattr__(self, name):
        return getattr(self.document, name)


def cell_text_set(cell, text: str) -> None:
    cell.text = xml_safe(text)


@dataclass
class DocxDraft:
    title: str
    text: str


def docx_check(data: bytes) -> None:
    """Refuse what is not a readable .docx (empty, too large, old .doc, encrypted, a zip bomb, not Word)."""
    limit = settings.DOCX_MAX_UPLOAD_BYTES
    if not data:
        raise ValidationError("文件是空的（0 字节）。")
    if len(data) > limit:
        raise ValidationError(f"文件过大：{len(data) / 1048576:.1f} MB，上限 {limit / 1048576:.0f} MB。")
    if data.startswith(OLE_SIGNATURE):
        if ENCRYPTION_STREAM in data:
            raise ValidationError("文件设有密码（已加密），无法读取。请在 Word 中取消密码后重新上传。")
        raise ValidationError("这是旧版 Word（.doc）文件。请在 Word 中另存为 .docx 后上传。")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise ValidationError("文件已损坏或不是 Word（.docx）文件。") from None
    if unpacked > settings.DOCX_MAX_UNPACKED_BYTES:
        raise ValidationError("文件解压后过大，拒绝读取。")
    if "word/document.xml" not in names:
        raise ValidationError("文件不是 Word（.docx）文档：缺少正文部分。")


def docx_read(data: bytes) -> DocxDraft:
    """Title and body of an uploaded .docx; raises ValidationError with a message for the user.

    The title is the first paragraph styled Title or Heading 1, else the first non-empty one.
    A Subtitle paragraph holds particulars (文号, dates), as docx_write puts them, and is not text.
    """
    docx_check(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx lets lxml, zip and KeyError failures through
        raise ValidationError(f"文件已损坏，无法打开（{type(exc).__name__}）。") from None
    # Style names by id, read once: python-docx's paragraph.style looks each one up in styles.xml anew,
    # which made a file of 40,000 paragraphs take half a minute.
    names = {style.style_id: style.name for style in document.styles}
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    default_name = default.name if default is not None else ""
    paragraphs = [
        (names.get(p._p.style, "") if p._p.style else default_name, p.text.strip()) for p in document.paragraphs
    ]
    paragraphs = [(style, text) for style, text in paragraphs if text and style != "Subtitle"]
    if not paragraphs:
        raise ValidationError("文档中没有文字。")
    title_index = next((i for i, (style, _) in enumerate(paragraphs) if style in ("Title", "Heading 1")), 0)
    title = paragraphs[title_index][1]
    body = [text for i, (_, text) in enumerate(paragraphs) if i != title_index]
    if len(title) > 500:
        raise ValidationError("第一段过长，不像标题。请把标题单独放在第一段。")
    if not body:
        raise ValidationError("文档只有标题，没有正文。")
    return DocxDraft(title=title, text="\n".join([title, *body]))


def docx_write(document: Document, articles: list[Article]) -> bytes:
    """The document as .docx: title, a line of particulars, then the text, headings as headings."""
    out = SafeDocument()
    style = out.styles["Normal"]
    style.font.size = Pt(12)
    heading = out.add_heading(document.title, level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    particulars = "　".join(
        part
        for part in [
            document.doc_number,
            document.issuer,
            f"{cn_date(document.promulgated)}公布" if document.promulgated else "",
            f"{cn_date(document.effective)}施行" if document.effective else "",
        ]
        if part
    )
    if particulars:
        line = out.add_paragraph(particulars, style="Subtitle")
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    headings = {(a.label + (" " + a.heading if a.heading else "")).strip(): a for a in articles if a.kind != "article"}
    lines = document.text.split("\n")
    if lines and lines[0].strip() == document.title.strip():
        lines = lines[1:]  # the title is already there
    for raw in lines:
        text = raw.strip()
        if not text:
            continue
        squeezed = " ".join(text.split())
        if squeezed in headings:
            out.add_heading(text, level=2 if headings[squeezed].kind != "section" else 3)
        else:
            out.add_paragraph(text)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def comparison_docx(title: str, old_name: str, new_name: str, rows) -> bytes:
    """The 修改对照表 in its usual three columns: 原条文 | 修改后条文 | 修改说明."""
    out = SafeDocument()
    heading = out.add_heading(f"《{title}》修改对照表", level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    out.add_paragraph(f"原条文：{old_name}；修改后条文：{new_name}")
    table = out.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["原条文", "修改后条文", "修改说明"], strict=True):
        cell_text_set(cell, text)
    for row in rows:
        cells = table.add_row().cells
        cell_text_set(cells[0], f"{row.old_label}　{row.old_text}".strip())
        cell_text_set(cells[1], f"{row.new_label}　{row.new_text}".strip())
        cell_text_set(cells[2], row.change)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()

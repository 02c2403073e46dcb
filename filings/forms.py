from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from jurisdictions.models import Jurisdiction

from .docx_io import docx_check, docx_read
from .models import Level, Status
from .services import ScanFile
from .text import text_clean


class DocumentFilterForm(forms.Form):
    level = forms.ChoiceField(label="效力层级", required=False, choices=[("", "全部层级"), *Level.choices])
    status = forms.ChoiceField(
        label="时效性", required=False, choices=[("", "全部"), *Status.choices, ("unknown", "未知")]
    )
    issuer = forms.CharField(label="制定机关", required=False, max_length=100)
    year = forms.IntegerField(label="公布年份", required=False, min_value=1900, max_value=2100)
    stage = forms.ChoiceField(
        label="阶段", required=False, choices=[("", "全部"), ("published", "已公布"), ("draft", "草稿")]
    )
    jurisdiction = forms.ModelChoiceField(
        label="行政区域", queryset=Jurisdiction.objects.all(), required=False, empty_label="全部区域",
        help_text="含下级",
    )  # fmt: skip
    sort = forms.ChoiceField(
        label="排序",
        required=False,
        choices=[
            ("-promulgated", "公布日期（新→旧）"),
            ("promulgated", "公布日期（旧→新）"),
            ("title", "标题"),
            ("-updated", "最近更新"),
        ],
    )


# ISO values: a browser's date input shows only YYYY-MM-DD.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

SCAN_TYPES = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Materials of a draft: a scan or a Word file.
MATERIAL_TYPES = {**SCAN_TYPES, ".docx": (DOCX_TYPE, (b"PK\x03\x04",))}


def upload_read(upload, *, types: dict, what: str) -> ScanFile:
    """An uploaded file of one of `types` within the size limit, recognised by its first bytes, not its
    name; a .docx must also open as Word. Raises ValidationError with a message naming `what`."""
    name = text_clean(upload.name).replace("/", "_").replace("\\", "_")[-200:]
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in types:
        labels = list(dict.fromkeys("JPG" if s == ".jpeg" else s.lstrip(".").upper() for s in types))
        raise ValidationError(f"{what}只接受 {'、'.join(labels[:-1])} 或 {labels[-1]} 文件。")
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        limit = settings.ATTACHMENT_MAX_BYTES / 1048576
        raise ValidationError(f"{what}过大：{upload.size / 1048576:.1f} MB，上限 {limit:.0f} MB。")
    if upload.size == 0:
        raise ValidationError(f"{what}是空的（0 字节）。")
    data = upload.read()
    content_type, magics = types[suffix]
    if not data.startswith(magics):
        raise ValidationError("文件内容与扩展名不符，或文件已损坏。")
    if content_type == DOCX_TYPE:
        docx_check(data)
    return ScanFile(name=name, content_type=content_type, data=data)


def scan_read(upload) -> ScanFile:
    """A scan as PDF, JPEG or PNG."""
    return upload_read(upload, types=SCAN_TYPES, what="扫描件")


class ExternalDocumentForm(forms.Form):
    """A document issued before or outside the platform, entered by an archivist with its scan."""

    title = forms.CharField(label="标题", max_length=500)
    doc_number = forms.CharField(
        label="文号", max_length=100, help_text="原文号，如 某政发〔2019〕12号；不使用本系统编号"
    )
    issuer = forms.CharField(label="制定机关", max_length=200)
    level = forms.ChoiceField(label="效力层级", choices=Level.choices)
    promulgated = forms.DateField(label="公布日期", widget=DATE)
    effective = forms.DateField(label="施行日期", required=False, widget=DATE)
    expires = forms.DateField(label="有效期至", required=False, widget=DATE)
    status = forms.ChoiceField(label="时效性", choices=Status.choices, initial=Status.IN_FORCE)
    text = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 12}), required=False)
    file = forms.FileField(label="或上传正文 Word 文件（.docx）", required=False)
    scan = forms.FileField(
        label="正式文本扫描件（PDF、JPG、PNG）",
        error_messages={"required": "请上传正式文本的扫描件。", "empty": "扫描件是空的（0 字节）。"},
    )

    def clean_scan(self):
        return scan_read(self.cleaned_data["scan"])

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if not upload.name.lower().endswith(".docx"):
                raise ValidationError("正文文件只接受 .docx。")
            data["text"] = text_clean(docx_read(upload.read()).text)
        if not (data.get("text") or "").strip():
            raise ValidationError("请填写正文或上传正文的 Word 文件。")
        today = timezone.localdate()
        promulgated, effective, expires = data.get("promulgated"), data.get("effective"), data.get("expires")
        if promulgated and promulgated > today:
            self.add_error("promulgated", "公布日期不能晚于今天：尚未公布的文件应经审核流程公布。")
        if promulgated and effective and effective < promulgated:
            self.add_error("effective", "施行日期不能早于公布日期。")
        if expires and (effective or promulgated) and expires < (effective or promulgated):
            self.add_error("expires", "有效期至不能早于施行日期。")
        return data

    def register_fields(self) -> dict:
        names = ["title", "doc_number", "issuer", "level", "promulgated", "effective", "expires", "status"]
        return {name: self.cleaned_data[name] for name in names}

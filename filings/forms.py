import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Unit

from .docx_io import DocxDraft, docx_read
from .models import Level, Status


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


class DocxUploadForm(forms.Form):
    file = forms.FileField(
        label="Word 文件（.docx）",
        error_messages={"empty": "文件是空的（0 字节）。", "required": "请选择要上传的 Word 文件。"},
    )
    level = forms.ChoiceField(
        label="效力层级",
        choices=[
            (level.value, level.label)
            for level in (Level.NORMATIVE_DOCUMENT, Level.LOCAL_GOVERNMENT_RULE, Level.DEPARTMENT_RULE)
        ],
    )
    issuer_unit = forms.ModelChoiceField(
        label="制定单位（以其名义公布）",
        queryset=Unit.objects.all(),
        required=False,
        help_text="留空则为本单位。",
    )

    parsed: DocxDraft

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".docx"):
            raise ValidationError("只接受 .docx 文件。")
        if upload.size > settings.DOCX_MAX_UPLOAD_BYTES:
            raise ValidationError(
                f"文件过大：{upload.size / 1048576:.1f} MB，上限 {settings.DOCX_MAX_UPLOAD_BYTES / 1048576:.0f} MB。"
            )
        self.parsed = docx_read(upload.read())
        return upload


class PublishForm(forms.Form):
    promulgated = forms.DateField(label="公布日期", widget=forms.DateInput(attrs={"type": "date"}))
    effective = forms.DateField(label="施行日期", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["promulgated"].initial = today
        self.fields["effective"].initial = today + datetime.timedelta(days=30)

    def clean(self):
        data = super().clean()
        if data.get("promulgated") and data.get("effective") and data["effective"] < data["promulgated"]:
            raise ValidationError("施行日期不能早于公布日期。")
        return data

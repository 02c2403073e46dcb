import datetime
import re
from dataclasses import dataclass

from captcha.fields import CaptchaField
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Unit
from accounts.roles import Role
from filings.docx_io import docx_read
from filings.forms import MATERIAL_TYPES, upload_read
from filings.models import Document, Level, Status
from filings.parsing import commencement
from filings.services import RULE_LEVELS, Structure, parse_structure
from filings.text import text_clean
from jurisdictions.models import Jurisdiction
from jurisdictions.selectors import subtree_ids

from . import rules, selectors
from .models import Deliberation, Expert, Filing, Handling, LegalityReview, Material, ReviewProcess


def errors_attach(form: forms.Form, exc: ValidationError) -> None:
    """A service's refusal shown where it belongs: next to the field it names (a dict ValidationError),
    else at the top of the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def errors_as_messages(request, form: forms.Form) -> None:
    """A small form posted from a list page (no page of its own to show it again): its errors as messages."""
    from django.contrib import messages

    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


LEVEL_CHOICES = [
    (lv.value, lv.label) for lv in (Level.NORMATIVE_DOCUMENT, Level.LOCAL_GOVERNMENT_RULE, Level.DEPARTMENT_RULE)
]
# ISO values: a browser's date input shows only YYYY-MM-DD (Django's default format rendered it blank).
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


@dataclass
class PreparsedDraft:
    """A draft's title, text and structure read from a POST, or the message why it could not be."""

    title: str = ""
    text: str = ""
    structure: Structure | None = None
    error: ValidationError | None = None


def draft_preparse(request) -> PreparsedDraft:
    """Read the uploaded .docx (or the typed text) and parse its structure before any write transaction
    starts, so a large or hostile file never holds the database while it is read."""
    return draft_read(request.FILES.get("file"), request.POST.get("title", ""), request.POST.get("text", ""))


def draft_read(upload, title: str, text: str) -> PreparsedDraft:
    """A draft from a .docx upload (which wins) or a title and text; the page and the API read it alike."""
    try:
        if upload:
            if not upload.name.lower().endswith(".docx"):
                raise ValidationError("只接受 .docx 文件。")
            if upload.size > settings.DOCX_MAX_UPLOAD_BYTES:
                limit_mb = settings.DOCX_MAX_UPLOAD_BYTES / 1048576
                raise ValidationError(f"文件过大：{upload.size / 1048576:.1f} MB，上限 {limit_mb:.0f} MB。")
            parsed = docx_read(upload.read())
            upload.seek(0)
            title, text = parsed.title, parsed.text
        else:
            title, text = (title or "").strip(), text or ""
            if not title or not text.strip():
                raise ValidationError("请填写标题和正文，或上传 Word 文件。")
        title, text = text_clean(title), text_clean(text)
        return PreparsedDraft(title, text, parse_structure(title=title, text=text))
    except ValidationError as exc:
        return PreparsedDraft(error=exc)


class DraftTextMixin(forms.Form):
    """A draft typed in, or read from a .docx by the register (the file wins when both are given).

    The view reads and parses it first (`draft_preparse`, outside the transaction) and passes it in."""

    title = forms.CharField(label="标题", max_length=500, required=False)
    text = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 14}), required=False)
    file = forms.FileField(label="或上传 Word 文件（.docx）", required=False)

    def __init__(self, *args, preparsed: PreparsedDraft | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.preparsed = preparsed

    def clean(self):
        data = super().clean()
        if self.preparsed is None:
            raise ValidationError("草稿未能读取，请重新提交。")
        if self.preparsed.error is not None:
            raise self.preparsed.error
        data["title"], data["text"] = self.preparsed.title, self.preparsed.text
        data["structure"] = self.preparsed.structure
        return data


class SubmitForm(DraftTextMixin):
    level = forms.ChoiceField(label="效力层级", choices=LEVEL_CHOICES)
    issuer_unit = forms.ModelChoiceField(
        label="制定单位（以其名义公布）", queryset=Unit.objects.all(), required=False, help_text="留空则为本单位。"
    )
    explanation = forms.CharField(label="起草说明", widget=forms.Textarea(attrs={"rows": 4}))
    legal_bases = forms.CharField(
        label="制定依据",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一项，如《中华人民共和国行政许可法》第十二条",
    )
    procedure_note = forms.CharField(label="程序说明", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    major_decision = forms.BooleanField(label="重大行政决策", required=False)
    technical = forms.BooleanField(label="专业性、技术性较强", required=False)
    touches_enterprises = forms.BooleanField(label="涉及企业或特定群体（须听取其意见）", required=False)
    touches_market = forms.BooleanField(
        label="涉及市场准入、产业发展、招商引资、招标投标、政府采购、经营行为规范、资质标准等（须公平竞争审查）",
        required=False,
    )
    hearing_planned = forms.BooleanField(label="举行听证（依法应当听证或决定听证的）", required=False)
    secret = forms.BooleanField(label="依法不公开征求意见", required=False)
    secret_reason = forms.CharField(label="不公开的依据和理由", max_length=300, required=False)
    comment_days = forms.IntegerField(label="征求意见期（天）", min_value=1, max_value=365, initial=30, required=False)
    comment_short_reason = forms.CharField(label="少于 30 日的理由", max_length=300, required=False)
    amends = forms.ModelChoiceField(
        label="修改或重新制定的文件（清理决定修改、有效期届满重新制定的，选定原文件）",
        queryset=Document.objects.none(), required=False,
    )  # fmt: skip
    interpretation = forms.CharField(
        label="政策解读（规范性文件和重大行政决策与文件同步起草；也可稍后在“程序记录”中填写）",
        widget=forms.Textarea(attrs={"rows": 4}), required=False,
    )  # fmt: skip

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # In its own name, or in its government's (a department drafts a 规章 for its government).
        if user is not None and user.unit_id:
            own = Unit.objects.filter(pk=user.unit_id)
            government = Unit.objects.filter(kind="government", jurisdiction_id=user.unit.jurisdiction_id)
            if user.unit.jurisdiction_id is None:
                government = Unit.objects.none()
            self.fields["issuer_unit"].queryset = (own | government).distinct()
            self.fields["amends"].queryset = Document.objects.filter(
                stage=Document.Stage.PUBLISHED, issuer_unit__in=self.fields["issuer_unit"].queryset,
                status__in=[Status.IN_FORCE, Status.NOT_YET_IN_FORCE],
            ).order_by("-promulgated").defer("text")  # fmt: skip

    PROCESS_FIELDS = ["explanation", "legal_bases", "procedure_note", "major_decision", "technical",
                      "touches_enterprises", "touches_market", "hearing_planned", "secret", "secret_reason",
                      "comment_days", "comment_short_reason", "amends"]  # fmt: skip

    def process_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.PROCESS_FIELDS}


class CommentForm(forms.Form):
    article_anchor = forms.ChoiceField(label="针对条文", required=False)
    text = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 5}))
    name = forms.CharField(label="姓名（可不填）", max_length=50, required=False)
    contact = forms.CharField(label="联系方式（可不填）", max_length=100, required=False)

    def __init__(self, *args, articles=(), challenge: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article_anchor"].choices = [("", "全文")] + [(a.anchor, a.label) for a in articles]
        if challenge:
            # Offline picture challenge (django-simple-captcha), after a few comments from one address.
            self.fields["captcha"] = CaptchaField(
                label="验证码（请输入图中字符）", error_messages={"invalid": "验证码不正确，请重新输入。"}
            )
        # The page counts characters against the limit (review/static/review/comment-counter.js) instead of
        # letting maxlength cut a pasted text silently; the service refuses a longer one with a message.
        self.fields["text"].widget.attrs["data-max-chars"] = settings.COMMENT_MAX_CHARS


class HandleCommentsForm(forms.Form):
    """Closing the stage: every group has its handling already (recorded group by group)."""

    summary = forms.CharField(label="采纳情况说明（补充）", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class CommentGroupsHandleForm(forms.Form):
    """One handling for the groups ticked on the page (or the one group of a row's own form)."""

    groups = forms.TypedMultipleChoiceField(coerce=int, label="意见组", error_messages={"required": "请勾选意见组。"})
    handling = forms.ChoiceField(label="采纳情况", choices=[("", "—"), *Handling.choices])
    reason = forms.CharField(label="理由", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, group_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].choices = [(pk, pk) for pk in group_ids]


class PickExpertsForm(forms.Form):
    experts = forms.ModelMultipleChoiceField(
        label="论证专家", queryset=Expert.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, process: ReviewProcess, **kwargs):
        super().__init__(*args, **kwargs)
        # None from the drafting unit, nor (by the setting) from its system: neutrality; the service checks again.
        self.fields["experts"].queryset = selectors.experts_eligible(process)


class ExpertOpinionForm(forms.Form):
    opinion = forms.CharField(label="论证意见", widget=forms.Textarea(attrs={"rows": 8}))
    signature = forms.CharField(label="签名（请输入本人姓名）", max_length=50)


class LegalityReviewForm(forms.Form):
    conclusion = forms.ChoiceField(
        label="审核结论", choices=LegalityReview.Conclusion.choices, widget=forms.RadioSelect
    )
    amendments = forms.CharField(label="修改意见（逐项列明）", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    note = forms.CharField(label="审核说明", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    precheck_override = forms.CharField(
        label="预审查提示的问题不成立的理由（结论为“合法”而预审查有提示时必填）",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
    )
    early_reason = forms.CharField(
        label="提前出具意见的理由（未满最短审核时间时必填）",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=300,
    )
    FINDING_ROWS = 3

    def __init__(self, *args, articles=(), **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in rules.MATERIALS:
            self.fields[f"material_{key}"] = forms.BooleanField(label=label, required=False)
        for key, label in rules.REVIEW_POINTS:
            self.fields[f"point_{key}"] = forms.ChoiceField(
                label=label, choices=rules.FINDINGS, initial="ok", widget=forms.RadioSelect
            )
            self.fields[f"point_{key}_note"] = forms.CharField(label="说明", required=False, max_length=500)
        article_choices = [("", "—")] + [(a.anchor, f"{a.label} {a.heading}".strip()) for a in articles]
        for i in range(self.FINDING_ROWS):
            self.fields[f"finding_{i}_article"] = forms.ChoiceField(
                label="条文", choices=article_choices, required=False
            )
            self.fields[f"finding_{i}_law"] = forms.CharField(label="上位法（标题）", required=False, max_length=500)
            self.fields[f"finding_{i}_law_article"] = forms.CharField(label="上位法条文", required=False, max_length=40)
            self.fields[f"finding_{i}_note"] = forms.CharField(label="问题", required=False, max_length=1000)

    def materials(self) -> dict[str, bool]:
        return {key: self.cleaned_data[f"material_{key}"] for key, _ in rules.MATERIALS}

    def points(self) -> list[dict]:
        return [
            {"point": key, "label": label, "finding": self.cleaned_data[f"point_{key}"],
             "note": self.cleaned_data[f"point_{key}_note"]}
            for key, label in rules.REVIEW_POINTS
        ]  # fmt: skip

    def material_fields(self):
        return [self[f"material_{key}"] for key, _ in rules.MATERIALS]

    def point_rows(self):
        return [(label, self[f"point_{key}"], self[f"point_{key}_note"]) for key, label in rules.REVIEW_POINTS]

    def finding_rows(self):
        return [
            [self[f"finding_{i}_{name}"] for name in ("article", "law", "law_article", "note")]
            for i in range(self.FINDING_ROWS)
        ]

    def finding_values(self) -> list[dict]:
        rows = []
        for i in range(self.FINDING_ROWS):
            anchor, note = self.cleaned_data[f"finding_{i}_article"], self.cleaned_data[f"finding_{i}_note"].strip()
            if not anchor and not note:
                continue
            if not anchor or not note:
                raise ValidationError(f"第 {i + 1} 行逐条意见须同时选择条文并写明问题。")
            rows.append(
                {"article_anchor": anchor, "law_title": self.cleaned_data[f"finding_{i}_law"].strip(),
                 "higher_law_article": self.cleaned_data[f"finding_{i}_law_article"].strip(), "note": note}
            )  # fmt: skip
        return rows


MATERIAL_FILE_LABEL = "文件（PDF、JPG、PNG 或 Word .docx）"


def material_read(upload):
    return upload_read(upload, types=MATERIAL_TYPES, what="材料文件")


class MaterialForm(forms.Form):
    """One material uploaded on its own page."""

    kind = forms.ChoiceField(label="材料", choices=Material.Kind.choices)
    file = forms.FileField(
        label=MATERIAL_FILE_LABEL,
        error_messages={"required": "请选择要上传的文件。", "empty": "文件是空的（0 字节）。"},
    )
    note = forms.CharField(label="说明（可不填）", max_length=300, required=False)

    def clean_file(self):
        return material_read(self.cleaned_data["file"])


class OptionalMaterialForm(forms.Form):
    """A task form that may bring a file with it (补充材料, 补正)."""

    material_kind = None  # the kind the file is stored as; None: the person chooses

    material_file = forms.FileField(
        label=f"附上材料{MATERIAL_FILE_LABEL}（可不附）", required=False,
        error_messages={"empty": "文件是空的（0 字节）。"},
    )  # fmt: skip

    def clean_material_file(self):
        upload = self.cleaned_data.get("material_file")
        return material_read(upload) if upload else None

    def material(self) -> tuple[str, object] | None:
        upload = self.cleaned_data.get("material_file")
        if upload is None:
            return None
        return self.cleaned_data.get("material_file_kind") or self.material_kind, upload


class SupplementForm(OptionalMaterialForm):
    explanation = forms.CharField(label="起草说明", widget=forms.Textarea(attrs={"rows": 4}))
    legal_bases = forms.CharField(label="制定依据", widget=forms.Textarea(attrs={"rows": 3}))
    procedure_note = forms.CharField(label="程序说明", widget=forms.Textarea(attrs={"rows": 3}))
    material_file_kind = forms.ChoiceField(label="所附材料是", choices=Material.Kind.choices, required=False)
    field_order = ["explanation", "legal_bases", "procedure_note", "material_file_kind", "material_file"]

    def clean(self):
        data = super().clean()
        if data.get("material_file") and not data.get("material_file_kind"):
            self.add_error("material_file_kind", "请选择所附材料的类别。")
        return data

    def texts(self) -> dict:
        return {key: self.cleaned_data[key] for key in ("explanation", "legal_bases", "procedure_note")}


class AmendForm(DraftTextMixin):
    note = forms.CharField(label="修改说明", widget=forms.Textarea(attrs={"rows": 3}))


class CompleteProcedureForm(forms.Form):
    secret = forms.BooleanField(label="依法不公开征求意见", required=False)
    secret_reason = forms.CharField(label="不公开的依据和理由", max_length=300, required=False)
    comment_days = forms.IntegerField(label="征求意见期（天）", min_value=1, max_value=365, initial=30)
    comment_short_reason = forms.CharField(label="少于 30 日的理由", max_length=300, required=False)
    technical = forms.BooleanField(label="专业性、技术性较强（组织专家论证）", required=False)
    note = forms.CharField(label="补正说明", widget=forms.Textarea(attrs={"rows": 3}))


class DeliberationForm(forms.Form):
    meeting = forms.CharField(label="会议", max_length=200, initial="市政府常务会议")
    held_on = forms.DateField(label="会议日期", widget=DATE)
    majority = forms.ChoiceField(
        label="与会人员的意见", choices=[("", "—")] + Deliberation.Majority.choices, required=False
    )
    head = forms.CharField(
        label="作出决定的行政首长（如：市长　王明；重大行政决策必填）", max_length=50, required=False
    )
    head_spoke_last = forms.BooleanField(label="行政首长在集体讨论中最后发表意见", required=False)
    decision = forms.ChoiceField(label="决定", choices=Deliberation.Decision.choices, widget=forms.RadioSelect)
    against_majority_reason = forms.CharField(
        label="决定与多数人意见不一致的理由", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    dissent = forms.CharField(label="不同意见（如有，载入会议记录）", widget=forms.Textarea(attrs={"rows": 3}),
                              required=False)  # fmt: skip
    changes = forms.CharField(label="会议对文本的修改（修改后通过的必填）", widget=forms.Textarea(attrs={"rows": 2}),
                              required=False)  # fmt: skip
    text = forms.CharField(
        label="审议通过的文本（修改后通过的，在此按会议意见修改；公布的即是此文本）",
        widget=forms.Textarea(attrs={"rows": 12}), required=False,
    )  # fmt: skip

    def __init__(self, *args, document=None, **kwargs):
        super().__init__(*args, **kwargs)
        if document is not None:
            self.fields["text"].initial = document.text

    def clean_text(self):
        return text_clean(self.cleaned_data["text"])

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise ValidationError("会议日期不能晚于今天。")
        return held_on


DRAFT_MARKS = re.compile(r"[（(](?:征求意见稿|送审稿|草案|草案送审稿|修改稿)[）)]\s*$")


class PublishForm(forms.Form):
    title = forms.CharField(label="登记标题（确认公布的标题）", max_length=500, required=False)
    promulgated = forms.DateField(label="公布日期", widget=DATE)
    effective = forms.DateField(label="施行日期", widget=DATE)
    early_reason = forms.CharField(
        label=f"不足 {settings.EFFECTIVE_MIN_DAYS} 日施行的理由", max_length=300, required=False
    )
    date_reason = forms.CharField(label="施行日期与正文施行条款不一致的理由", max_length=300, required=False)
    # A 规章 only: published by the head's order and printed in the government's 公报.
    signatory = forms.CharField(label="签署命令的行政首长（如：市长　张三）", max_length=50, required=False)
    gazette_issue = forms.CharField(label="刊登的政府公报期号（如：2026年第3期）", max_length=30, required=False)

    def __init__(self, *args, document=None, gazette_issue="", **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        if document is None or document.level not in RULE_LEVELS:
            del self.fields["signatory"], self.fields["gazette_issue"]
        else:
            self.fields["gazette_issue"].initial = gazette_issue
        self.fields["promulgated"].initial = today
        clause = commencement(document.text, today) if document is not None else None
        # The text's own clause gives the default; else the earliest date without a reason.
        self.fields["effective"].initial = (
            clause[0] if clause else today + datetime.timedelta(days=settings.EFFECTIVE_MIN_DAYS)
        )
        if document is not None:
            self.fields["title"].initial = DRAFT_MARKS.sub("", document.title)


class FilingSubmitForm(forms.Form):
    report = forms.CharField(label="备案报告", widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, external=(), **kwargs):
        super().__init__(*args, **kwargs)
        # A body outside the platform (the State Council) receives the package by other means: record how.
        self.external = list(external)
        for filing in self.external:
            self.fields[f"reference_{filing.pk}"] = forms.CharField(
                label=f"向{filing.body_name}报送的文号或回执（平台外报送）", max_length=100,
                error_messages={"required": f"请填写向{filing.body_name}报送的文号或回执。"},
            )  # fmt: skip

    def references(self) -> dict[int, str]:
        return {filing.pk: self.cleaned_data[f"reference_{filing.pk}"] for filing in self.external}


class FilingRegisterForm(forms.Form):
    decision = forms.ChoiceField(
        label="登记结果",
        choices=[(s.value, s.label) for s in (Filing.Status.REGISTERED, Filing.Status.DEFERRED, Filing.Status.REFUSED)],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="意见（暂缓登记写明须补正的内容）", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    correction_due = forms.DateField(
        label=f"补正期限（自通知之日起不少于 {settings.FILING_CORRECTION_DAYS} 日，不填即为此期限）",
        widget=DATE, required=False,
    )  # fmt: skip
    forwarded_to = forms.CharField(
        label="转送有权审查的机关（不予登记、且该文件应由其他机关审查时填写）", max_length=100, required=False
    )


class FilingCorrectForm(OptionalMaterialForm):
    material_kind = Material.Kind.CORRECTION

    note = forms.CharField(label="补正内容", widget=forms.Textarea(attrs={"rows": 4}))
    field_order = ["note", "material_file"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["material_file"].label = f"补正材料或正式文本扫描件{MATERIAL_FILE_LABEL}（可不附）"


class FilingReviewForm(forms.Form):
    outcome = forms.ChoiceField(label="审查结果", choices=Filing.Outcome.choices, widget=forms.RadioSelect)
    note = forms.CharField(label="审查意见", widget=forms.Textarea(attrs={"rows": 4}), required=False)


class FilingExtendForm(forms.Form):
    until = forms.DateField(label="延长至", widget=DATE, error_messages={"required": "请填写延长后的审查期限。"})
    reason = forms.CharField(
        label="延长审查期限的理由", max_length=300, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "延长审查期限的，须写明理由（如情况复杂、需征求有关方面意见）。"},
    )  # fmt: skip


class ReportBackForm(forms.Form):
    action = forms.ChoiceField(label="纠正情况", choices=Filing.CorrectionAction.choices, widget=forms.RadioSelect)
    correction = forms.ModelChoiceField(
        label="修改后的新版本（已修改的必选）", queryset=Document.objects.none(), required=False
    )
    text = forms.CharField(
        label="纠正情况报告（已废止的写明废止决定；未纠正的说明理由）", widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["correction"]
        field.queryset = candidates if candidates is not None else field.queryset
        field.label_from_instance = lambda d: f"《{d.title}》（{d.doc_number or d.get_stage_display()}）"


class ReportAssessForm(forms.Form):
    accepted = forms.TypedChoiceField(
        label="纠正情况", choices=[("yes", "认可，审查结束"), ("no", "不认可，向有权机关提出处理意见")],
        coerce=lambda v: v == "yes", widget=forms.RadioSelect,
    )  # fmt: skip
    note = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    disposal = forms.CharField(
        label="处理意见（不认可时必填：建议有权机关改变或撤销的内容和理由）", widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )  # fmt: skip


class AuthorityDecisionForm(forms.Form):
    decision = forms.ChoiceField(label="决定", choices=Filing.AuthorityDecision.choices, widget=forms.RadioSelect)
    note = forms.CharField(label="决定理由", widget=forms.Textarea(attrs={"rows": 3}))


class FilingAnswerForm(forms.Form):
    text = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 5}))


class DashboardForm(forms.Form):
    date_from = forms.DateField(label="公布日期自", widget=DATE, required=False)
    date_to = forms.DateField(label="至", widget=DATE, required=False)
    jurisdiction = forms.ModelChoiceField(
        label="行政区域", queryset=Jurisdiction.objects.none(), required=False, empty_label="本级（含下级）"
    )
    unit = forms.ModelChoiceField(
        label="制定单位", queryset=Unit.objects.none(), required=False, empty_label="全部单位"
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only units that draft (and so issue) documents: not the justice bureau or the expert pool.
        self.fields["unit"].queryset = Unit.objects.filter(user__groups__name=Role.DRAFTER).distinct()
        # A level sees itself and the levels below it; administrators every one.
        jurisdictions = Jurisdiction.objects.all()
        if user is not None and not user.is_superuser:
            own = user.unit.jurisdiction if user.unit_id else None
            jurisdictions = jurisdictions.filter(pk__in=subtree_ids(own))
        self.fields["jurisdiction"].queryset = jurisdictions

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError("起始日期不能晚于截止日期。")
        return data

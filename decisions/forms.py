"""The forms of the further steps; each posts to its own URL from the process's 程序记录 page."""

from django import forms

from review.forms import DATE, MATERIAL_FILE_LABEL, material_read
from review.models import Handling

from . import rules
from .models import FairCompetitionReview, LegalOpinion, RiskAssessment

TEXT = forms.Textarea(attrs={"rows": 3})
FILE_ERRORS = {"required": "请选择要上传的文件。", "empty": "文件是空的（0 字节）。"}


class HearingForm(forms.Form):
    announced_on = forms.DateField(label="公告日期", widget=DATE)
    materials_sent_on = forms.DateField(label="材料送达参加人日期（不迟于听证前 7 日）", widget=DATE)
    held_on = forms.DateField(label="听证日期", widget=DATE)
    participants = forms.CharField(label="听证参加人", widget=TEXT)
    opinions_handling = forms.CharField(label="听证意见的采纳情况", widget=TEXT)
    minutes = forms.FileField(label=f"听证笔录{MATERIAL_FILE_LABEL}", error_messages=FILE_ERRORS)

    def clean_minutes(self):
        return material_read(self.cleaned_data["minutes"])


class RiskForm(forms.Form):
    level = forms.ChoiceField(label="风险等级", choices=RiskAssessment.Level.choices, widget=forms.RadioSelect)
    measures = forms.CharField(label="风险防范化解措施", widget=TEXT)
    report = forms.FileField(label=f"风险评估报告{MATERIAL_FILE_LABEL}", error_messages=FILE_ERRORS)

    def clean_report(self):
        return material_read(self.cleaned_data["report"])


class LegalOpinionForm(forms.Form):
    capacity = forms.ChoiceField(label="身份", choices=LegalOpinion.Capacity.choices, widget=forms.RadioSelect)
    adviser = forms.CharField(label="姓名及执业机构", max_length=100)
    given_on = forms.DateField(label="出具日期", widget=DATE)
    opinion = forms.CharField(label="法律意见", widget=TEXT)


class FairCompetitionForm(forms.Form):
    reviewed_on = forms.DateField(label="审查日期", widget=DATE)
    conclusion = forms.ChoiceField(
        label="审查结论", choices=FairCompetitionReview.Conclusion.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(label="审查意见及理由", widget=TEXT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in rules.FAIR_COMPETITION_STANDARDS:
            self.fields[f"standard_{key}"] = forms.ChoiceField(
                label=label, choices=[("ok", "无问题"), ("problem", "有问题")], initial="ok", widget=forms.RadioSelect
            )
            self.fields[f"standard_{key}_note"] = forms.CharField(label="说明", max_length=500, required=False)

    def standard_rows(self):
        return [(self[f"standard_{key}"], self[f"standard_{key}_note"]) for key, _ in rules.FAIR_COMPETITION_STANDARDS]

    def values(self) -> dict:
        data = self.cleaned_data
        standards = [
            {"key": key, "label": label, "finding": data[f"standard_{key}"], "note": data[f"standard_{key}_note"]}
            for key, label in rules.FAIR_COMPETITION_STANDARDS
        ]
        return {"reviewed_on": data["reviewed_on"], "standards": standards, "conclusion": data["conclusion"],
                "reasons": data["reasons"]}  # fmt: skip


class ExpertUseForm(forms.Form):
    opinion = forms.IntegerField(widget=forms.HiddenInput)
    handling = forms.ChoiceField(label="采纳情况", choices=Handling.choices)
    reason = forms.CharField(label="理由", max_length=1000)


class InterpretationForm(forms.Form):
    text = forms.CharField(label="政策解读", widget=forms.Textarea(attrs={"rows": 8}))

from django import forms

from filings.models import Level

from .models import Campaign, Outcome
from .selectors import LEVELS_DEFAULT


class CampaignForm(forms.Form):
    title = forms.CharField(label="名称", max_length=200)
    kind = forms.ChoiceField(label="类型", choices=Campaign.Kind.choices, widget=forms.RadioSelect,
                             initial=Campaign.Kind.PERIODIC)  # fmt: skip
    levels = forms.MultipleChoiceField(
        label="清理范围（效力层级）", choices=Level.choices, required=False, widget=forms.CheckboxSelectMultiple,
        initial=LEVELS_DEFAULT,
    )  # fmt: skip
    include_below = forms.BooleanField(label="包括下级行政区域的制定机关（各自清理本机关的文件）", required=False)
    basis_text = forms.CharField(label="发生变化的上位法（专项清理）", max_length=300, required=False,
                                 help_text="标题或文号，例如：中华人民共和国合同法")  # fmt: skip
    basis = forms.IntegerField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(label="清理说明", widget=forms.Textarea(attrs={"rows": 3}), required=False,
                             max_length=2000)  # fmt: skip

    def clean(self):
        data = super().clean()
        if not data.get("levels"):
            self.add_error("levels", "请选定至少一个效力层级。")
        if data.get("kind") == Campaign.Kind.SPECIAL and not (data.get("basis_text") or "").strip():
            self.add_error("basis_text", "专项清理须写明发生变化的上位法。")
        return data


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label="清理结论", choices=Outcome.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 3}), max_length=500)


class ItemFilterForm(forms.Form):
    state = forms.ChoiceField(
        label="决定", required=False, choices=[("", "全部"), ("undecided", "未决定"), ("decided", "已决定")]
    )
    issuer = forms.CharField(label="制定机关", required=False, max_length=200)


class CancelForm(forms.Form):
    reason = forms.CharField(label="撤销理由", widget=forms.Textarea(attrs={"rows": 3}), max_length=500)

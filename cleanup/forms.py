from django import forms

from filings.models import Level

from .models import Campaign, Outcome
from .scope import KEYWORDS_MAX, LEVELS_DEFAULT, keywords_parse


def _ids(values) -> list[int]:
    return sorted({int(v) for v in values if str(v).isdigit()})


class CampaignForm(forms.Form):
    """Start a campaign in two steps: the scope is shown (and documents added or removed by hand), then it
    is confirmed. Documents removed are the ticked boxes named `removed`; those added are kept in `added`."""

    title = forms.CharField(label="名称", max_length=200)
    kind = forms.ChoiceField(label="类型", choices=Campaign.Kind.choices, widget=forms.RadioSelect,
                             initial=Campaign.Kind.PERIODIC)  # fmt: skip
    levels = forms.MultipleChoiceField(
        label="清理范围（效力层级）", choices=Level.choices, required=False, widget=forms.CheckboxSelectMultiple,
        initial=LEVELS_DEFAULT,
    )  # fmt: skip
    include_below = forms.BooleanField(label="包括下级行政区域的制定机关（各自清理本机关的文件）", required=False)
    basis_text = forms.CharField(
        label="发生变化的上位法（专项清理）", max_length=300, required=False,
        help_text="标题或文号，例如：中华人民共和国合同法。选定修改、废止决定（如《国务院关于修改和废止部分行政法规的决定》）"
        "时，纳入引用其所列法规的文件。",
    )  # fmt: skip
    basis = forms.IntegerField(required=False, widget=forms.HiddenInput)
    articles_only = forms.BooleanField(
        label="只纳入所引条款被本版本修改、移动或删除的文件", required=False,
        help_text="上位法为新版本时可选：按条款比对旧版本，未引用变化条款的文件不纳入。",
    )  # fmt: skip
    keywords = forms.CharField(
        label="清理主题词（专项清理）", max_length=200, required=False,
        help_text=f"标题或正文含任一主题词的文件纳入清理，例如：计划生育 社会抚养费"
        f"（最多 {KEYWORDS_MAX} 个，以空格或顿号分隔）。",
    )  # fmt: skip
    add_text = forms.CharField(label="加入文件（标题或文号）", max_length=300, required=False,
                               help_text="范围之外需要一并清理的文件。")  # fmt: skip
    added = forms.CharField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(label="清理说明", widget=forms.Textarea(attrs={"rows": 3}), required=False,
                             max_length=2000)  # fmt: skip

    def clean(self):
        data = super().clean()
        if not data.get("levels"):
            self.add_error("levels", "请选定至少一个效力层级。")
        data["keyword_list"] = keywords_parse(data.get("keywords") or "")
        if len(data["keyword_list"]) > KEYWORDS_MAX:
            self.add_error("keywords", f"主题词最多 {KEYWORDS_MAX} 个。")
        if (data.get("keywords") or "").strip() and not data["keyword_list"]:
            self.add_error("keywords", "每个主题词至少两个字。")
        special = data.get("kind") == Campaign.Kind.SPECIAL
        if special and not (data.get("basis_text") or "").strip() and not data["keyword_list"]:
            self.add_error("basis_text", "专项清理须写明发生变化的上位法，或填写清理主题词。")
        if data.get("articles_only") and not (data.get("basis_text") or "").strip():
            self.add_error("articles_only", "按条款纳入须写明新版本的上位法。")
        data["added_ids"] = _ids((data.get("added") or "").split(","))
        data["removed_ids"] = _ids(self.data.getlist("removed")) if hasattr(self.data, "getlist") else []
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

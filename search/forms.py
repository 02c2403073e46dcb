from django import forms

from filings.models import Level, Status

from .index import UNKNOWN


class SearchForm(forms.Form):
    q = forms.CharField(label="检索词", required=False, strip=False)
    level = forms.ChoiceField(label="效力层级", required=False, choices=[("", "全部"), *Level.choices])
    status = forms.ChoiceField(
        label="时效性", required=False, choices=[("", "全部"), *Status.choices, (UNKNOWN, "未知")]
    )
    issuer = forms.CharField(label="制定机关", required=False, max_length=200)
    date_from = forms.DateField(label="公布日期自", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="至", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)
    # "words": search the words of the query one by one even where the whole text occurs as typed
    match = forms.ChoiceField(required=False, choices=[("", "原文优先"), ("words", "分词检索")])

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError("起始日期晚于截止日期。")
        return data

from django import forms

from filings.forms import MATERIAL_TYPES, upload_read

from .models import RequestedReview, ReviewRequest


class RequestForm(forms.ModelForm):
    attachment_file = forms.FileField(label="附件（PDF、JPG、PNG 或 Word .docx，可不附）", required=False)

    class Meta:
        model = ReviewRequest
        fields = ["requester_kind", "requester_name", "organisation", "contact", "articles", "reasons"]
        widgets = {"reasons": forms.Textarea(attrs={"rows": 6, "maxlength": 5000})}
        help_texts = {"articles": "如：第五条、第八条第二款", "contact": "电话、电子邮箱或通信地址，用于告知处理结果"}

    def clean_reasons(self):
        reasons = self.cleaned_data["reasons"].strip()
        if len(reasons) > 5000:
            raise forms.ValidationError(f"理由过长：{len(reasons)} 字，上限 5000 字。")
        return reasons

    def clean_attachment_file(self):
        upload = self.cleaned_data.get("attachment_file")
        return upload_read(upload, types=MATERIAL_TYPES, what="附件") if upload else None

    def fields_for_service(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class FollowForm(forms.Form):
    number = forms.CharField(label="编号", max_length=30)
    code = forms.CharField(label="查询码", max_length=20)


class HandleForm(forms.Form):
    action = forms.ChoiceField(choices=[("register", "登记受理"), ("forward", "转送有权机关"), ("answer", "答复")])
    note = forms.CharField(label="说明", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    to = forms.CharField(label="转送机关", required=False, max_length=200)
    answer = forms.CharField(label="答复", required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 6}))
    publish = forms.BooleanField(label="公开答复", required=False)


class ReviewConcludeForm(forms.Form):
    outcome = forms.ChoiceField(label="审查结果", choices=RequestedReview.Outcome.choices, widget=forms.RadioSelect)
    note = forms.CharField(label="审查意见", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


class IssuerAnswerForm(forms.Form):
    text = forms.CharField(label="说明或纠正情况", max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))

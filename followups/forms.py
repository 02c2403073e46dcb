from django import forms

from review.forms import MATERIAL_FILE_LABEL, material_read

from .models import FollowUp


class FollowUpForm(forms.Form):
    decision = forms.ChoiceField(label="处理", widget=forms.RadioSelect)
    note = forms.CharField(label="理由或评估结论", widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": "请写明理由或评估结论。"})  # fmt: skip
    report = forms.FileField(label=f"评估报告{MATERIAL_FILE_LABEL}", required=False)

    def __init__(self, *args, followup: FollowUp, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [(c.value, c.label) for c in followup.decisions]
        if followup.kind != FollowUp.Kind.POST_EVALUATION:
            del self.fields["report"]

    def clean_report(self):
        upload = self.cleaned_data.get("report")
        return material_read(upload) if upload else None

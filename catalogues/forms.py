from django import forms
from django.utils import timezone

from accounts.models import Unit
from review.forms import DATE


class CatalogueForm(forms.Form):
    body = forms.ModelChoiceField(
        label="备案审查机关", queryset=Unit.objects.filter(kind__in=["legal_office", "congress"])
    )
    year = forms.IntegerField(label="年", min_value=2000, max_value=2100, initial=lambda: timezone.localdate().year)
    month = forms.IntegerField(label="月", min_value=1, max_value=12, initial=lambda: timezone.localdate().month)


class LateNoticeForm(forms.Form):
    new_due = forms.DateField(label="限期报送至", widget=DATE)
    note = forms.CharField(label="说明", max_length=300, required=False)

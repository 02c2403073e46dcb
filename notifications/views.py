from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import services
from .models import Preference


class PreferenceForm(forms.Form):
    email = forms.ChoiceField(label="邮件提醒", choices=Preference.Email.choices, widget=forms.RadioSelect)


@login_required
def notice_list(request):
    notices = request.user.notifications.all()
    page = Paginator(notices, 30).get_page(request.GET.get("page"))
    current = Preference.objects.filter(user=request.user).values_list("email", flat=True).first()
    form = PreferenceForm(initial={"email": current or Preference.Email.EACH})
    return render(
        request, "notifications/list.html", {"page": page, "form": form, "has_email": bool(request.user.email)}
    )


@login_required
@require_POST
def notice_open(request, pk: int):
    """Mark one notice read and go where it points."""
    notice = request.user.notifications.filter(pk=pk).first()
    if notice is None:
        return redirect("notifications:list")
    services.notices_read(user=request.user, ids=[notice.pk])
    return redirect(notice.url or "notifications:list")


@login_required
@require_POST
def notices_read_all(request):
    count = services.notices_read(user=request.user)
    messages.success(request, f"已将 {count} 条通知标为已读。")
    return redirect("notifications:list")


@login_required
@require_POST
def preference(request):
    form = PreferenceForm(request.POST)
    if form.is_valid():
        services.preference_set(user=request.user, email=form.cleaned_data["email"])
        messages.success(request, "通知设置已保存。")
    return redirect("notifications:list")

"""The administrator's page for machine clients' tokens: make one (its key shown once), list, revoke."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from review.forms import errors_attach

from . import tokens


class TokenForm(forms.Form):
    user = forms.ModelChoiceField(label="代表账号", queryset=None, help_text="令牌以该账号的身份和权限调用接口")
    name = forms.CharField(label="用途", max_length=100, help_text="如：政务服务平台同步登记簿")

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = tokens.accounts_managed_by(actor).order_by("unit__name", "username")
        self.fields["user"].label_from_instance = lambda u: (
            f"{u.unit or '无单位'} · {u.get_full_name() or u.username}（{u.username}）"
        )


def _manager(request):
    if not tokens.accounts_managed_by(request.user).exists():
        raise PermissionDenied("接口令牌由管理员为本单位账号创建。")


@login_required
def token_list(request):
    _manager(request)
    form = TokenForm(request.POST or None, actor=request.user)
    key = None
    if request.method == "POST" and form.is_valid():
        try:
            made, key = tokens.token_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_attach(form, exc)
        else:
            messages.success(request, f"已创建令牌“{made.name}”。令牌只显示这一次，请立即复制保存。")
            form = TokenForm(actor=request.user)
    page = Paginator(tokens.tokens_managed_by(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "api/tokens.html", {"form": form, "page": page, "key": key})


@login_required
def token_revoke(request, pk: int):
    _manager(request)
    token = get_object_or_404(tokens.tokens_managed_by(request.user), pk=pk)
    if request.method == "POST":
        try:
            tokens.token_revoke(actor=request.user, token=token)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, f"令牌“{token.name}”已吊销，使用它的调用将被拒绝。")
        return redirect("api_tokens")
    return render(request, "api/token_revoke.html", {"token": token})

"""Machine clients' tokens: an administrator makes one for an account of a unit they manage, sees the key
once, and may revoke it; a call carries it as `Authorization: Bearer <key>` and acts as that account."""

import datetime
import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from rest_framework import authentication, exceptions

from accounts.models import User
from accounts.roles import Role

from .models import ApiToken

KEY_PREFIX = "gfk_"
# last_used_at is a write; once a minute is enough to tell a live client from a forgotten one.
TOUCH_EVERY = datetime.timedelta(minutes=1)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def accounts_managed_by(user: User):
    """The accounts a user may make tokens for: every one for a superuser, their own unit's for an
    administrator, none for anyone else."""
    active = User.objects.filter(is_active=True).select_related("unit")
    if user.is_superuser:
        return active
    if user.unit_id and user.has_role(Role.ADMINISTRATOR):
        return active.filter(unit_id=user.unit_id)
    return User.objects.none()


def tokens_managed_by(user: User):
    return ApiToken.objects.filter(user__in=accounts_managed_by(user)).select_related("user__unit", "created_by")


@transaction.atomic
def token_create(*, actor: User, user: User, name: str) -> tuple[ApiToken, str]:
    """Returns the token and its key; the key is not stored and cannot be shown again."""
    if not accounts_managed_by(actor).filter(pk=user.pk).exists():
        raise PermissionDenied("只能为本单位的账号创建令牌。")
    name = name.strip()
    if not name:
        raise ValidationError({"name": "请填写令牌用途，如“政务服务平台同步”。"})
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=key[: len(KEY_PREFIX) + 6], digest=_digest(key), created_by=actor
    )
    return token, key


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> None:
    # Locks the token's row only (PostgreSQL locks no row of an outer join's nullable side).
    token = tokens_managed_by(actor).select_for_update(of=("self",)).get(pk=token.pk)
    if token.revoked_at is not None:
        raise ValidationError("该令牌已吊销。")
    token.revoked_at, token.revoked_by = timezone.now(), actor
    token.save(update_fields=["revoked_at", "revoked_by"])


class BearerAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer gfk_…`; a revoked token, or one whose account is disabled, is refused (401)."""

    keyword = "Bearer"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("令牌格式不正确：应为 Authorization: Bearer <令牌>。")
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("令牌格式不正确。") from None
        token = ApiToken.objects.select_related("user").filter(digest=_digest(key)).first()
        if token is None or token.revoked_at is not None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("令牌无效或已吊销。")
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'

"""Writing notices and sending their e-mail (Django's mail backend: console in development, SMTP in
production). Called by the other apps' services inside their transactions; mail goes after the commit."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from filings.text import cn_date

from .models import Notification, Preference

logger = logging.getLogger(__name__)


def _preference(user) -> str:
    pref = Preference.objects.filter(user=user).values_list("email", flat=True).first()
    return pref or Preference.Email.EACH


def notify(*, users, kind: str, text: str, url: str = "", key: str = "") -> list[Notification]:
    """Tell these people; with a key, a person is told about the same thing once only."""
    made = []
    for user in {u.pk: u for u in users if u is not None and u.is_active}.values():
        try:
            with transaction.atomic():
                made.append(Notification.objects.create(user=user, kind=kind, text=text[:300], url=url, key=key))
        except IntegrityError:
            continue  # told already
    ids = [n.pk for n in made]
    if ids:
        transaction.on_commit(lambda: _email_each(ids))
    return made


def _email_each(ids: list[int]) -> None:
    for notice in Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).select_related("user"):
        user = notice.user
        if not user.email or _preference(user) != Preference.Email.EACH:
            continue
        try:
            link = f"\n\n{settings.SITE_URL}{notice.url}" if notice.url else ""
            send_mail(f"[规范性文件管理系统] {notice.get_kind_display()}", f"{notice.text}{link}",
                      settings.DEFAULT_FROM_EMAIL, [user.email])  # fmt: skip
        except Exception:  # noqa: BLE001 - the notice stays in the app; mail is retried by nobody, logged
            logger.exception("could not e-mail notice %s to %s", notice.pk, user.email)
            continue
        Notification.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())


def digests_send(*, today=None) -> int:
    """Once a day, one e-mail per person who chose the digest, with the notices not yet mailed."""
    today = today or timezone.localdate()
    sent = 0
    for pref in Preference.objects.filter(email=Preference.Email.DIGEST).select_related("user"):
        if pref.last_digest == today or not pref.user.email:
            continue
        notices = list(Notification.objects.filter(user=pref.user, emailed_at__isnull=True).order_by("created_at"))
        if notices:
            lines = "\n".join(f"- {n.get_kind_display()}：{n.text}" for n in notices)
            send_mail(f"[规范性文件管理系统] {cn_date(today)} 通知汇总（{len(notices)} 条）", lines,
                      settings.DEFAULT_FROM_EMAIL, [pref.user.email])  # fmt: skip
            Notification.objects.filter(pk__in=[n.pk for n in notices]).update(emailed_at=timezone.now())
            sent += 1
        Preference.objects.filter(pk=pref.pk).update(last_digest=today)
    return sent


def notices_read(*, user, ids: list[int] | None = None) -> int:
    """Mark the user's notices (or those given) as read."""
    notices = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        notices = notices.filter(pk__in=ids)
    return notices.update(read_at=timezone.now())


def preference_set(*, user, email: str) -> Preference:
    pref, _ = Preference.objects.update_or_create(user=user, defaults={"email": email})
    return pref

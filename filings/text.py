"""Text as people type, paste and upload it, made safe to store and to write out again.

C0 control characters (other than tab and line breaks), lone surrogates and the two non-characters
U+FFFE/U+FFFF are what break a .docx (XML), PostgreSQL (NUL) and JSON; a vertical tab or form feed,
which Word uses for soft breaks, becomes a line break. Every input (forms, import, API) goes through
`text_clean`; every .docx writer through `xml_safe`, so a text stored before this rule still prints.
"""

import datetime
import re

from django.utils import timezone

_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_UNSAFE = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def text_clean(value: str) -> str:
    return _UNSAFE.sub("", _BREAKS.sub("\n", value))


def xml_safe(value: str) -> str:
    """What python-docx (lxml) accepts: no control characters but tab and newline."""
    return text_clean(value or "")


def cn_date(day: datetime.date) -> str:
    """The one date format of pages, messages and documents (GB/T 9704's 成文日期 too): 2026年12月1日."""
    return f"{day.year}年{day.month}月{day.day}日"


def cn_datetime(moment: datetime.datetime) -> str:
    """2026年12月1日 14:30, in local time."""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return f"{cn_date(local)} {local:%H:%M}"

"""Versions of one instrument: which documents are versions of each other, their order and which is in force.

The one place versions are ordered; the register's chain, citation resolution and the checks all use it.
- Order is the date of the version's own text: its promulgation (adoption or amendment date). An amended
  local regulation keeps its original commencement clause ("自2004年10月1日起施行"), so its `effective` is
  the first version's date and would put a 2022 amendment before the 2004 text.
- A version is in force from the later of the two dates: a law promulgated in June to take effect in
  January starts in January; an amendment never starts before its own text exists.
- Versions share a title and a level; each 修正案 is an act of its own. An issuer given on both sides must
  match; a scanned document with no issuer (imported local regulations name their region in the title)
  still belongs to the chain, except under a generic title ("关于进一步加强…的通知"), which different
  issuers all use.
"""

import datetime
from typing import Protocol

from .models import Level

_MIN = datetime.date.min
# Decisions that share a title (each 关于修改《民事诉讼法》的决定, each 国务院关于修改和废止部分行政法规的决定)
# are separate acts, not versions.
SEPARATE_ACT_LEVELS = {Level.DECISION, Level.AMEND_REPEAL_DECISION}


class Dated(Protocol):
    promulgated: datetime.date | None
    effective: datetime.date | None
    pk: int | None


def text_date(promulgated: datetime.date | None, effective: datetime.date | None) -> datetime.date | None:
    """The date of the version's own text."""
    return promulgated or effective


def in_force_from(promulgated: datetime.date | None, effective: datetime.date | None) -> datetime.date | None:
    dates = [d for d in (promulgated, effective) if d]
    return max(dates) if dates else None


def order_key(version: Dated) -> tuple:
    return (text_date(version.promulgated, version.effective) or _MIN, version.pk or 0)


def ordered(versions):
    """Oldest first."""
    return sorted(versions, key=order_key)


def in_force_on(versions: list, on: datetime.date | None):
    """The latest version (of `ordered` ones) in force on `on`, or None before the first."""
    if on is None:
        return None
    started = [v for v in versions if (in_force_from(v.promulgated, v.effective) or datetime.date.max) <= on]
    return started[-1] if started else None


def cited_on(versions: list, on: datetime.date | None):
    """The version a document dated `on` cited: the one in force then, else the latest whose text existed
    (a text may cite a law promulgated but not yet in force)."""
    if on is None:
        return None
    return in_force_on(versions, on) or next(
        (v for v in reversed(versions) if (text_date(v.promulgated, v.effective) or datetime.date.max) <= on), None
    )


def later_than(versions: list, on: datetime.date | None) -> list:
    """The versions whose own text is dated after `on`."""
    if on is None:
        return []
    return [v for v in versions if (text_date(v.promulgated, v.effective) or _MIN) > on]


def is_generic_title(title: str) -> bool:
    return title.startswith("关于")


def same_instrument(
    *, title: str, issuer: str, level: str, other_title: str, other_issuer: str, other_level: str
) -> bool:
    """Whether a document with the same title key is a version of this one."""
    if level != other_level:
        return False
    if "修正案" in title:
        return title == other_title  # 宪法修正案（1988年） and （1993年） are acts of their own
    a, b = "".join(issuer.split()), "".join(other_issuer.split())
    if a and b:
        return a == b
    return not is_generic_title(title)

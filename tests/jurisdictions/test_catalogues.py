"""A filing body's monthly catalogue (page, .docx, CSV), its notice to an issuer whose filing is overdue, and
the 通报 of those still missing after the new deadline."""

import datetime
import io

import docx
import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from catalogues.models import LateNotice
from jurisdictions.demo import hierarchy_ensure
from review.flows import DocumentReviewFlow
from review.models import Filing, ReviewProcess
from tests.factories import DocumentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    units = hierarchy_ensure()
    filer = UserFactory(username="jia-filer", unit=units["甲市司法局"], role=Role.FILING_REVIEWER)
    drafter = UserFactory(username="dq-drafter", unit=units["东旗人民政府"], role=Role.DRAFTER)

    def filing(title, issuer, *, registered=None, due=None, status=Filing.Status.REGISTERED):
        document = DocumentFactory(title=title, issuer_unit=units[issuer], issuer=issuer)
        process = ReviewProcess.objects.create(flow_class=DocumentReviewFlow, document=document,
                                               drafting_unit=units[issuer], submitter=drafter, explanation="-",
                                               legal_bases="-")  # fmt: skip
        return Filing.objects.create(process=process, document=document, body_name="甲市人民政府",
                                     reviewer_unit=units["甲市司法局"], body=units["甲市人民政府"], status=status,
                                     registered_at=registered, due=due or timezone.localdate())  # fmt: skip

    return units, filer, drafter, filing


def test_the_monthly_catalogue_lists_what_was_registered_as_page_docx_and_csv(client, world):
    units, _, _, filing = world
    march = timezone.make_aware(datetime.datetime(2026, 3, 10, 9))
    filing("东旗禁牧休牧规定", "东旗人民政府", registered=march)
    filing("西旗文物保护办法", "西旗人民政府", registered=march + datetime.timedelta(days=3))
    filing("东旗四月的规定", "东旗人民政府", registered=march + datetime.timedelta(days=30))
    query = {"body": units["甲市司法局"].pk, "year": 2026, "month": 3}
    page = client.get(reverse("catalogue"), query).content.decode()  # public, no account
    assert "东旗禁牧休牧规定" in page and "西旗文物保护办法" in page and "东旗四月的规定" not in page
    assert "甲市司法局2026年3月（2 件）" in page
    csv = client.get(reverse("catalogue"), {**query, "format": "csv"}).content.decode("utf-8-sig").splitlines()
    assert csv[0] == "序号,文件名称,文号,制定机关,公布日期,登记日期" and csv[1].startswith("1,东旗禁牧休牧规定,")
    word = docx.Document(io.BytesIO(client.get(reverse("catalogue"), {**query, "format": "docx"}).content))
    assert word.paragraphs[0].text == "甲市司法局" and round(word.sections[0].page_width.mm) == 210
    assert [c.text for c in word.tables[0].rows[2].cells][1] == "西旗文物保护办法"


def test_an_overdue_filing_gets_a_notice_then_its_issuer_is_in_the_bulletin(client, world):
    units, filer, drafter, filing = world
    today = timezone.localdate()
    late = filing("东旗迟报的规定", "东旗人民政府", status=Filing.Status.DUE, due=today - datetime.timedelta(days=3))
    filing("东旗未到期的规定", "东旗人民政府", status=Filing.Status.DUE, due=today + datetime.timedelta(days=3))
    client.force_login(drafter)
    assert client.get(reverse("catalogues:overdue")).status_code == 403
    client.force_login(filer)
    page = client.get(reverse("catalogues:overdue")).content.decode()
    assert "东旗迟报的规定" in page and "东旗未到期的规定" not in page
    notice = reverse("catalogues:late_notice", args=[late.pk])
    client.post(notice, {"new_due": today.isoformat()})  # a deadline that is not later than today
    assert not LateNotice.objects.exists()
    new_due = today + datetime.timedelta(days=10)
    assert client.post(notice, {"new_due": new_due.isoformat(), "note": "请尽快报送"}).status_code == 302
    assert drafter.notifications.filter(text__contains="东旗迟报的规定").exists()
    assert "没有需要通报的制定机关" in client.get(reverse("catalogues:overdue")).content.decode()
    later = today + datetime.timedelta(days=11)  # the new deadline passes without the filing
    from catalogues import selectors

    lines = selectors.bulletin(selectors.body_filings(filer), today=later)
    assert [(line.issuer, line.titles) for line in lines] == [("东旗人民政府", ["东旗迟报的规定"])]
    other = UserFactory(username="xq-filer", unit=units["西旗司法局"], role=Role.FILING_REVIEWER)
    client.force_login(other)  # another body neither sees nor notifies it
    assert "东旗迟报的规定" not in client.get(reverse("catalogues:overdue")).content.decode()
    assert client.post(notice, {"new_due": new_due.isoformat()}).status_code == 404


def test_the_bulletin_is_an_official_document(client, world):
    _, filer, _, filing = world
    today = timezone.localdate()
    late = filing("东旗迟报的规定", "东旗人民政府", status=Filing.Status.DUE, due=today - datetime.timedelta(days=30))
    LateNotice.objects.create(filing=late, new_due=today - datetime.timedelta(days=5), sent_by=filer)
    client.force_login(filer)
    page = client.get(reverse("catalogues:overdue")).content.decode()
    assert "<b>东旗人民政府</b>：《东旗迟报的规定》" in page
    word = docx.Document(io.BytesIO(client.get(reverse("catalogues:bulletin_docx")).content))
    assert word.paragraphs[0].text == "甲市司法局"
    assert [c.text for c in word.tables[0].rows[1].cells][1:3] == ["东旗人民政府", "《东旗迟报的规定》"]


def test_each_january_issuers_send_their_annual_lists_and_the_body_sees_who_has_not(client, world):
    from catalogues.models import AnnualList
    from catalogues.services import annual_lists_prepare

    units, filer, drafter, _ = world
    DocumentFactory(title="东旗2026年的规定", issuer_unit=units["东旗人民政府"], promulgated=datetime.date(2026, 5, 1))
    assert annual_lists_prepare(today=datetime.date(2026, 12, 1)) == 0  # only in January
    made = annual_lists_prepare(today=datetime.date(2027, 1, 4))
    assert made and annual_lists_prepare(today=datetime.date(2027, 1, 5)) == 0  # once
    east = AnnualList.objects.get(issuer=units["东旗人民政府"], body=units["甲市司法局"], year=2026)
    assert east.due == datetime.date(2027, 1, 31)
    client.force_login(drafter)  # a drafter of 东旗人民政府
    page = client.get(reverse("catalogues:annual")).content.decode()
    assert "报送本单位2026年度目录" in page
    assert client.post(reverse("catalogues:annual_submit", args=[east.pk])).status_code == 302
    east.refresh_from_db()
    assert east.submitted_by == drafter and east.titles[0][0] == "东旗2026年的规定"
    client.force_login(filer)  # 甲市司法局 sees 东旗 has sent, 西旗 has not
    page = client.get(reverse("catalogues:annual")).content.decode()
    received = page[page.index('id="received"') :]
    assert "东旗人民政府</td><td>2027年1月31日</td>\n  <td>已报送 1 件" in received
    assert "西旗人民政府</td><td>2027年1月31日</td>\n  <td><b>未报送</b>" in received
    assert client.post(reverse("catalogues:annual_submit", args=[east.pk])).status_code == 404  # not its own

"""Four levels on one platform: who reviews, deliberates, publishes and receives what, by jurisdiction;
filings routed by the issuer's kind and level, each with its own body and outcome; capacity refusals."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from jurisdictions.demo import hierarchy_ensure
from jurisdictions.selectors import filing_targets
from review.flows import DocumentReviewFlow
from review.models import Filing
from tests.factories import UserFactory
from tests.review.conftest import LAWFUL, do, open_task, submit, take, task_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    return hierarchy_ensure()


@pytest.fixture
def people(units):
    def user(username, unit, *roles):
        person = UserFactory(username=username, unit=units[unit])
        person.groups.add(*Group.objects.filter(name__in=roles))
        return person

    return {
        "qx_drafter": user("qx-drafter", "东旗农牧和科技局", Role.DRAFTER),
        "qx_gov_drafter": user("qx-gov", "东旗人民政府", Role.DRAFTER),
        "qx_reviewer": user("qx-reviewer", "东旗司法局", Role.LEGALITY_REVIEWER, Role.FILING_REVIEWER),
        "qx_archivist": user("qx-archivist", "东旗人民政府", Role.ARCHIVIST),
        "qx_rd": user("qx-rd", "东旗人大常委会", Role.FILING_REVIEWER),
        "qx2_reviewer": user("qx2-reviewer", "西旗司法局", Role.LEGALITY_REVIEWER, Role.FILING_REVIEWER),
        "reviewer": user("jia-reviewer", "甲市司法局", Role.LEGALITY_REVIEWER),
        "filer": user("jia-filer", "甲市司法局", Role.FILING_REVIEWER),
        "drafter": user("jia-drafter", "甲市市场监督管理局", Role.DRAFTER),
    }


def queue_titles(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("review:workbench"), {"tab": "queue"}).content.decode()


def to_publication(client, process, reviewer, archivist):
    do(client, reviewer, process, "legality_review", {**LAWFUL, "material_comment_handling": ""}, take_first=True)
    today = timezone.localdate()
    do(client, archivist, process, "deliberate", {"meeting": "东旗人民政府常务会议", "held_on": today.isoformat(),
       "decision": "adopted"}, take_first=True)  # fmt: skip
    publication = {"promulgated": today.isoformat(), "effective": (today + datetime.timedelta(days=30)).isoformat(),
                   "signatory": "市长　王明", "gazette_issue": f"{today.year}年第2期"}  # fmt: skip
    assert do(client, archivist, process, "publish", publication, take_first=True).status_code == 302
    process.refresh_from_db()


def test_a_rule_is_published_by_its_governments_order_in_its_gazette_and_filed_twice(client, people, units):
    """立法法 arts. 93–98, 109: the capable government's 规章 gets the next number of its own 令 series (not a
    文号 of the drafting department), is printed in its 公报 (the standard text) and filed with both bodies."""
    archivist = UserFactory(username="jia-archivist", unit=units["甲市人民政府"], role=Role.ARCHIVIST)
    drafter, reviewer = people["drafter"], people["reviewer"]
    numbers = []
    for title in ("甲市城市绿化管理办法", "甲市历史建筑保护办法"):
        process = submit(client, drafter, secret="on", secret_reason="涉密", level="local_government_rule",
                         issuer_unit=units["甲市人民政府"].pk, title=title)  # fmt: skip
        do(client, reviewer, process, "legality_review", {**LAWFUL, "material_comment_handling": ""}, take_first=True)
        today = timezone.localdate()
        do(client, archivist, process, "deliberate", {"meeting": "甲市人民政府第12次常务会议",
           "held_on": today.isoformat(), "decision": "adopted"}, take_first=True)  # fmt: skip
        publication = {"promulgated": today.isoformat(),
                       "effective": (today + datetime.timedelta(days=30)).isoformat()}  # fmt: skip
        task = open_task(process, "publish")
        take(client, archivist, task)
        page = client.get(task_url(task)).content.decode()
        assert "签署命令的行政首长" in page and f'value="{today.year}年第' in page
        refused = client.post(task_url(task), {**publication, "gazette_issue": "第三期"})
        form = refused.context["form"]
        assert "请填写签署人" in form.errors["signatory"][0] and "公报期号" in form.errors["gazette_issue"][0]
        sent = {**publication, "signatory": "市长　王明", "gazette_issue": f"{today.year}年第3期"}
        assert client.post(task_url(task), sent).status_code == 302
        process.refresh_from_db()
        document = process.document
        numbers.append(document.doc_number)
        assert (document.issuer, document.gazette_issue, document.signatory) == (
            "甲市人民政府", f"{today.year}年第3期", "市长　王明")  # fmt: skip
        assert {"国务院", "某自治区人民政府"} <= set(process.filings.values_list("body_name", flat=True))
    assert numbers == ["甲市人民政府令第1号", "甲市人民政府令第2号"]
    public = client.get(reverse("gazette_document", args=[document.pk])).content.decode()
    assert f"刊登于《甲市人民政府公报》{today.year}年第3期，以公报刊登的文本为标准文本" in public
    assert "甲市人民政府令第2号" in public
    order = client.get(reverse("rule_order_docx", args=[document.pk]))
    import io

    import docx

    text = "\n".join(p.text for p in docx.Document(io.BytesIO(order.content)).paragraphs)
    assert "甲市人民政府令" in text and "第2号" in text and "甲市人民政府第12次常务会议通过，现予公布" in text
    assert "市长　王明" in text
    # A normative document of the same government keeps its 文号 series.
    normative = submit(client, drafter, secret="on", secret_reason="涉密", issuer_unit=units["甲市人民政府"].pk)
    to_publication(client, normative, reviewer, archivist)
    assert normative.document.doc_number == f"甲政规〔{today.year}〕1号" and normative.document.gazette_issue == ""
    assert client.get(reverse("rule_order_docx", args=[normative.document.pk])).status_code == 404


def test_a_county_departments_draft_is_reviewed_only_by_its_county_and_filed_with_its_government(client, people):
    p = people
    process = submit(client, p["qx_drafter"], secret="on", secret_reason="涉密", title="东旗草原防火管理办法")
    task = open_task(process, "legality_review")
    assert "东旗草原防火管理办法" in queue_titles(client, p["qx_reviewer"])
    for outsider in (p["qx2_reviewer"], p["reviewer"]):  # 西旗's and 甲市's legal offices
        assert "东旗草原防火管理办法" not in queue_titles(client, outsider)
        assert client.get(reverse("review:process_detail", args=[process.pk])).status_code == 404
        assert client.get(task_url(task)).status_code == 404
        take(client, outsider, task)
        task.refresh_from_db()
        assert task.owner is None

    to_publication(client, process, p["qx_reviewer"], p["qx_archivist"])
    year = timezone.localdate().year
    assert process.document.register_number == f"东旗-{year}-00001"  # 东旗's own 三统一 register
    (filing,) = process.filings.all()
    assert (filing.body_name, filing.reviewer_unit.name) == ("东旗人民政府", "东旗司法局")
    do(client, p["qx_drafter"], process, "submit_filing", {"report": "报送备案。"})
    register = open_task(process, "register_filing")
    client.force_login(p["filer"])  # 甲市司法局 reviews what is filed with 甲市人民政府, not this
    assert client.get(task_url(register)).status_code == 404
    assert do(client, p["qx_reviewer"], process, "register_filing", {"decision": "registered"},
              take_first=True).status_code == 302  # fmt: skip


def test_a_county_governments_document_is_filed_twice_with_two_outcomes(client, people):
    p = people
    process = submit(client, p["qx_gov_drafter"], secret="on", secret_reason="涉密", title="东旗禁牧休牧规定")
    to_publication(client, process, p["qx_reviewer"], p["qx_archivist"])
    filings = {f.body_name: f for f in process.filings.all()}
    assert set(filings) == {"甲市人民政府", "东旗人大常委会"}
    assert filings["甲市人民政府"].reviewer_unit.name == "甲市司法局"
    assert filings["东旗人大常委会"].reviewer_unit.name == "东旗人大常委会"
    do(client, p["qx_gov_drafter"], process, "submit_filing", {"report": "报送备案。"})

    registrations = {t.data["filing"]: t for t in process.task_set.filter(flow_task_type="HUMAN", finished=None)}
    assert set(registrations) == {f.pk for f in filings.values()}
    city, congress = registrations[filings["甲市人民政府"].pk], registrations[filings["东旗人大常委会"].pk]
    client.force_login(p["qx_rd"])
    assert client.get(task_url(city)).status_code == 403  # sees the process (its own filing), not this task
    for user, task in ((p["filer"], city), (p["qx_rd"], congress)):
        take(client, user, task)
        assert client.post(task_url(task), {"decision": "registered"}).status_code == 302
    reviews = {t.data["filing"]: t for t in process.task_set.filter(flow_task_type="HUMAN", finished=None)}
    take(client, p["filer"], reviews[filings["甲市人民政府"].pk])
    client.post(task_url(reviews[filings["甲市人民政府"].pk]), {"outcome": "no_problem"})
    take(client, p["qx_rd"], reviews[filings["东旗人大常委会"].pk])
    client.post(task_url(reviews[filings["东旗人大常委会"].pk]), {"outcome": "explanation", "note": "请说明第二条。"})
    process.refresh_from_db()
    assert process.finished is None  # the congress's branch still waits for the explanation
    assert do(client, p["qx_gov_drafter"], process, "explain", {"text": "依据草原法。"}).status_code == 302
    again = open_task(process, "filing_review")
    assert again.data["filing"] == filings["东旗人大常委会"].pk
    take(client, p["qx_rd"], again)
    client.post(task_url(again), {"outcome": "no_problem"})
    process.refresh_from_db()
    outcomes = dict(process.filings.values_list("body_name", "outcome"))
    assert outcomes == {"甲市人民政府": "no_problem", "东旗人大常委会": "no_problem"}
    assert process.finished is not None
    page = client.get(reverse("review:process_detail", args=[process.pk])).content.decode()
    assert "备案（2 个备案机关）" in page and "东旗人大常委会" in page


def test_a_rule_submitted_by_a_department_is_refused_next_to_the_level(client, people, units):
    from tests.review.conftest import SUBMISSION

    client.force_login(people["drafter"])
    url = DocumentReviewFlow.start.reverse("execute")
    rule = {**SUBMISSION, "level": "local_government_rule", "secret": "on", "secret_reason": "涉密"}
    response = client.post(url, rule)
    assert "甲市市场监督管理局无权制定规章" in " ".join(response.context["form"].errors["level"])
    # In its government's name a 甲市 department may draft one; a 东旗 department may not borrow 甲市's name.
    assert client.post(url, {**rule, "issuer_unit": units["甲市人民政府"].pk}).status_code == 302
    client.force_login(people["qx_drafter"])
    response = client.post(url, {**rule, "issuer_unit": units["甲市人民政府"].pk})
    assert "issuer_unit" in response.context["form"].errors


def test_an_internal_office_may_not_issue_normative_documents(client, units):
    from tests.review.conftest import SUBMISSION

    office = units["甲市人民政府"].__class__.objects.create(
        name="甲市市场监督管理局办公室", kind="internal_office", jurisdiction=units["甲市市场监督管理局"].jurisdiction,
        may_issue_normative=False,
    )  # fmt: skip
    clerk = UserFactory(username="clerk", unit=office, role=Role.DRAFTER)
    client.force_login(clerk)
    response = client.post(DocumentReviewFlow.start.reverse("execute"), {**SUBMISSION, "secret": "on",
                                                                       "secret_reason": "涉密"})  # fmt: skip
    assert "不能制定行政规范性文件" in " ".join(response.context["form"].errors["level"])


def test_a_city_governments_rule_goes_to_the_state_council_and_the_region(units):
    targets = {t.name: t for t in filing_targets(units["甲市人民政府"], "local_government_rule")}
    assert set(targets) == {"国务院", "甲市人大常委会", "某自治区人民政府", "某自治区人大常委会"}
    assert targets["国务院"].external and targets["某自治区人民政府"].reviewer.name == "某自治区司法厅"
    department = {t.name for t in filing_targets(units["甲市市场监督管理局"], "normative_document")}
    assert department == {"甲市人民政府"}
    town = {t.name: t.reviewer.name for t in filing_targets(units["某镇人民政府"], "normative_document")}
    assert town == {"东旗人民政府": "东旗司法局"}


def test_an_external_filing_is_recorded_as_sent_and_its_outcome_entered_by_hand(client, people, units):
    from review.models import ReviewProcess

    archivist = UserFactory(username="jia-archivist", unit=units["甲市人民政府"], role=Role.ARCHIVIST)
    drafter = people["drafter"]
    process = submit(client, drafter, secret="on", secret_reason="涉密", level="local_government_rule",
                     issuer_unit=units["甲市人民政府"].pk, title="甲市城市绿化条例实施办法")  # fmt: skip
    to_publication(client, process, people["reviewer"], archivist)
    assert process.filings.count() == 4
    submit_url = task_url(open_task(process, "submit_filing"))
    client.force_login(drafter)
    response = client.post(submit_url, {"report": "报送备案。"})
    assert "请填写向国务院报送的文号或回执。" in response.content.decode()
    external = process.filings.get(external=True)
    sent = {"report": "报送备案。", f"reference_{external.pk}": "甲政报〔2026〕9号"}
    assert client.post(submit_url, sent).status_code == 302
    external.refresh_from_db()
    assert (external.status, external.reference) == (Filing.Status.SUBMITTED, "甲政报〔2026〕9号")
    outcome = reverse("review:filing_outcome", args=[process.pk, external.pk])
    client.force_login(people["filer"])  # nothing of this rule is filed with 甲市司法局: not disclosed
    assert client.post(outcome, {"outcome": "no_problem"}).status_code == 404
    client.force_login(people["reviewer"])  # reviewed it, so sees it, but does not enter the State Council's answer
    assert client.post(outcome, {"outcome": "no_problem"}).status_code == 403
    client.force_login(drafter)
    assert client.post(outcome, {"outcome": "no_problem", "note": "国务院法制机构未提出意见"}).status_code == 302
    external.refresh_from_db()
    assert external.outcome == "no_problem" and external.closed_at is not None
    assert ReviewProcess.objects.get(pk=process.pk).finished is None  # the platform's filings still run


def test_published_documents_are_seen_by_all_with_a_jurisdiction_filter_and_the_page_lists_each_filing(
    client, people, units
):
    from jurisdictions.models import Jurisdiction

    p = people
    process = submit(client, p["qx_gov_drafter"], secret="on", secret_reason="涉密", title="东旗禁牧休牧规定")
    client.force_login(p["qx2_reviewer"])  # 西旗 does not see 东旗's draft in the register either
    assert client.get(reverse("filings:document_detail", args=[process.document.pk])).status_code == 404
    to_publication(client, process, p["qx_reviewer"], p["qx_archivist"])
    page = client.get(reverse("filings:document_detail", args=[process.document.pk])).content.decode()
    assert "甲市人民政府" in page and "东旗人大常委会" in page  # both filings on the document page
    east, west, city = (Jurisdiction.objects.get(name=n) for n in ("东旗", "西旗", "甲市"))

    def listed(where, page="filings:document_list") -> bool:
        return "东旗禁牧休牧规定" in client.get(reverse(page), {"jurisdiction": where.pk}).content.decode()

    assert listed(east) and listed(city) and not listed(west)  # 甲市 includes the 旗县 below it
    client.logout()  # the public gazette, with the same filter
    gazette = "gazette"
    assert listed(east, gazette) and listed(city, gazette) and not listed(west, gazette)


def test_the_rates_of_a_city_roll_up_with_each_county_beneath(client, people, units):
    from jurisdictions.models import Jurisdiction
    from review import statistics
    from review.models import ReviewProcess
    from tests.factories import DocumentFactory

    day = datetime.date(2026, 3, 2)

    def filed(title, unit, submitted_days):
        document = DocumentFactory(title=title, promulgated=day, issuer_unit=units[unit])
        process = ReviewProcess.objects.create(
            flow_class=DocumentReviewFlow, document=document, drafting_unit=units[unit],
            submitter=people["qx_drafter"], explanation="-", legal_bases="-",
        )  # fmt: skip
        submitted = None
        if submitted_days is not None:
            submitted = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
            submitted += datetime.timedelta(days=submitted_days)
        Filing.objects.create(process=process, document=document, due=day + datetime.timedelta(days=30),
                              submitted_at=submitted, body_name="-",
                              status=Filing.Status.REGISTERED if submitted else Filing.Status.DUE)  # fmt: skip

    filed("东旗甲", "东旗农牧和科技局", 5)
    filed("东旗乙", "东旗农牧和科技局", None)
    filed("西旗甲", "西旗文化旅游体育局", 40)
    filed("甲市甲", "甲市市场监督管理局", 3)
    city = Jurisdiction.objects.get(name="甲市")
    whole, rows = statistics.rollup(city, date_from=None, date_to=None)
    assert (whole.published, whole.filed, whole.filing_rate) == (4, 3, "75.0%")
    table = {row.label: (row.published, row.overdue, row.filing_rate, row.timeliness) for row in rows}
    assert table == {"甲市本级": (1, 0, "100.0%", "100.0%"), "东旗": (2, 1, "50.0%", "50.0%"),
                     "西旗": (1, 0, "100.0%", "0.0%")}  # fmt: skip
    client.force_login(people["filer"])  # 甲市司法局: the dashboard shows 甲市 and each 旗县 beneath
    page = client.get(reverse("review:dashboard")).content.decode()
    assert "甲市（含下级）" in page and "东旗" in page and "西旗" in page and "75.0%" in page
    assert "及时率 = 按期（公布后 30 日内）报备 ÷ 应报备" in page
    client.force_login(people["qx2_reviewer"])  # 西旗 sees its own figures, and cannot choose 东旗
    page = client.get(reverse("review:dashboard"), {"jurisdiction": Jurisdiction.objects.get(name="东旗").pk})
    assert "西旗（含下级）" in page.content.decode() and "东旗甲" not in page.content.decode()


def test_a_queued_task_is_announced_and_counted_only_for_its_jurisdiction(client, people):
    from notifications.models import Notification

    p = people
    process = submit(client, p["qx_drafter"], secret="on", secret_reason="涉密", title="东旗草原防火管理办法")
    told = set(
        Notification.objects.filter(text__contains="东旗草原防火管理办法").values_list("user__username", flat=True)
    )
    assert "qx-reviewer" in told and not told & {"qx2-reviewer", "jia-reviewer"}
    for user, badge in ((p["qx_reviewer"], 1), (p["qx2_reviewer"], 0), (p["reviewer"], 0)):
        client.force_login(user)
        assert client.get(reverse("review:workbench")).context["task_badge"] == badge, user
    assert open_task(process, "legality_review").owner is None  # still in the queue

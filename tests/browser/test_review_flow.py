"""One draft through every stage in a real browser, signing in as each role, with the return loops:
supplement materials, amend after review, deferred filing and correction."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.services import DEMO_PASSWORD, demo_accounts_ensure
from review.models import ReviewProcess
from review.services import demo_experts_ensure
from tests.review.conftest import close_comment_window

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "某市电动自行车停放管理办法"
TEXT = (
    f"{TITLE}\n第一条　为了规范电动自行车停放，根据《中华人民共和国道路交通安全法》，制定本办法。\n"
    "第二条　电动自行车应当在划定的停放区域内停放。\n第三条　本办法自公布之日起30日后施行。"
)


class Session:
    def __init__(self, page: Page, base: str):
        self.page, self.base = page, base

    def sign_in(self, username: str) -> None:
        self.page.context.clear_cookies()
        self.page.goto(f"{self.base}/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", DEMO_PASSWORD)
        self.page.click("button[type=submit]")
        expect(self.page.locator("header")).to_contain_text(username)

    def open_process(self, process: ReviewProcess) -> None:
        self.page.goto(f"{self.base}/review/processes/{process.pk}/")

    def act(self, process: ReviewProcess, task_title: str) -> None:
        """From the process page: take the task if it waits in a queue, then open it."""
        self.open_process(process)
        row = self.page.locator("tr", has_text=task_title).filter(has=self.page.locator(".button")).first
        take = row.locator("button", has_text="领取")
        if take.count():
            take.click()
        else:
            row.locator("a", has_text="办理").click()
        expect(self.page.locator("h1")).to_contain_text(task_title)

    def materials(self, missing: str = "") -> None:
        """Tick the legality review's materials checklist, leaving out the one that is missing."""
        for key in ["draft", "legal_bases", "procedure", "comment_handling", "expert_opinions"]:
            if key != missing:
                self.page.check(f"#id_material_{key}")

    def submit(self, expected: str = "已完成") -> None:
        self.page.click("form.task-form button[type=submit]")
        expect(self.page.locator(".messages")).to_contain_text(expected)


def test_a_draft_goes_through_every_stage_in_the_browser(page: Page, live_server):
    demo_accounts_ensure()
    demo_experts_ensure()
    s = Session(page, live_server.url)
    today = timezone.localdate()

    # 1. the drafting unit submits from its workbench
    s.sign_in("drafter")
    page.goto(f"{live_server.url}/review/")
    page.click("text=提交草稿进入审核流程")
    page.fill("#id_title", TITLE)
    page.fill("#id_text", TEXT)
    page.fill("#id_explanation", "规范停放秩序。")
    page.fill("#id_legal_bases", "《中华人民共和国道路交通安全法》")
    page.check("#id_technical")
    page.fill("#id_interpretation", "一、制定背景：规范电动自行车停放。二、主要内容：划定停放区域。")
    page.click("form.task-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("进入审核流程")
    process = ReviewProcess.objects.get(document__title=TITLE)

    # 2. the public comments without an account
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/public/drafts/")
    page.click(f"text={TITLE}")
    page.fill("#id_text", "建议增设充电设施。")
    page.click("form.task-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("感谢您的意见")
    assert close_comment_window(process) == 1  # what the dispatcher does when the window ends

    # 3. the drafting unit handles the comments (from its inbox), then picks the expert
    s.sign_in("drafter")
    page.goto(f"{live_server.url}/review/?tab=inbox")
    page.locator("tr", has_text="处理公众意见").locator("a", has_text="办理").click()
    group = page.locator(".comment-group").first
    group.locator("select[name=handling]").select_option("adopted")
    group.locator("button", has_text="保存本组").click()
    expect(page.locator(".messages")).to_contain_text("已保存 1 组意见的采纳情况")
    expect(page.locator(".empty")).to_contain_text("所有意见组都已处理")
    s.submit("意见处理完毕")
    s.act(process, "选定论证专家")
    page.check("input[name=experts]")
    s.submit("已选定专家")

    # 4. the expert signs an opinion
    s.sign_in("expert")
    s.act(process, "专家论证意见")
    page.fill("#id_opinion", "草案可行，建议明确停放区域的划定主体。")
    page.fill("#id_signature", "专家")
    s.submit("论证意见已签署提交")

    # 5. legality review, with both return loops: materials, then amendments
    s.sign_in("reviewer")
    page.goto(f"{live_server.url}/review/?tab=queue")
    expect(page.locator("tr", has_text="合法性审核")).to_contain_text(TITLE)
    s.act(process, "合法性审核")
    expect(page.locator(".precheck")).to_be_visible()
    s.materials(missing="procedure")
    page.check("input[name=conclusion][value=supplement]")
    s.submit("审核结论已记录")

    s.sign_in("drafter")
    s.act(process, "补充材料")
    page.fill("#id_procedure_note", "已公开征求意见并组织专家论证。")
    s.submit("材料已补充")

    s.sign_in("reviewer")
    s.act(process, "合法性审核")
    s.materials()
    page.check("input[name=conclusion][value=amend]")
    page.fill("#id_amendments", "第二条增加：不得占用盲道。")
    page.fill("#id_early_reason", "起草单位申请加急审核。")  # concluded before the 5 working days of 115号
    s.submit("审核结论已记录")

    s.sign_in("drafter")
    s.act(process, "按审核意见修改")
    page.fill("#id_text", TEXT.replace("区域内停放。", "区域内停放，不得占用盲道。"))
    page.fill("#id_note", "已按意见修改第二条。")
    s.submit("修改稿已提交")

    s.sign_in("reviewer")
    s.act(process, "合法性审核")
    expect(page.locator("#review-clock")).to_contain_text("不少于 5、不超过 15 个工作日")
    s.materials()
    page.check("input[name=conclusion][value=lawful]")
    page.fill("#id_early_reason", "起草单位申请加急审核。")
    s.submit("审核结论已记录")

    # 6. collective deliberation and 三统一 publication by the register office
    s.sign_in("archivist")
    s.act(process, "集体审议")
    page.fill("#id_held_on", today.isoformat())
    page.check("input[name=decision][value=adopted]")
    s.submit("审议结果已记录")
    s.act(process, "统一登记、编号、公布")
    page.fill("#id_promulgated", today.isoformat())
    page.fill("#id_effective", (today + datetime.timedelta(days=30)).isoformat())
    s.submit("已统一登记编号并公布")

    # 7. filing: deferred for correction, corrected, registered, reviewed
    s.sign_in("drafter")
    s.act(process, "报送备案")
    s.submit("已报送备案")
    s.sign_in("filer")
    s.act(process, "备案登记")
    page.check("input[name=decision][value=deferred]")
    page.fill("#id_note", "缺少电子文本。")
    s.submit("登记结果已记录")
    s.sign_in("drafter")
    s.act(process, "补正备案材料")
    page.fill("#id_note", "已补交电子文本。")
    s.submit("补正材料已报送")
    s.sign_in("filer")
    s.act(process, "备案登记")
    page.check("input[name=decision][value=registered]")
    s.submit("登记结果已记录")
    s.act(process, "备案审查")
    page.check("input[name=outcome][value=no_problem]")
    s.submit("审查结果已记录")

    s.open_process(process)
    expect(page.locator(".stage")).to_have_text("完成")
    expect(page.locator(".history")).to_contain_text("备案审查：未发现问题")

    # the public gazette lists it under its 文号, no sign-in needed
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/gazette/")
    expect(page.locator("table")).to_contain_text(f"市监规〔{today.year}〕1号")
    page.click(f"text={TITLE}")
    expect(page.locator(".articles")).to_contain_text("不得占用盲道")


def test_on_a_phone_the_menu_collapses_and_sign_out_stays_reachable(page: Page, live_server):
    demo_accounts_ensure()
    page.set_viewport_size({"width": 390, "height": 844})
    s = Session(page, live_server.url)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "reviewer")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_contain_text("工作台")
    logout = page.locator("header button", has_text="退出")
    expect(logout).to_be_hidden()
    page.click("label.menu-button")
    expect(logout).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    s.page.goto(f"{live_server.url}/public/drafts/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_comment_form_counts_characters_and_warns_before_the_limit(page: Page, live_server, settings):
    from review.models import ReviewProcess as Process
    from tests.review.conftest import SUBMISSION

    demo_accounts_ensure()
    from django.test import Client

    from accounts.models import User
    from review.flows import DocumentReviewFlow

    client = Client()
    client.force_login(User.objects.get(username="drafter"))
    client.post(DocumentReviewFlow.start.reverse("execute"), SUBMISSION)
    process = Process.objects.get()
    page.goto(f"{live_server.url}/public/drafts/{process.pk}/")
    counter = page.locator(".char-counter")
    expect(counter).to_contain_text(f"已输入 0 / {settings.COMMENT_MAX_CHARS} 字")
    page.fill("textarea[name=text]", "长" * (settings.COMMENT_MAX_CHARS + 700))
    expect(counter).to_contain_text("超出 700 字")
    # Nothing is cut: the whole text is sent and refused with a message, the text kept in the form.
    page.click("form.task-form button[type=submit]")
    expect(page.locator("form.task-form")).to_contain_text("意见过长")
    assert len(page.input_value("textarea[name=text]")) == settings.COMMENT_MAX_CHARS + 700


def _submit_secret(s: Session, title: str) -> ReviewProcess:
    page = s.page
    s.sign_in("drafter")
    page.goto(f"{s.base}/review/")
    page.click("text=提交草稿进入审核流程")
    page.fill("#id_title", title)
    page.fill("#id_text", TEXT.replace(TITLE, title))
    page.fill("#id_explanation", "起草说明。")
    page.fill("#id_legal_bases", "《中华人民共和国道路交通安全法》")
    page.check("#id_secret")
    page.fill("#id_secret_reason", "涉及尚未公开的规划")
    page.fill("#id_interpretation", "政策解读：制定背景和主要内容。")
    page.click("form.task-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("进入审核流程")
    return ReviewProcess.objects.get(document__title=title)


def _review(s: Session, process: ReviewProcess, conclusion: str, note: str = "") -> None:
    s.sign_in("reviewer")
    s.act(process, "合法性审核")
    s.materials(missing="comment_handling")
    s.page.check(f"input[name=conclusion][value={conclusion}]")
    if note:
        s.page.fill("#id_note", note)
    s.page.fill("#id_early_reason", "起草单位申请加急审核。")
    s.submit("审核结论已记录")


def _publish(s: Session, process: ReviewProcess) -> None:
    today = timezone.localdate()
    s.sign_in("archivist")
    s.act(process, "集体审议")
    s.page.fill("#id_held_on", today.isoformat())
    s.page.check("input[name=decision][value=adopted]")
    s.submit("审议结果已记录")
    s.act(process, "统一登记、编号、公布")
    expect(s.page.locator("#id_effective")).to_have_value((today + datetime.timedelta(days=30)).isoformat())
    s.submit("已统一登记编号并公布")
    s.sign_in("drafter")
    s.act(process, "报送备案")
    s.submit("已报送备案")


def test_the_other_branches_of_the_route_through_the_pages(page: Page, live_server):
    """退回补正程序 → 补正程序 → 不合法; 不予登记; 请予说明 → 书面说明 → 建议自行纠正 → 纠正情况报告; and the
    links each role is given on the way (the draft, the 意见书, the 备案报告, the 修改对照表)."""
    demo_accounts_ensure()
    s = Session(page, live_server.url)

    # A: returned to complete its procedure, then found unlawful.
    a = _submit_secret(s, "某市甲办法")
    s.sign_in("reviewer")
    s.act(a, "合法性审核")
    draft = page.locator("a", has_text="草案全文").first
    draft.click()
    expect(page.locator(".articles")).to_contain_text("电动自行车应当在划定的停放区域内停放")
    page.go_back()
    s.materials(missing="comment_handling")
    page.check("input[name=conclusion][value=procedure]")
    page.fill("#id_note", "应当组织专家论证。")
    s.submit("审核结论已记录")
    s.sign_in("drafter")
    s.act(a, "补正程序")
    page.check("#id_technical")
    page.fill("#id_note", "改为组织专家论证。")
    s.submit("已补正程序设置")
    s.act(a, "选定论证专家")  # the procedure now includes the experts
    expect(page.locator("h1")).to_contain_text("选定论证专家")

    b = _submit_secret(s, "某市乙办法")
    _review(s, b, "unlawful", "第二条无上位法依据，建议不予公布。")
    s.open_process(b)
    expect(page.locator(".stage")).to_have_text("审核不合法，终止")
    opinion = page.request.get(f"{live_server.url}/review/processes/{b.pk}/opinion.docx")
    assert opinion.status == 200 and opinion.headers["content-type"].startswith("application/vnd.openxmlformats")

    # C: published, then refused registration by the filing body.
    c = _submit_secret(s, "某市丙办法")
    _review(s, c, "lawful")
    _publish(s, c)
    report = page.request.get(f"{live_server.url}/review/processes/{c.pk}/filing-report.docx")
    assert report.status == 200
    s.sign_in("filer")
    s.act(c, "备案登记")
    page.check("input[name=decision][value=refused]")
    page.fill("#id_note", "不属于本机关备案范围。")
    s.submit("登记结果已记录")
    s.open_process(c)
    expect(page.locator(".stage")).to_have_text("不予备案登记")

    # D: registered; asked to explain, explained; advised to correct itself, reported back.
    d = _submit_secret(s, "某市丁办法")
    _review(s, d, "lawful")
    _publish(s, d)
    s.sign_in("filer")
    s.act(d, "备案登记")
    page.check("input[name=decision][value=registered]")
    s.submit("登记结果已记录")
    s.act(d, "备案审查")
    page.check("input[name=outcome][value=explanation]")
    page.fill("#id_note", "请说明第二条的依据。")
    s.submit("审查结果已记录")
    s.sign_in("drafter")
    s.act(d, "书面说明")
    expect(page.locator("main")).to_contain_text("甲市人民政府（备案审查机关）要求说明：请说明第二条的依据。")
    page.fill("#id_text", "依据道路交通安全法第五十九条。")
    s.submit("书面说明已报送")
    s.sign_in("filer")
    s.act(d, "备案审查")
    page.check("input[name=outcome][value=self_correction]")
    page.fill("#id_note", "建议删去第二条中的罚则。")
    s.submit("审查结果已记录")
    s.sign_in("drafter")
    s.act(d, "报告纠正情况")
    expect(page.locator("main")).to_contain_text("审查意见（甲司备审〔")  # a written, numbered 审查意见
    page.check("input[name=action][value=repealed]")
    page.fill("#id_text", "经研究，本机关已决定废止该办法。")
    s.submit("纠正情况报告已报送")
    s.sign_in("filer")
    s.act(d, "审核纠正情况")
    page.check("input[name=accepted][value=yes]")
    s.submit("已记录")
    s.open_process(d)
    expect(page.locator(".stage")).to_have_text("完成")
    page.click("text=修改对照表")
    expect(page.locator("h1")).to_contain_text("修改对照表")
    expect(page.locator("table.comparison")).to_contain_text("第二条")


BIKES = "某市共享单车管理办法\n第一条　为了规范共享单车停放，制定本办法。"


def test_what_the_public_and_the_drafter_read_frozen_draft_feedback_badge_email_materials(
    page: Page, live_server, mailoutbox, tmp_path
):
    """The public reads the 征求意见稿 as it was put out even after the draft was amended, and after the
    window how each comment was handled; the drafter is told in the header badge, in the notice list and by
    e-mail; the drafter uploads a material that the reviewer then sees; the 意见书 opened is an A4 document."""
    from accounts.models import User

    demo_accounts_ensure()
    User.objects.filter(username="drafter").update(email="drafter@example.gov.cn")
    s = Session(page, live_server.url)
    s.sign_in("drafter")
    page.goto(f"{live_server.url}/review/")
    page.click("text=提交草稿进入审核流程")
    page.fill("#id_title", "某市共享单车管理办法")
    page.fill(
        "#id_text", "某市共享单车管理办法\n第一条　为了规范共享单车停放，制定本办法。\n第二条　共享单车应当有序停放。"
    )
    page.fill("#id_explanation", "规范共享单车。")
    page.fill("#id_legal_bases", "《中华人民共和国道路交通安全法》")
    page.click("form.task-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("进入审核流程")
    process = ReviewProcess.objects.get(document__title="某市共享单车管理办法")

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/public/drafts/{process.pk}/")
    page.fill("#id_text", "第二条应写明停放区域。")
    page.click("form.task-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("感谢您的意见")
    close_comment_window(process)

    # The task arrives: badge in the header, the notice in the list, and an e-mail with the link.
    s.sign_in("drafter")
    expect(page.locator("header a", has_text="通知").locator(".count")).to_have_text("1")
    page.click("header a:has-text('通知')")
    expect(page.locator("tr.unread")).to_contain_text("处理公众意见")
    assert [m.to for m in mailoutbox] == [["drafter@example.gov.cn"]]
    assert "处理公众意见" in mailoutbox[0].body and f"/review/flow/{process.pk}/handle_comments/" in mailoutbox[0].body
    page.locator("tr.unread").locator("button").click()
    expect(page.locator("header a", has_text="通知").locator(".count")).to_have_count(0)

    # Handle the comment with a reason, and upload the 起草说明 as a file on the process page.
    page.goto(f"{live_server.url}/review/?tab=inbox")
    page.locator("tr", has_text="处理公众意见").locator("a", has_text="办理").click()
    group = page.locator(".comment-group").first
    group.locator("select[name=handling]").select_option("not_adopted")
    group.locator("textarea[name=reason]").fill("停放区域由实施细则规定。")
    group.locator("button", has_text="保存本组").click()
    s.submit("意见处理完毕")
    s.open_process(process)
    page.click("#materials a:has-text('上传材料')")
    page.select_option("#id_kind", "explanation")
    pdf = tmp_path / "起草说明.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page.set_input_files("#id_file", str(pdf))
    page.click("form.task-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("已上传：起草说明（起草说明.pdf）")
    expect(page.locator("#materials")).to_contain_text("张明")

    # The reviewer sees the material on the task page and sends the draft back for amendment.
    s.sign_in("reviewer")
    s.act(process, "合法性审核")
    expect(page.locator("#materials")).to_contain_text("起草说明.pdf")
    s.materials()
    page.check("input[name=conclusion][value=amend]")
    page.fill("#id_amendments", "第二条写明停放区域。")
    page.fill("#id_early_reason", "起草单位申请加急审核。")
    s.submit("审核结论已记录")
    opinion = page.request.get(f"{live_server.url}/review/processes/{process.pk}/opinion.docx")
    import io

    import docx

    read_back = docx.Document(io.BytesIO(opinion.body()))
    assert round(read_back.sections[0].page_width.mm) == 210 and read_back.paragraphs[0].text == "甲市司法局"
    s.sign_in("drafter")
    s.act(process, "按审核意见修改")
    page.fill(
        "#id_text",
        "某市共享单车管理办法\n第一条　为了规范共享单车停放，制定本办法。\n第二条　共享单车应当在划定区域内停放。",
    )
    page.fill("#id_note", "已写明。")
    s.submit("修改稿已提交")

    # The public page still shows the text put out for comment, and how the comment was handled.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/public/drafts/{process.pk}/")
    expect(page.locator(".articles")).to_contain_text("共享单车应当有序停放。")
    expect(page.locator(".articles")).not_to_contain_text("划定区域")
    expect(page.locator("aside")).to_contain_text("不予采纳：停放区域由实施细则规定。")


def test_a_rule_goes_by_the_governments_order_into_its_gazette_and_both_filings(page: Page, live_server):
    """立法法 arts. 93–98, 109 in the pages: drafted by a department for its government, a fair-competition review
    recorded on the 程序记录 page, reviewed, decided by the 常务会议 (a 局务会 refused), published by the
    government's 令 in its 公报, and filed with the State Council (outside) and the region."""
    demo_accounts_ensure()
    s = Session(page, live_server.url)
    today = timezone.localdate()
    title = "甲市城市绿化管理办法"
    s.sign_in("drafter")
    page.goto(f"{live_server.url}/review/")
    page.click("text=提交草稿进入审核流程")
    page.fill("#id_title", title)
    page.fill("#id_text", TEXT.replace(TITLE, title))
    page.select_option("#id_level", "local_government_rule")
    page.select_option("#id_issuer_unit", label="甲市人民政府")
    page.fill("#id_explanation", "规范城市绿化管理。")
    page.fill("#id_legal_bases", "《城市绿化条例》")
    page.check("#id_touches_market")
    page.check("#id_secret")
    page.fill("#id_secret_reason", "涉及尚未公开的规划")
    page.click("form.task-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("进入审核流程")
    process = ReviewProcess.objects.get(document__title=title)

    # The fair-competition review, on the process's 程序记录 page.
    s.open_process(process)
    page.click("text=程序记录（听证、风险评估、公平竞争审查、政策解读等）")
    expect(page.locator("#fair")).to_contain_text("尚未审查")
    page.fill("#fair #id_reviewed_on", today.isoformat())
    page.check("#fair input[name=conclusion][value=compliant]")
    page.fill("#fair #id_reasons", "未设置市场准入和退出条件，未限定经营者，符合审查标准。")
    page.locator("#fair button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("已记录公平竞争审查")
    expect(page.locator("#fair")).to_contain_text("符合公平竞争审查标准")

    s.sign_in("reviewer")
    s.act(process, "合法性审核")
    expect(page.locator("#procedure-records")).to_contain_text("公平竞争审查：符合公平竞争审查标准")
    s.materials(missing="comment_handling")
    page.check("input[name=conclusion][value=lawful]")
    page.fill("#id_early_reason", "起草单位申请加急审核。")
    s.submit("审核结论已记录")

    s.sign_in("archivist")
    s.act(process, "集体审议")
    page.fill("#id_meeting", "甲市市场监督管理局局务会")
    page.fill("#id_held_on", today.isoformat())
    page.check("input[name=decision][value=adopted]")
    page.click("form.task-form button[type=submit]")
    expect(page.locator("form.task-form")).to_contain_text("须经常务会议或全体会议决定")
    page.fill("#id_meeting", "甲市人民政府第12次常务会议")
    s.submit("审议结果已记录")
    s.act(process, "统一登记、编号、公布")
    expect(page.locator("#id_gazette_issue")).to_have_value(f"{today.year}年第1期")
    page.fill("#id_signatory", "市长　王明")
    s.submit("已统一登记编号并公布")
    process.refresh_from_db()
    assert process.document.doc_number == "甲市人民政府令第1号"

    s.sign_in("drafter")
    s.act(process, "报送备案")
    expect(page.locator(".card").first).to_contain_text("国务院")
    page.fill("input[name^=reference_]", f"甲政报〔{today.year}〕1号")
    s.submit("已报送备案")
    s.open_process(process)
    filings = page.locator("#filings")
    for body in ("国务院", "某自治区人民政府"):
        expect(filings).to_contain_text(body)

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/gazette/{process.document.pk}/")
    expect(page.locator("#gazette-issue")).to_contain_text(f"刊登于《甲市人民政府公报》{today.year}年第1期")
    expect(page.locator("#gazette-issue")).to_contain_text("市长　王明 签署公布")
    page.screenshot(path="/tmp/rule-gazette.png", full_page=True)

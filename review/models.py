"""The review workflow's records: the process of one draft and what each stage leaves behind.

The viewflow process (`ReviewProcess`) carries the draft's submission and the dates of its
stages; every other record of a stage (comments, expert opinions, legality reviews, the
deliberation, the filing) points at it. Every deadline is a stored date (`TaskDeadline`).
"""

from django.conf import settings
from django.db import models
from viewflow.workflow.models import Process, Task

from accounts.models import Unit
from filings.history import AppendOnly
from filings.models import Document
from filings.text import cn_date


class ReviewProcess(Process):
    """One draft's route from submission to filing."""

    document = models.ForeignKey(Document, verbose_name="文件", on_delete=models.PROTECT, related_name="reviews")
    # The published document this draft amends or re-issues (a cleanup's 修改, a term ending): on publication
    # the old one becomes 已修改 and its follow-up work is done.
    amends = models.ForeignKey(Document, verbose_name="修改的文件", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="amended_by")  # fmt: skip
    drafting_unit = models.ForeignKey(Unit, verbose_name="起草单位", on_delete=models.PROTECT, related_name="+")
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提交人", on_delete=models.PROTECT, related_name="+"
    )
    explanation = models.TextField("起草说明")
    legal_bases = models.TextField("制定依据", help_text="每行一项，例如《中华人民共和国行政许可法》第十二条")
    procedure_note = models.TextField("程序说明", blank=True)
    major_decision = models.BooleanField("重大行政决策", default=False)
    technical = models.BooleanField("专业性、技术性较强", default=False)
    touches_enterprises = models.BooleanField("涉及企业或特定群体", default=False)
    # Further steps (decisions app): a measure touching business gets a fair-competition review; a hearing
    # is held when chosen or required.
    touches_market = models.BooleanField("涉及经营者经济活动（须公平竞争审查）", default=False)
    hearing_planned = models.BooleanField("举行听证", default=False)
    secret = models.BooleanField("依法不公开征求意见", default=False)
    secret_reason = models.CharField("不公开的理由", max_length=300, blank=True)
    # Public comment window (DOMAIN.md §2).
    comment_days = models.PositiveSmallIntegerField("征求意见期（天）", null=True, blank=True)
    comment_short_reason = models.CharField("缩短征求意见期的理由", max_length=300, blank=True)
    comment_opens = models.DateTimeField("征求意见开始", null=True, blank=True)
    comment_closes = models.DateTimeField("征求意见截止", null=True, blank=True)
    comment_summary = models.TextField("意见采纳情况说明", blank=True)
    # Expert argument (DOMAIN.md §3).
    expert_due = models.DateTimeField("专家论证截止", null=True, blank=True)
    expert_closed_note = models.CharField("专家论证结束情况", max_length=300, blank=True)
    # Publication reasons (DOMAIN.md §5).
    early_effect_reason = models.CharField("不足30日施行的理由", max_length=300, blank=True)

    class Meta:
        verbose_name = "审核流程"
        verbose_name_plural = "审核流程"
        permissions = [
            ("submit_draft", "可提交草稿进入审核流程"),
            ("legality_review", "可进行合法性审核"),
            ("deliberate", "可记录集体审议"),
            ("filing_review", "可进行备案登记与审查"),
            ("decide_disposal", "可代表备案机关对处理意见作出决定"),
        ]

    def __str__(self) -> str:
        return f"《{self.document.title}》审核流程"

    @property
    def needs_experts(self) -> bool:
        return self.technical or self.major_decision


class TaskDeadline(models.Model):
    """The due date of one task, computed when the task is created and shown wherever it is listed."""

    task = models.OneToOneField(Task, on_delete=models.CASCADE, related_name="deadline")
    due = models.DateField("截止日期")
    basis = models.CharField("依据", max_length=200)
    # The count ran into a year with neither chinesecalendar data nor an entered 放假安排.
    estimated = models.BooleanField("按周末估算", default=False)

    class Meta:
        verbose_name = "任务期限"
        verbose_name_plural = "任务期限"

    def __str__(self) -> str:
        return f"{self.task_id} → {self.due}"


class HolidayArrangement(models.Model):
    """One day of a year's 放假安排, entered by administrators for years chinesecalendar does not know."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "放假"
        WORKDAY = "workday", "调休上班"

    day = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    name = models.CharField("节日", max_length=50, blank=True)

    class Meta:
        verbose_name = "放假安排"
        verbose_name_plural = "放假安排"
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()} {self.name}".strip()


class Handling(models.TextChoices):
    ADOPTED = "adopted", "采纳"
    PARTLY = "partly", "部分采纳"
    NOT_ADOPTED = "not_adopted", "不予采纳"


class CommentGroup(models.Model):
    """Identical and near-identical comments on one draft, handled once (mass campaigns count as one)."""

    process = models.ForeignKey(ReviewProcess, on_delete=models.CASCADE, related_name="comment_groups")
    article_anchor = models.CharField("条文", max_length=40, blank=True)
    text = models.TextField("代表意见")
    fingerprint = models.CharField(max_length=64, db_index=True)
    size = models.PositiveIntegerField("条数", default=0)
    handling = models.CharField("采纳情况", max_length=20, choices=Handling.choices, blank=True)
    reason = models.TextField("理由", blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "意见组"
        verbose_name_plural = "意见组"
        ordering = ["-size", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class CommentGroupKey(models.Model):
    """A locality-sensitive hash key of a group's text (review/similarity.py): a new comment is compared
    only with the groups that share one of its keys."""

    process = models.ForeignKey(ReviewProcess, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(CommentGroup, on_delete=models.CASCADE, related_name="keys")
    key = models.CharField(max_length=20)

    class Meta:
        indexes = [models.Index(fields=["process", "key"])]

    def __str__(self) -> str:
        return self.key


class Comment(models.Model):
    """A public comment on a draft, with or without an account."""

    process = models.ForeignKey(ReviewProcess, on_delete=models.CASCADE, related_name="comments")
    group = models.ForeignKey(CommentGroup, on_delete=models.CASCADE, related_name="comments")
    article_anchor = models.CharField("条文", max_length=40, blank=True)
    text = models.TextField("意见")
    name = models.CharField("姓名", max_length=50, blank=True)
    contact = models.CharField("联系方式", max_length=100, blank=True)
    # A keyed hash of the sender's address: enough for the rate limit, no address stored.
    sender_hash = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "公众意见"
        verbose_name_plural = "公众意见"
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:40]


class Expert(models.Model):
    """A member of the expert pool (专家库)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert")
    field = models.CharField("专业领域", max_length=100)
    employer = models.ForeignKey(Unit, verbose_name="工作单位", on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField("在库", default=True)

    class Meta:
        verbose_name = "专家"
        verbose_name_plural = "专家库"
        ordering = ["field", "user__username"]

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.username}（{self.field}，{self.employer}）"


class ExpertOpinion(models.Model):
    process = models.ForeignKey(ReviewProcess, on_delete=models.CASCADE, related_name="expert_opinions")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="opinions")
    opinion = models.TextField("论证意见", blank=True)
    signature = models.CharField("签名", max_length=50, blank=True)
    signed_at = models.DateTimeField("签署时间", null=True, blank=True)

    class Meta:
        verbose_name = "专家论证意见"
        verbose_name_plural = "专家论证意见"
        constraints = [models.UniqueConstraint(fields=["process", "expert"], name="one_opinion_per_expert")]

    def __str__(self) -> str:
        return f"{self.expert}：{'已签署' if self.signed_at else '未答复'}"


class LegalityReview(models.Model):
    """One round of legality review: the materials checklist, the seven review points, the conclusion."""

    class Conclusion(models.TextChoices):
        LAWFUL = "lawful", "合法"
        AMEND = "amend", "修改后合法"
        SUPPLEMENT = "supplement", "材料不全，退回补充"
        PROCEDURE = "procedure", "退回补正程序"
        UNLAWFUL = "unlawful", "不合法，建议不予公布"

    process = models.ForeignKey(ReviewProcess, on_delete=models.CASCADE, related_name="legality_reviews")
    round = models.PositiveSmallIntegerField("轮次")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # {"draft": true, "legal_bases": true, ...}: see review.rules.MATERIALS.
    materials = models.JSONField("材料清单", default=dict)
    # [{"point": "subject", "finding": "ok"|"problem", "note": "..."}]: see review.rules.REVIEW_POINTS.
    points = models.JSONField("审核要点", default=list)
    conclusion = models.CharField("审核结论", max_length=20, choices=Conclusion.choices)
    amendments = models.TextField("修改意见", blank=True)
    note = models.TextField("说明", blank=True)
    number = models.CharField("意见书文号", max_length=50, blank=True)
    concluded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "合法性审核"
        verbose_name_plural = "合法性审核"
        ordering = ["process", "round"]
        constraints = [models.UniqueConstraint(fields=["process", "round"], name="one_review_per_round")]

    def __str__(self) -> str:
        return f"第{self.round}轮：{self.get_conclusion_display()}"

    @property
    def is_lawful(self) -> bool:
        return self.conclusion == self.Conclusion.LAWFUL


class ReviewFinding(models.Model):
    """A legality finding tied to an article of the draft and to the higher law it conflicts with."""

    review = models.ForeignKey(LegalityReview, on_delete=models.CASCADE, related_name="findings")
    article_anchor = models.CharField("条文", max_length=40)
    higher_law = models.ForeignKey(
        Document, verbose_name="上位法", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    higher_law_article = models.CharField("上位法条文", max_length=40, blank=True)
    note = models.TextField("问题")

    class Meta:
        verbose_name = "逐条审核意见"
        verbose_name_plural = "逐条审核意见"

    def __str__(self) -> str:
        return f"{self.article_anchor}：{self.note[:30]}"


class Deliberation(models.Model):
    class Decision(models.TextChoices):
        ADOPTED = "adopted", "通过"
        ADOPTED_WITH_CHANGES = "changed", "修改后通过"
        NOT_ADOPTED = "not_adopted", "不予通过"

    process = models.OneToOneField(ReviewProcess, on_delete=models.CASCADE, related_name="deliberation")
    meeting = models.CharField("会议", max_length=200)
    held_on = models.DateField("会议日期")

    class Majority(models.TextChoices):
        AGREE = "agree", "多数同意"
        DISAGREE = "disagree", "多数不同意"
        SPLIT = "split", "意见分歧，无多数"

    decision = models.CharField("决定", max_length=20, choices=Decision.choices)
    dissent = models.TextField("不同意见", blank=True)
    # The head decides after the discussion, speaking last, and gives reasons against the majority (决策 art. 30).
    head = models.CharField("作出决定的行政首长", max_length=50, blank=True)
    head_spoke_last = models.BooleanField("行政首长最后发表意见", default=False)
    majority = models.CharField("与会人员意见", max_length=10, choices=Majority.choices, blank=True)
    against_majority_reason = models.TextField("与多数意见不一致的理由", blank=True)
    changes = models.TextField("会议对文本的修改", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "集体审议"
        verbose_name_plural = "集体审议"

    def __str__(self) -> str:
        return f"{self.meeting}（{cn_date(self.held_on)}）：{self.get_decision_display()}"


class Filing(models.Model):
    """备案 of a published document with the higher body, and its filing review."""

    class Status(models.TextChoices):
        DUE = "due", "待报备"
        SUBMITTED = "submitted", "已报送"
        REGISTERED = "registered", "已登记"
        DEFERRED = "deferred", "暂缓登记"
        REFUSED = "refused", "不予登记"

    class Outcome(models.TextChoices):
        """What the filing body concludes (备案审查条例 art. 18). It never revokes: only the competent
        authority does, on a 处理意见 (立法法 art. 108; `AuthorityDecision`)."""

        NO_PROBLEM = "no_problem", "未发现问题"
        EXPLANATION = "explanation", "请予说明"
        SELF_CORRECTION = "self_correction", "建议自行纠正"

    class CorrectionAction(models.TextChoices):
        AMENDED = "amended", "已修改（新版本）"
        REPEALED = "repealed", "已废止"
        NONE = "none", "未纠正"

    class AuthorityDecision(models.TextChoices):
        REVOKE = "revoke", "撤销"
        ORDER_CORRECTION = "order_correction", "责令限期纠正"
        NO_ACTION = "no_action", "不予撤销"

    process = models.ForeignKey(ReviewProcess, on_delete=models.CASCADE, related_name="filings")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="filings")
    # Where it is filed (jurisdictions.selectors.filing_targets): the body, the office that reviews it there,
    # or a body outside the platform (the State Council), whose receipt and outcome are entered by hand.
    body_name = models.CharField("备案机关", max_length=100, blank=True)
    body = models.ForeignKey(Unit, verbose_name="备案机关单位", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")  # fmt: skip
    reviewer_unit = models.ForeignKey(
        Unit, verbose_name="备案审查机构", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    external = models.BooleanField("平台外备案机关", default=False)
    basis = models.CharField("备案依据", max_length=200, blank=True)
    reference = models.CharField("报送回执或文号", max_length=100, blank=True)
    status = models.CharField("备案状态", max_length=20, choices=Status.choices, default=Status.DUE)
    due = models.DateField("报备期限")
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    report = models.TextField("备案报告", blank=True)
    report_number = models.CharField("备案报告文号", max_length=50, blank=True)
    registered_at = models.DateTimeField("登记时间", null=True, blank=True)
    deferred_count = models.PositiveSmallIntegerField("暂缓登记次数", default=0)
    correction_due = models.DateField("补正期限", null=True, blank=True)
    registration_note = models.TextField("登记意见", blank=True)
    outcome = models.CharField("审查结果", max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField("审查意见", blank=True)
    report_back_due = models.DateField("纠正情况报告期限", null=True, blank=True)
    explanation = models.TextField("说明", blank=True)
    closed_at = models.DateTimeField("审查结束", null=True, blank=True)
    # 不予登记 where another body is competent: to whom it was forwarded (备案审查条例 art. 9).
    forwarded_to = models.CharField("转送机关", max_length=100, blank=True)
    # Active review: within 2 months of registration, extended for a difficult case with a reason (art. 11).
    review_due = models.DateField("审查期限", null=True, blank=True)
    extension_reason = models.CharField("延长审查期限的理由", max_length=300, blank=True)
    # 建议自行纠正 is a written 审查意见 with its 文号; the issuer reports what it did (art. 21).
    opinion_number = models.CharField("审查意见文号", max_length=50, blank=True)
    correction_action = models.CharField("纠正情况", max_length=20, choices=CorrectionAction.choices, blank=True)
    correction_document = models.ForeignKey(
        Document, verbose_name="纠正后的文件", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    report_accepted = models.BooleanField("纠正情况报告被认可", null=True, blank=True)
    # Not corrected: the 处理意见 to the competent authority, and its decision.
    disposal_opinion = models.TextField("处理意见", blank=True)
    disposal_number = models.CharField("处理意见文号", max_length=50, blank=True)
    authority_decision = models.CharField(
        "有权机关的决定", max_length=20, choices=AuthorityDecision.choices, blank=True
    )
    authority_note = models.TextField("决定理由", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="决定人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = "备案"
        verbose_name_plural = "备案"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.document.title} → {self.body_name}：{self.get_status_display()}"

    @property
    def unrouted(self) -> bool:
        """Filed before jurisdictions (or by an issuer outside the tree): any filing reviewer takes it."""
        return self.body_id is None and self.reviewer_unit_id is None and not self.external


class ReviewEvent(AppendOnly):
    """The process's history beyond its tasks: who did what, when (comments handled, materials added…).
    Append-only."""

    process = models.ForeignKey(ReviewProcess, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    what = models.CharField("事项", max_length=300)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "流程记录"
        verbose_name_plural = "流程记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.what


class SweepStatus(models.Model):
    """How each step of the deadline dispatcher last went (one row per step, and one for the whole sweep):
    shown to administrators on the 看板 and in /healthz."""

    step = models.CharField("步骤", max_length=50, unique=True)
    last_success = models.DateTimeField("最近成功", null=True, blank=True)
    last_failure = models.DateTimeField("最近失败", null=True, blank=True)
    last_error = models.TextField("最近的错误", blank=True)
    failures_in_a_row = models.PositiveIntegerField("连续失败次数", default=0)

    class Meta:
        verbose_name = "调度运行情况"
        verbose_name_plural = "调度运行情况"
        ordering = ["step"]

    def __str__(self) -> str:
        return self.step

    LABELS = {
        "sweep": "整轮", "timers": "定时器（征求意见期、论证期限）", "take_effect": "文件到期生效",
        "cleanup_prepare": "清理活动检查", "search_outbox": "全文检索索引更新",
        "deadline_notices": "期限提醒", "digests": "每日汇总邮件", "annual_lists": "年度文件目录（每年1月）",
        "followups": "后续工作（届满前评估、后评估、到期失效）",
    }  # fmt: skip

    @property
    def label(self) -> str:
        return self.LABELS.get(self.step, self.step)

    @property
    def error_line(self) -> str:
        """The last line of the recorded traceback (the exception and its message)."""
        lines = [line for line in self.last_error.splitlines() if line.strip()]
        return lines[-1] if lines else ""


class TextSnapshot(AppendOnly):
    """The draft's text as it stood at a stage: what was put out for comment, what each legality-review
    round read, what the meeting adopted, what was published. Append-only: the texts a process passed
    through stay as they were."""

    class Stage(models.TextChoices):
        COMMENT = "comment", "征求意见稿"
        REVIEW = "review", "审核稿"
        ADOPTED = "adopted", "审议通过稿"
        PUBLISHED = "published", "公布稿"

    process = models.ForeignKey(ReviewProcess, on_delete=models.PROTECT, related_name="snapshots")
    stage = models.CharField("阶段", max_length=20, choices=Stage.choices)
    round = models.PositiveSmallIntegerField("轮次", null=True, blank=True)  # legality-review round
    title = models.CharField("标题", max_length=500)
    text = models.TextField("正文")
    taken_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "文本快照"
        verbose_name_plural = "文本快照"
        ordering = ["taken_at", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        suffix = f"（第 {self.round} 轮）" if self.round else ""
        return f"{self.get_stage_display()}{suffix}"

    @property
    def articles(self) -> list:
        """The snapshot's structure, parsed from its own text (anchors as the register gives them)."""
        from filings.parsing import parse_articles

        return parse_articles(self.text)


class Material(AppendOnly):
    """A file the drafting unit hands in with its draft (起草说明, 专家论证报告, 补正材料…): PDF, .docx or an
    image, listed on the process page with who uploaded it when, and packed into the filing package.
    Append-only: a corrected file is uploaded again, the earlier one stays on record."""

    class Kind(models.TextChoices):
        EXPLANATION = "explanation", "起草说明"
        COMMENT_HANDLING = "comment_handling", "征求意见情况"
        EXPERT_REPORT = "expert_report", "专家论证报告"
        RISK_ASSESSMENT = "risk_assessment", "风险评估报告"
        HEARING_MINUTES = "hearing_minutes", "听证笔录"
        FAIR_COMPETITION = "fair_competition", "公平竞争审查意见"
        CORRECTION = "correction", "补正材料"
        OTHER = "other", "其他材料"

    process = models.ForeignKey(ReviewProcess, on_delete=models.PROTECT, related_name="materials")
    kind = models.CharField("材料", max_length=20, choices=Kind.choices)
    file = models.FileField("文件", upload_to="materials/%Y/%m/")
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    note = models.CharField("说明", max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "材料"
        verbose_name_plural = "材料"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.name}"

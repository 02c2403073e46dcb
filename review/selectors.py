"""Reads for the review workflow: who sees which process, task lists with deadline cards, statistics."""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from accounts.models import User
from accounts.roles import Role
from filings.models import Article, Document, Status
from filings.parsing import title_key
from filings.selectors import citation_candidate_keys
from jurisdictions.models import Jurisdiction
from jurisdictions.selectors import reviewed_jurisdiction_ids, subtree_ids
from search import checks
from search.models import Finding

from . import procedure
from .access import may_act
from .models import Expert, Filing, LegalityReview, ReviewProcess, TextSnapshot
from .workdays import workdays_between

OPEN_TASK = [STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED, STATUS.SCHEDULED]
STATUS_LABELS = {
    STATUS.NEW: "待领取", STATUS.ASSIGNED: "待办理", STATUS.STARTED: "办理中", STATUS.SCHEDULED: "计时中",
    STATUS.DONE: "已完成", STATUS.CANCELED: "已取消", STATUS.ERROR: "出错",
}  # fmt: skip


def processes_visible_to(user: User) -> QuerySet[ReviewProcess]:
    """Who sees a process (DOMAIN.md "Jurisdictions"): the drafting unit its own; an expert those it argues;
    the legal office and the government office of the drafting unit's jurisdiction (they review, deliberate
    and publish); a filing reviewer those filed with its unit; administrators all."""
    queryset = ReviewProcess.objects.select_related("document", "drafting_unit", "submitter")
    if user.is_superuser or user.has_role(Role.ADMINISTRATOR):
        return queryset
    seen = Q(expert_opinions__expert__user=user)
    if user.unit_id and user.has_role(Role.DRAFTER):
        seen |= Q(drafting_unit_id=user.unit_id)
    if user.unit_id and (user.has_perm("review.deliberate") or user.has_perm("filings.publish_document")):
        seen |= Q(drafting_unit__jurisdiction_id=user.unit.jurisdiction_id)
    if user.unit_id and user.has_perm("review.legality_review"):
        reviewed = reviewed_jurisdiction_ids(user.unit.jurisdiction)
        seen |= Q(drafting_unit__jurisdiction_id__in=reviewed) if reviewed else Q(drafting_unit__jurisdiction=None)
    if user.unit_id and user.has_perm("review.decide_disposal"):
        seen |= Q(filings__body_id=user.unit_id, filings__report_accepted=False)
    if user.unit_id and user.has_perm("review.filing_review"):
        unrouted = Q(filings__body__isnull=True, filings__reviewer_unit__isnull=True, filings__external=False)
        seen |= Q(filings__reviewer_unit_id=user.unit_id) | unrouted
    return queryset.filter(pk__in=ReviewProcess.objects.filter(seen).values("pk"))


@dataclass
class Card:
    """A deadline card: yellow a few working days before the due date, red once it has passed."""

    colour: str  # "", "yellow", "red"
    label: str


def deadline_card(due: datetime.date | None, today: datetime.date | None = None, workdays: bool = True) -> Card:
    """The card of a due date, counted in the unit its rule uses: working days, or calendar days (日)."""
    if due is None:
        return Card("", "")
    today = today or timezone.localdate()
    if due < today:
        return Card("red", f"已超期 {(today - due).days} 天")
    left = workdays_between(today, due)
    colour = "yellow" if left <= settings.DEADLINE_YELLOW_WORKDAYS else ""
    return Card(colour, f"剩 {left} 个工作日" if workdays else f"剩 {(due - today).days} 天")


def counts_in_workdays(basis: str) -> bool:
    """A deadline's basis names its unit ("15 个工作日", "专家论证期限 10 日")."""
    return "工作日" in basis


def _tasks() -> QuerySet[Task]:
    return (
        Task.objects.filter(process__flow_class__endswith="DocumentReviewFlow")
        .select_related("process", "owner", "deadline")
        .order_by("deadline__due", "created")
    )


def experts_eligible(process: ReviewProcess) -> QuerySet[Expert]:
    """The pool's experts who may argue this draft: none employed by the drafting unit, and, where the setting
    asks for it, none working in the drafting unit's own system (决策 art. 20: neutral experts)."""
    queryset = Expert.objects.filter(active=True).exclude(employer=process.drafting_unit)
    queryset = queryset.exclude(user__unit=process.drafting_unit)
    system = process.drafting_unit.system
    if settings.EXPERTS_EXCLUDE_OWN_SYSTEM and system:
        queryset = queryset.exclude(employer__system=system).exclude(user__unit__system=system)
    return queryset.select_related("user", "employer")


def open_filing_tasks(filing, node_name: str) -> list[Task]:
    """The open tasks of `node_name` in the branch of this filing."""
    from . import branches

    tasks = _tasks().filter(process_id=filing.process_id, flow_task_type="HUMAN", status__in=OPEN_TASK)
    return [t for t in tasks if t.flow_task.name == node_name and branches.task_filing(t) == filing]


def task_url(task: Task) -> str:
    """The page where a task is done (its execute route)."""
    return task.flow_task.reverse("execute", args=[task.process_id, task.pk])


def _with_cards(tasks) -> list:
    today = timezone.localdate()
    rows = list(tasks)
    processes = {
        p.pk: p for p in ReviewProcess.objects.filter(pk__in={t.process_id for t in rows}).select_related("document")
    }
    for task in rows:
        task.review = processes.get(task.process_id)
        task.card = (
            deadline_card(_due(task), today, counts_in_workdays(_basis(task)))
            if task.status in OPEN_TASK
            else Card("", "")
        )
        task.status_label = STATUS_LABELS.get(task.status, task.status)
        task.url = task_url(task) if task.flow_task_type == "HUMAN" else ""
    return rows


def _due(task: Task) -> datetime.date | None:
    try:
        return task.deadline.due
    except Task.deadline.RelatedObjectDoesNotExist:  # timers and gateways have no deadline row
        return None


def _basis(task: Task) -> str:
    try:
        return task.deadline.basis
    except Task.deadline.RelatedObjectDoesNotExist:
        return ""


def tasks_inbox(user: User) -> list:
    return _with_cards(_tasks().filter(owner=user, status=STATUS.ASSIGNED))


def tasks_queue(user: User) -> list:
    """Unassigned tasks this user may take (by the task's permission)."""
    queue = _tasks().filter(status=STATUS.NEW, flow_task_type="HUMAN", owner__isnull=True)
    return _with_cards(t for t in queue if t.owner_permission and may_act(user, t))


def tasks_archive(user: User, limit: int = 100) -> list:
    return _with_cards(_tasks().filter(owner=user, finished__isnull=False).order_by("-finished")[:limit])


def process_tasks(process: ReviewProcess) -> list:
    tasks = Task.objects.filter(process=process).select_related("owner", "deadline").order_by("created", "pk")
    return _with_cards(tasks)


def process_stage(process: ReviewProcess) -> str:
    """Where the process stands: the titles of its open tasks, or how it ended."""
    if process.status == PROCESS.DONE:
        on_platform = [f.status for f in process.filings.filter(external=False)]
        if on_platform and all(status == Filing.Status.REFUSED for status in on_platform):
            return "不予备案登记"
        return str(process.task_set.filter(flow_task_type="END").last().flow_task.task_title or "完成")
    if process.status == PROCESS.CANCELED:
        return "已取消"
    titles = [str(t.flow_task.task_title) for t in process.task_set.filter(status__in=OPEN_TASK)]
    return "、".join(dict.fromkeys(titles)) or "处理中"


def processes_by_stage(processes: QuerySet[ReviewProcess]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for process in processes:
        stage = process_stage(process)
        counts[stage] = counts.get(stage, 0) + 1
    return sorted(counts.items(), key=lambda kv: -kv[1])


def tasks_overdue(processes: QuerySet[ReviewProcess]) -> list:
    tasks = _tasks().filter(process__in=processes, status__in=OPEN_TASK, deadline__due__lt=timezone.localdate())
    return _with_cards(tasks)


def comment_text(process: ReviewProcess) -> TextSnapshot | None:
    """The 征求意见稿: the text as it was put out for comment (the latest window's, after 退回补正程序)."""
    return process.snapshots.filter(stage=TextSnapshot.Stage.COMMENT).order_by("-taken_at", "-id").first()


def comment_articles(process: ReviewProcess) -> list:
    """The articles the public comments on: the frozen 征求意见稿's (the live draft's before it existed)."""
    snapshot = comment_text(process)
    return snapshot.articles if snapshot is not None else list(process.document.articles.all())


def review_text(review: LegalityReview) -> TextSnapshot | None:
    """The text a legality-review round read."""
    return review.process.snapshots.filter(stage=TextSnapshot.Stage.REVIEW, round=review.round).first()


def returning_reviewer(process: ReviewProcess) -> User | None:
    review = latest_review(process)
    if review is None or review.conclusion not in (
        LegalityReview.Conclusion.AMEND,
        LegalityReview.Conclusion.SUPPLEMENT,
    ):
        return None
    reviewer = User.objects.filter(pk=review.reviewer_id, is_active=True).first()
    return reviewer if reviewer is not None and reviewer.has_perm("review.legality_review") else None


def latest_review(process: ReviewProcess) -> LegalityReview | None:
    return process.legality_reviews.order_by("-round").first()


def higher_law_lookup(title: str) -> Document | None:
    """The register document a legality finding names, written as a citation may be written (《行政处罚法》,
    中华人民共和国行政处罚法, a short form taught as an alias): the in-force version of that title."""
    key = title_key(title.strip())
    if not key:
        return None
    for candidate in citation_candidate_keys({key})[key]:
        matches = Document.objects.filter(stage=Document.Stage.PUBLISHED, title_key=candidate).order_by("-promulgated")
        found = matches.filter(status=Status.IN_FORCE).first() or matches.first()
        if found is not None:
            return found
    return None


@dataclass
class PrecheckFinding:
    """A pre-check finding on the draft, with the article it is about and the register document it names."""

    kind: str
    label: str
    cited_title: str
    evidence: str
    date: datetime.date | None
    article: Article | None
    target: Document | None
    advisory: bool = False  # told, asks for no reason beside a 合法 conclusion (procedure.py)


_ARTICLE_LABEL_RE = re.compile(r"^第[一二三四五六七八九十百千零〇\d]+条(?:之[一二三四五六七八九十]+)?[\s\u3000]*")


def _clause_of(finding: checks.FindingRow) -> str:
    """The draft's own words in a finding's evidence: "第一条　根据…", "设定行政许可：…",
    "上限不同：… ↔ 《上位法》：…"."""
    words = finding.evidence.split(" ↔ ")[0]
    if finding.kind in (Finding.Kind.UNLAWFUL_CONTENT, Finding.Kind.HIGHER_LAW_CONFLICT, Finding.Kind.FAIR_COMPETITION,
                        Finding.Kind.ADDED_REQUIREMENT, Finding.Kind.SAME_LEVEL_INCONSISTENCY):  # fmt: skip
        words = words.split("：", 1)[-1]  # after the label ("设定行政许可：", "上限不同：")
    return _ARTICLE_LABEL_RE.sub("", words.strip())[:40]


def draft_precheck(process: ReviewProcess) -> list[PrecheckFinding]:
    """The conflict checks of search/ run on the draft, for the legality reviewer's side panel: each finding
    linked to the draft's article and to the higher law in the register."""
    document = process.document
    subject = checks.Subject(
        doc_id=str(document.pk),
        title=document.title,
        issuer=document.issuer,
        level=document.level,
        promulgated=timezone.localdate(),
        effective=None,
        text=document.text,
        pk=document.pk,
        issuer_unit_id=document.issuer_unit_id,
    )
    findings = [
        f for f in checks.check(subject, today=timezone.localdate()).findings
        if f.kind != "past_validity" and f.kind not in Finding.INFORMATIONAL
    ]  # fmt: skip
    refs = {ref for f in findings for ref in f.target_ids}
    targets = {d.external_id: d for d in Document.objects.filter(external_id__in=refs).defer("text")}
    targets.update(
        (f"pk:{d.pk}", d)
        for d in Document.objects.filter(pk__in=[int(r[3:]) for r in refs if r.startswith("pk:")]).defer("text")
    )
    articles = list(document.articles.filter(kind=Article.Kind.ARTICLE))
    labels = dict(Finding.Kind.choices)
    missing = [
        PrecheckFinding(
            kind=Finding.Kind.PROCEDURE,
            label=labels[Finding.Kind.PROCEDURE],
            cited_title="",
            evidence=gap.text,
            date=None,
            article=None,
            target=None,
            advisory=gap.advisory,
        )
        for gap in procedure.procedure_gaps(
            process,
            today=timezone.localdate(),
            competition_flagged=any(f.kind == Finding.Kind.FAIR_COMPETITION for f in findings),
        )  # fmt: skip
    ]
    return missing + [
        PrecheckFinding(
            kind=f.kind,
            label=labels.get(f.kind, f.kind),
            cited_title=f.cited_title,
            evidence=f.evidence,
            date=f.date,
            article=next((a for a in articles if _clause_of(f) and _clause_of(f) in a.text), None),
            target=next((targets[r] for r in f.target_ids if r in targets), None),
        )  # fmt: skip
        for f in findings
    ]


def gazette_documents(*, q: str = "", jurisdiction: Jurisdiction | None = None) -> QuerySet[Document]:
    """统一公布: the documents published through the register and in force, newest first; each jurisdiction
    publishes its own (三统一 per level), and the public may look at one and those below it."""
    documents = Document.objects.filter(
        stage=Document.Stage.PUBLISHED,
        register_number__isnull=False,
        status__in=[Status.IN_FORCE, Status.NOT_YET_IN_FORCE],
    ).defer("text")
    if q:
        documents = documents.filter(Q(title__icontains=q) | Q(doc_number__icontains=q))
    if jurisdiction is not None:
        documents = documents.filter(issuer_unit__jurisdiction_id__in=subtree_ids(jurisdiction))
    return documents.order_by("-promulgated", "-register_number", "-pk")

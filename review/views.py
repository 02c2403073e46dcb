"""The workflow's task pages and the actions on tasks. Views stay thin: form → service → activation.execute().

The lists, the process page and its documents are in review/pages.py; the public pages in review/public_views.py.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.generic import FormView
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from decisions import selectors as decision_selectors
from filings.selectors import gazette_issue_suggested
from filings.text import cn_date

from . import (
    access,
    branches,
    clock,
    docx_out,
    filing_review,
    forms,
    materials,
    rules,
    selectors,
    services,
    submission,
)
from .models import Filing, Handling, ReviewProcess, TaskDeadline
from .pages import review_flow, visible_process

# The tasks that read the further steps beside the form: the reviewer reviews them, the meeting approves them.
RECORDS_SHOWN = {"legality_review", "deliberate", "publish"}


class TaskView(LoginRequiredMixin, FormView):
    """A task page: the process's particulars beside the task's form.

    viewflow's wrapper has already checked that the user owns the task and, on POST, holds the
    process lock inside a transaction. `perform` runs in a savepoint, so a refused write leaves
    nothing behind and the form comes back with the message.
    """

    template_name = "review/task.html"
    form_class = None
    intro = ""
    success_message = "已完成。"

    @property
    def activation(self):
        return self.request.activation

    @property
    def process(self) -> ReviewProcess:
        return self.activation.process

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(self.form_extra_kwargs())
        return kwargs

    def form_extra_kwargs(self) -> dict:
        return {}

    def get_context_data(self, **kwargs):
        task = self.activation.task
        deadline = TaskDeadline.objects.filter(task_id=task.pk).first()
        return super().get_context_data(
            process=self.process,
            document=self.process.document,
            task=task,
            task_title=task.flow_task.task_title,
            deadline=deadline,
            card=selectors.deadline_card(
                deadline.due if deadline else None,
                workdays=selectors.counts_in_workdays(deadline.basis) if deadline else True,
            ),
            intro=self.intro,
            materials=self.process.materials.select_related("uploaded_by"),
            may_add_material=materials.may_add(self.request.user, self.process),
            records=decision_selectors.records(self.process) if task.flow_task.name in RECORDS_SHOWN else None,
            **self.extra_context_data(),
            **kwargs,
        )

    def extra_context_data(self) -> dict:
        return {}

    def perform(self, form) -> None:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            with transaction.atomic():
                self.perform(form)
                self.activation.execute()
        except ValidationError as exc:
            forms.errors_attach(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"{self.activation.task.flow_task.task_title}：{self.success_message}")
        return redirect(next_task_url(self.request.user))


def material_attach(form, process, user) -> None:
    """Store the file a task form brought with it (inside the task's transaction)."""
    attached = form.material()
    if attached:
        kind, upload = attached
        materials.material_add(process=process, actor=user, kind=kind, upload=upload)


def next_task_url(user) -> str:
    """Where a person goes after finishing a task: the next one in its inbox, else its 工作台."""
    waiting = selectors.tasks_inbox(user)
    return waiting[0].url if waiting and waiting[0].url else reverse("review:workbench")


class SubmitView(LoginRequiredMixin, FormView):
    """Stage 1: the drafting unit submits a draft with its explanation, legal bases and flags."""

    template_name = "review/submit.html"
    form_class = forms.SubmitForm
    reads_draft = True

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "preparsed": getattr(self.request, "preparsed_draft", None),
                "user": self.request.user}  # fmt: skip

    def get_initial(self):
        """From a follow-up's "起草新版本": the document it amends."""
        amends = self.request.GET.get("amends", "")
        return {"amends": int(amends)} if amends.isdigit() else {}

    def form_valid(self, form):
        try:
            submission.draft_submit(activation=self.request.activation, actor=self.request.user, form=form)
        except ValidationError as exc:
            forms.errors_attach(form, exc)
            return self.form_invalid(form)
        process = self.request.activation.process
        count = sum(1 for a in form.cleaned_data["structure"].articles if a.kind == "article")
        messages.success(self.request, f"已提交《{process.document.title}》（识别出 {count} 条），进入审核流程。")
        return redirect("review:process_detail", pk=process.pk)


class HandleCommentsView(TaskView):
    """The groups, a page at a time, each handled on its own (or several ticked at once) and saved at
    once (`comment_groups_handle`); this task's own form only closes the stage, once all are handled."""

    form_class = forms.HandleCommentsForm
    template_name = "review/task_comments.html"
    intro = "逐组记录采纳情况（采纳、部分采纳、不予采纳，后两者须说明理由），每组提交即保存；全部处理后方可结束本阶段。"
    success_message = "意见处理完毕，采纳情况说明已归入材料。"

    def extra_context_data(self):
        return comment_groups_page(self.request, self.process)

    def perform(self, form):
        services.comments_close(process=self.process, actor=self.request.user, summary=form.cleaned_data["summary"])


GROUP_FILTERS = {"open": ("未处理", {"handling": ""}), "done": ("已处理", {}), "all": ("全部", {})}


def comment_groups_page(request, process: ReviewProcess) -> dict:
    shown = request.GET.get("show", "open")
    shown = shown if shown in GROUP_FILTERS else "open"
    groups = process.comment_groups.order_by("-size", "id")
    if shown == "open":
        groups = groups.filter(handling="")
    elif shown == "done":
        groups = groups.exclude(handling="")
    page = Paginator(groups, settings.COMMENT_GROUPS_PER_PAGE).get_page(request.GET.get("page"))
    total = process.comment_groups.count()
    open_count = process.comment_groups.filter(handling="").count()
    return {
        "groups_page": page,
        "shown": shown,
        "filters": [(key, label) for key, (label, _) in GROUP_FILTERS.items()],
        "open_count": open_count,
        "group_count": total,
        "comment_count": process.comments.count(),
        "handlings": Handling.choices,
        "query": f"show={shown}&page={page.number}",
    }


@login_required
@require_POST
def comment_groups_handle(request, pk: int):
    """Save the handling of one or several comment groups, as the owner of the 处理公众意见 task."""
    process = visible_process(request, pk)
    task = Task.objects.filter(
        process=process, flow_task=review_flow().handle_comments, status=STATUS.ASSIGNED, owner=request.user
    ).first()
    if task is None or not access.may_act(request.user, task):
        raise PermissionDenied("只有办理“处理公众意见”任务的人可以记录采纳情况。")
    ids = list(process.comment_groups.values_list("pk", flat=True))
    form = forms.CommentGroupsHandleForm(request.POST, group_ids=ids)
    back = f"{selectors.task_url(task)}?{request.POST.get('back', '')}"
    if not form.is_valid():
        forms.errors_as_messages(request, form)
        return redirect(back)
    try:
        count = services.comment_groups_handle(
            process=process, group_ids=form.cleaned_data["groups"], handling=form.cleaned_data["handling"],
            reason=form.cleaned_data["reason"], actor=request.user,
        )  # fmt: skip
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"已保存 {count} 组意见的采纳情况。")
    return redirect(back)


class PickExpertsView(TaskView):
    form_class = forms.PickExpertsForm
    intro = "从专家库中选定论证专家（不得来自起草单位）。每位专家各有一项论证任务。"
    success_message = "已选定专家，论证任务已发出。"

    def form_extra_kwargs(self):
        return {"process": self.process}

    def perform(self, form):
        services.experts_pick(process=self.process, experts=list(form.cleaned_data["experts"]), actor=self.request.user)


class ExpertOpinionView(TaskView):
    form_class = forms.ExpertOpinionForm
    intro = "请就草案的必要性、可行性和专业问题出具论证意见，并签名。"
    success_message = "论证意见已签署提交。"

    def opinion(self):
        return self.process.expert_opinions.get(pk=self.activation.task.data["opinion"])

    def perform(self, form):
        services.expert_opinion_sign(
            opinion=self.opinion(),
            text=form.cleaned_data["opinion"],
            signature=form.cleaned_data["signature"],
            actor=self.request.user,
        )


class LegalityReviewView(TaskView):
    form_class = forms.LegalityReviewForm
    template_name = "review/task_legality.html"
    success_message = "审核结论已记录。"

    def form_extra_kwargs(self):
        return {"articles": self.process.document.articles.filter(kind="article")}

    def precheck(self) -> list:
        if not hasattr(self, "_precheck"):
            self._precheck = selectors.draft_precheck(self.process)
        return self._precheck

    def get_initial(self):
        """A re-review starts from the materials ticked last time (a supplement adds, it does not reset), and
        each review point the pre-check has a finding on starts as 有问题 with the finding as its note."""
        initial = {}
        previous = selectors.latest_review(self.process)
        if previous is not None:
            initial.update({f"material_{key}": ticked for key, ticked in previous.materials.items()})
        notes: dict[str, list[str]] = {}
        for finding in self.precheck():
            point = rules.PRECHECK_POINTS.get(finding.kind)
            if point:
                where = f"{finding.article.label}：" if finding.article else ""
                notes.setdefault(point, []).append(f"预审查：{where}{finding.label}（{finding.evidence[:80]}）")
        for point, lines in notes.items():
            initial[f"point_{point}"] = "problem"
            initial[f"point_{point}_note"] = "；".join(lines)[:500]
        return initial

    def extra_context_data(self):
        return {
            "precheck": self.precheck(),
            "previous_reviews": self.process.legality_reviews.prefetch_related("findings__higher_law"),
            "last_round_text": self.process.snapshots.filter(stage="review").order_by("-round").first(),
            "expert_opinions": self.process.expert_opinions.select_related("expert__user"),
            "clock": clock.review_clock(self.process),
        }

    def perform(self, form):
        findings = []
        for row in form.finding_values():
            law = None
            if row["law_title"]:
                law = selectors.higher_law_lookup(row["law_title"])
                if law is None:
                    name = row["law_title"].strip().strip("《》")
                    raise ValidationError(
                        f"登记簿中没有《{name}》，请填写上位法的标题（全称、去掉“中华人民共和国”或简称均可）。"
                    )
            findings.append(
                {"article_anchor": row["article_anchor"], "higher_law": law,
                 "higher_law_article": row["higher_law_article"], "note": row["note"]}
            )  # fmt: skip
        services.legality_review_conclude(
            process=self.process,
            reviewer=self.request.user,
            materials=form.materials(),
            points=form.points(),
            conclusion=form.cleaned_data["conclusion"],
            amendments=form.cleaned_data["amendments"],
            note=form.cleaned_data["note"],
            findings=findings,
            precheck_open=sum(not f.advisory for f in self.precheck()),
            precheck_override=form.cleaned_data["precheck_override"],
            early_reason=form.cleaned_data["early_reason"],
        )


class SupplementView(TaskView):
    form_class = forms.SupplementForm
    success_message = "材料已补充，重新送合法性审核。"

    @property
    def intro(self) -> str:
        review = selectors.latest_review(self.process)
        missing = [label for key, label in rules.MATERIALS if review and not review.materials.get(key)]
        named = f"缺少：{'、'.join(missing)}。" if missing else ""
        used = clock.review_clock(self.process).used
        return (
            f"合法性审核认为材料不全，请补充后重新送审。{named}补充期间审核中止，期限不计；"
            f"送回后接续计算（已用 {used} 个工作日）。"
        )

    def get_initial(self):
        p = self.process
        return {"explanation": p.explanation, "legal_bases": p.legal_bases, "procedure_note": p.procedure_note}

    def extra_context_data(self):
        return {"last_review": selectors.latest_review(self.process)}

    def perform(self, form):
        services.materials_supplement(process=self.process, actor=self.request.user, **form.texts())
        material_attach(form, self.process, self.request.user)


class AmendView(TaskView):
    form_class = forms.AmendForm
    intro = "请按合法性审核的修改意见修改草案（可直接修改正文，或上传修改后的 Word 文件），并说明修改情况。"
    success_message = "修改稿已提交，重新送合法性审核。"
    reads_draft = True

    def form_extra_kwargs(self):
        return {"preparsed": getattr(self.request, "preparsed_draft", None)}

    def get_initial(self):
        return {"title": self.process.document.title, "text": self.process.document.text}

    def extra_context_data(self):
        return {"last_review": selectors.latest_review(self.process)}

    def perform(self, form):
        data = form.cleaned_data
        services.draft_amend(
            process=self.process,
            actor=self.request.user,
            title=data["title"].strip(),
            text=data["text"],
            note=data["note"],
            structure=data["structure"],
        )


class CompleteProcedureView(TaskView):
    form_class = forms.CompleteProcedureForm
    intro = "合法性审核认为程序不完备，草案将按此重新履行征求意见、专家论证等程序。"
    success_message = "已补正程序设置，重新进入征求意见等程序。"

    def get_initial(self):
        p = self.process
        return {"secret": p.secret, "secret_reason": p.secret_reason, "comment_days": p.comment_days or 30,
                "comment_short_reason": p.comment_short_reason, "technical": p.technical}  # fmt: skip

    def extra_context_data(self):
        return {"last_review": selectors.latest_review(self.process)}

    def perform(self, form):
        fields = {k: v for k, v in form.cleaned_data.items() if k != "note"}
        services.procedure_complete(
            process=self.process, actor=self.request.user, fields=fields, note=form.cleaned_data["note"]
        )


class DeliberationView(TaskView):
    form_class = forms.DeliberationForm
    intro = "记录集体审议的会议、日期、决定和不同意见。"
    success_message = "审议结果已记录。"

    def extra_context_data(self):
        return {"last_review": selectors.latest_review(self.process)}

    def form_extra_kwargs(self):
        return {"document": self.process.document}

    def perform(self, form):
        services.deliberation_record(process=self.process, actor=self.request.user, **form.cleaned_data)


class PublishView(TaskView):
    form_class = forms.PublishForm
    intro = "三统一：统一登记、统一编号、统一公布。公布后文件以“有效”进入登记簿和检索，并在公报页面公开。"
    success_message = "已统一登记编号并公布。"

    def form_extra_kwargs(self):
        document = self.process.document
        issue = gazette_issue_suggested(document.issuer_unit, timezone.localdate().year)
        return {"document": document, "gazette_issue": issue}

    def perform(self, form):
        services.review_publish(process=self.process, actor=self.request.user, **form.cleaned_data)


class FilingTaskView(TaskView):
    """A filing task: the filing's particulars and package above the form. The branch tasks are about one
    filing (one filing body); 报送备案 is about all of them."""

    template_name = "review/task_filing.html"

    @property
    def filing(self) -> Filing:
        filing = branches.task_filing(self.activation.task)
        if filing is None:
            raise Http404("没有这项备案。")
        return filing

    def extra_context_data(self) -> dict:
        return {"filings": [self.filing]}


class FilingSubmitView(FilingTaskView):
    form_class = forms.FilingSubmitForm
    intro = "公布之日起 30 日内向各备案机关报送备案：备案报告、正式文本、起草说明（附合法性审核意见）。"
    success_message = "已报送备案。"

    def extra_context_data(self) -> dict:
        return {"filings": list(self.process.filings.all())}

    def form_extra_kwargs(self):
        return {"external": list(self.process.filings.filter(external=True))}

    def get_initial(self):
        return {"report": docx_out.filing_report_text(self.process)}

    def perform(self, form):
        filing_review.filings_submit(
            process=self.process, actor=self.request.user, report=form.cleaned_data["report"],
            references=form.references(),
        )  # fmt: skip


class FilingRegisterView(FilingTaskView):
    form_class = forms.FilingRegisterForm
    intro = "审查备案材料是否齐全、是否属于本机关备案范围：登记、暂缓登记（限期补正）或不予登记。"
    success_message = "登记结果已记录。"

    def perform(self, form):
        filing_review.filing_register(filing=self.filing, actor=self.request.user, **form.cleaned_data)


class FilingCorrectView(FilingTaskView):
    form_class = forms.FilingCorrectForm
    intro = "备案被暂缓登记，请在补正期限内补正后重新报送。"
    success_message = "补正材料已报送。"

    def perform(self, form):
        filing_review.filing_correct(filing=self.filing, actor=self.request.user, note=form.cleaned_data["note"])
        material_attach(form, self.process, self.request.user)


class FilingReviewView(FilingTaskView):
    form_class = forms.FilingReviewForm
    intro = (
        "审查制定权限、与上位法是否抵触、与同级文件是否一致、是否适当、程序是否合法；自登记之日起 2 个月内完成，"
        "情况复杂的可说明理由延长。建议自行纠正的，出具书面审查意见。"
    )
    success_message = "审查结果已记录在文件上。"

    def extra_context_data(self) -> dict:
        return {**super().extra_context_data(), "extend_form": forms.FilingExtendForm()}

    def perform(self, form):
        filing_review.filing_review_conclude(filing=self.filing, actor=self.request.user, **form.cleaned_data)


class FilingAnswerView(FilingTaskView):
    """请予说明: the drafting unit's written explanation."""

    form_class = forms.FilingAnswerForm
    success_message = "书面说明已报送。"

    @property
    def intro(self) -> str:
        return f"{self.filing.body_name}（备案审查机关）要求说明：{self.filing.outcome_note}"

    def perform(self, form):
        filing_review.filing_explain(filing=self.filing, actor=self.request.user, text=form.cleaned_data["text"])


class ReportBackView(FilingTaskView):
    """The issuer's report on the 审查意见 within 30 days: a new version, a repeal, or why not."""

    form_class = forms.ReportBackForm
    success_message = "纠正情况报告已报送。"

    @property
    def intro(self) -> str:
        filing = self.filing
        return (
            f"{filing.body_name}审查意见（{filing.opinion_number}）：{filing.outcome_note} 请于 "
            f"{cn_date(filing.report_back_due)}前报告纠正情况：修改的，先按审核流程起草修改后的新版本并在此选定；"
            "废止的，写明废止决定。"
        )

    def form_extra_kwargs(self):
        return {"candidates": filing_review.correction_candidates(self.filing)}

    def perform(self, form):
        data = form.cleaned_data
        filing_review.filing_report_back(filing=self.filing, actor=self.request.user, action=data["action"],
                                         text=data["text"], correction=data["correction"])  # fmt: skip


class ReportAssessView(FilingTaskView):
    form_class = forms.ReportAssessForm
    intro = "审核制定机关报告的纠正情况：认可的，审查结束；不认可的，向有权机关提出书面处理意见，由其决定改变或者撤销。"
    success_message = "已记录。"

    def perform(self, form):
        filing_review.filing_report_assess(filing=self.filing, actor=self.request.user, **form.cleaned_data)


class AuthorityDecisionView(FilingTaskView):
    """The competent authority decides on the filing body's 处理意见; only its decision revokes."""

    form_class = forms.AuthorityDecisionForm
    success_message = "决定已记录在文件上。"

    @property
    def intro(self) -> str:
        filing = self.filing
        return (
            f"{filing.body_name}的备案审查机构提出处理意见（{filing.disposal_number}）：{filing.disposal_opinion} "
            "请作出决定（立法法第一百零八条）：撤销的，文件时效性为“已撤销”。"
        )

    def perform(self, form):
        filing_review.authority_decide(filing=self.filing, actor=self.request.user, **form.cleaned_data)


# ---------------------------------------------------------------- taking a task


@login_required
@require_POST
def task_take(request, pk: int):
    """Take a queued task. Under the process lock: of two people taking it at once, one gets it and
    the other is told who has it."""
    flow = review_flow()
    task = get_object_or_404(Task, pk=pk, process__flow_class=flow)
    get_object_or_404(selectors.processes_visible_to(request.user), pk=task.process_id)
    try:
        with task.activation() as activation:
            if task.owner_id == request.user.pk and task.status == STATUS.ASSIGNED:
                return redirect(task.flow_task.reverse("execute", args=[task.process_id, task.pk]))  # already yours
            if task.owner_id and task.owner_id != request.user.pk:
                messages.error(request, f"该任务已由 {task.owner.get_full_name() or task.owner.username} 领取。")
                return redirect("review:workbench")
            if not activation.assign.can_proceed():
                messages.error(request, "该任务已处理或已关闭。")
                return redirect("review:workbench")
            if not task.flow_task.can_assign(request.user, task) or not access.may_act(request.user, task):
                raise PermissionDenied("您没有办理该任务的权限。")
            activation.assign(request.user)
            services.task_taken(task=task, actor=request.user)
    except FlowLockFailed:
        messages.error(request, "该流程正被他人处理，请稍后再试。")
        return redirect("review:workbench")
    messages.success(request, f"已领取任务：{task.flow_task.task_title}")
    return redirect(task.flow_task.reverse("execute", args=[task.process_id, task.pk]))
